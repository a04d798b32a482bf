import Handlebars from 'handlebars';
import { t, type Locale } from './locale.js';

/** The templates `notes` renders with: one per kind, plus layout, note page, combined and index. */
export const TEMPLATE_NAMES = [
  'layout',
  'note',
  'combined',
  'index',
  'concept-note',
  'project-notification',
  'project-summary',
] as const;
/** One of {@link TEMPLATE_NAMES}. */
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** The template sources as read from templates/: `name.hbs` and `partials/name.hbs`. */
export interface TemplateSources {
  templates: Record<TemplateName, string>;
  partials: Record<string, string>;
}

/** Compiled templates: call with a view and the edition's locale. */
export type Templates = Record<TemplateName, (view: object, locale: Locale) => string>;

const HELPERS = ['t', 'heading', 'concat', 'join', 'mailto'] as const;

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
  const compileOptions: CompileOptions = {
    knownHelpers: Object.fromEntries(HELPERS.map((h) => [h, true])),
    knownHelpersOnly: true,
    strict: false,
    preventIndent: true,
  };
  for (const [name, source] of Object.entries(sources.partials)) {
    hbs.registerPartial(name, hbs.compile(source, compileOptions));
  }
  const compiled = {} as Templates;
  for (const name of TEMPLATE_NAMES) {
    const template = hbs.compile(sources.templates[name], compileOptions);
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
