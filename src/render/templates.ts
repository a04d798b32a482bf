import { ISO_DAY } from '../model/dates.js';
import Handlebars from 'handlebars';
import { formatDate, t, type Locale } from './locale.js';

/** The templates of every document: layout, note page, combined document and index; each kind has its own besides (kinds/<kind>/template.hbs). */
export const TEMPLATE_NAMES = ['layout', 'note', 'combined', 'index'] as const;
/** One of {@link TEMPLATE_NAMES}, or a kind's name. */
export type TemplateName = string;

/** The template sources: templates/`name.hbs` and each kind's, by name, and every partial. */
export interface TemplateSources {
  templates: Record<string, string>;
  partials: Record<string, string>;
}

/** A compiled template: call with a view and the edition's locale. */
export type Template = (view: object, locale: Locale) => string;

/** Compiled templates: the documents' and each kind's, by name. */
export type Templates = Record<(typeof TEMPLATE_NAMES)[number], Template> & Record<string, Template>;

const HELPERS = ['t', 'heading', 'concat', 'join', 'mailto', 'formatDate'] as const;

/** How every template is compiled: our helpers only, so a template can call nothing else. */
const compileOptions: CompileOptions = {
  knownHelpers: Object.fromEntries(HELPERS.map((h) => [h, true])),
  knownHelpersOnly: true,
  strict: false,
  preventIndent: true,
};

/** What is wrong with a template's source (a syntax error, an unknown helper), where; or undefined. */
export function templateProblem(source: string): { line: number; column: number; message: string } | undefined {
  try {
    Handlebars.precompile(source, compileOptions);
    return undefined;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    // Handlebars says "Parse error on line 3:" for syntax, and "… - 3:4" (line:column, from 0) for the rest.
    const parse = /Parse error on line (\d+):/.exec(text);
    const at = / - (\d+):(\d+)$/.exec(text.split('\n')[0] ?? '');
    const line = parse ? Number(parse[1]) : at ? Number(at[1]) : 1;
    const column = at ? Number(at[2]) + 1 : 1;
    const message = parse
      ? `the template does not parse: ${text.split('\n').slice(3).join(' ').trim() || text.split('\n')[0]}`
      : /unknown helper (\S+)/.test(text)
        ? `the template calls the helper "${/unknown helper (\S+)/.exec(text)?.[1] ?? ''}", which notes does not have (the helpers are ${HELPERS.join(', ')})`
        : `the template cannot be compiled: ${(text.split('\n')[0] ?? text).replace(/ - \d+:\d+$/, '')}`;
    return { line, column, message };
  }
}

/** The partials a template calls (`{{> name}}`), each with its line and column; dynamic ones are left out. */
export function partialsCalled(source: string): { name: string; line: number; column: number }[] {
  const found: { name: string; line: number; column: number }[] = [];
  const visitor = new Handlebars.Visitor();
  const add = (node: hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement): void => {
    if (node.name.type === 'PathExpression') found.push({ name: (node.name as hbs.AST.PathExpression).original, line: node.loc.start.line, column: node.loc.start.column + 1 });
  };
  const base = visitor as unknown as { PartialStatement: (n: hbs.AST.PartialStatement) => void; PartialBlockStatement: (n: hbs.AST.PartialBlockStatement) => void };
  const statement = base.PartialStatement.bind(visitor);
  const block = base.PartialBlockStatement.bind(visitor);
  base.PartialStatement = (n) => {
    add(n);
    statement(n);
  };
  base.PartialBlockStatement = (n) => {
    add(n);
    block(n);
  };
  visitor.accept(Handlebars.parse(source));
  return found;
}

/**
 * Compile every template once, in an isolated Handlebars environment that knows only our
 * helpers (`knownHelpersOnly`), so a template can call nothing else and values from notes are
 * always escaped data, never template code.
 */
export function compileTemplates(sources: TemplateSources): Templates {
  const hbs = Handlebars.create();
  hbs.registerHelper('t', function (this: unknown, key: string, options: Handlebars.HelperOptions) {
    return t(options.data.locale as Locale, key, options.hash as Record<string, string>);
  });
  hbs.registerHelper('heading', function (this: unknown, level: number, options: Handlebars.HelperOptions) {
    const depth = Math.min(6, Math.max(1, Math.trunc(Number(level)) || 2));
    const attrs = ['class', 'id']
      .filter((name) => typeof options.hash[name] === 'string')
      .map((name) => ` ${name}="${hbs.escapeExpression(options.hash[name] as string)}"`)
      .join('');
    return new hbs.SafeString(`<h${depth}${attrs}>${options.fn(this)}</h${depth}>`);
  });
  // A contact's mailto: link: the part before the @ is percent-encoded, so no address can add a
  // recipient or a header (?cc=, &bcc=, %0A) even if one got past the schema's email format.
  hbs.registerHelper('mailto', (email: unknown) => mailtoHref(String(email)));
  hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).map(String).join(''));
  hbs.registerHelper('join', (items: unknown, options: Handlebars.HelperOptions) =>
    Array.isArray(items) ? items.map(String).join(typeof options.hash['separator'] === 'string' ? options.hash['separator'] : ', ') : '',
  );
  // A date of the front matter in the edition's language (YYYY-MM-DD), or as written when it is a date written as text ("Mid-March 2019").
  hbs.registerHelper('formatDate', (value: unknown, options: Handlebars.HelperOptions) => {
    const text = typeof value === 'string' ? value.trim() : '';
    return ISO_DAY.test(text) ? formatDate((options.data.locale as Locale).lang, text) : text;
  });
  for (const [name, source] of Object.entries(sources.partials)) {
    hbs.registerPartial(name, hbs.compile(source, compileOptions));
  }
  const compiled = {} as Templates;
  for (const [name, source] of Object.entries(sources.templates)) {
    const template = hbs.compile(source, compileOptions);
    compiled[name] = (view, locale) => template(view, { data: { locale } });
  }
  return compiled;
}

/**
 * `mailto:` + the address, every character that RFC 6068 does not allow as it is percent-encoded:
 * one recipient, never a header (`?`, `&`, `=`, `%`, `,`, `;`, spaces and line breaks are encoded).
 */
export function mailtoHref(email: string): string {
  return `mailto:${email.replace(/[^A-Za-z0-9\-._~!$'()*+@]/gu, encodeSafely)}`;
}

/** One character percent-encoded as UTF-8 (a lone surrogate as U+FFFD). */
function encodeSafely(c: string): string {
  try {
    return encodeURIComponent(c);
  } catch {
    return '%EF%BF%BD';
  }
}
