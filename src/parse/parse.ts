import matter from 'gray-matter';
import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import type { VFile } from 'vfile';
import { report } from '../diagnostics/report.js';
import { checkTextLimits, checkTreeLimits, LIMITS } from './limits.js';
import { isScalar, visit } from 'yaml';
import type { YamlSource } from '../model/types.js';
import { lineAndColumn, lineIndexOf, lineStartsOf, parseYaml, pointAt as yamlPoint } from './yaml-source.js';

declare module 'vfile' {
  interface DataMap {
    /** The parsed front matter (raw until validated). */
    frontMatter: Record<string, unknown>;
    /** The front matter's YAML, for positions. */
    yaml: YamlSource;
    /** The Markdown body (the front matter node removed). */
    tree: Root;
  }
}

/** The Markdown parser every note goes through: CommonMark + GFM, with YAML front matter as a node. */
export type MarkdownParser = Processor<Root>;

/** Build the Markdown parser once per run. */
export function createParser(): MarkdownParser {
  return unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm) as unknown as MarkdownParser;
}

/** Decode a file's bytes as UTF-8 text; report and return undefined when it is not text. */
export function decode(file: VFile): string | undefined {
  const value = file.value;
  let text: string;
  if (typeof value === 'string') {
    text = value;
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(value);
    } catch {
      report(file, 'file-encoding', 'This file is not UTF-8 text: save it as UTF-8.');
      return undefined;
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const nul = text.indexOf('\u0000');
  if (nul !== -1) {
    const line = text.slice(0, nul).split('\n').length;
    report(file, 'file-encoding', 'This file contains a NUL character, which text never does: remove it.', { line, column: 1 });
    return undefined;
  }
  file.value = text;
  checkControls(file, text);
  return text;
}

/**
 * Control characters no page can show and a terminal would obey: C0 but tab and line endings,
 * DEL and C1; and the two bidirectional overrides, which reverse how the text after them reads
 * (text never needs them: the isolates U+2066–U+2069 and the page's direction do that work).
 * NUL is refused with the encoding; these are reported where they stand.
 */
export const CONTROL = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202D\u202E]/g;

/** Whether `text` holds a character of {@link CONTROL}. */
function hasControl(text: string): boolean {
  return text.search(CONTROL) !== -1;
}

/** Controls reported one by one in a file; the rest are counted in one more message. */
const CONTROLS_REPORTED = 20;

/** What a control character is called in messages, for those an author may meet. */
const CONTROL_NAMES: Record<string, string> = {
  '\u0008': 'backspace',
  '\u000B': 'a line break pasted from Word',
  '\u000C': 'a page break',
  '\u001B': 'escape',
  '\u007F': 'delete',
  '\u0085': 'next line',
  '\u202D': 'left-to-right override',
  '\u202E': 'right-to-left override',
};

/** `U+001B (escape, …)`: a control character as messages name it. */
export function describeControl(c: string): string {
  const code = `U+${(c.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;
  const name = CONTROL_NAMES[c];
  return name ? `${code} (${name})` : code;
}

/**
 * Report every control character written in a file (its front matter or body) at its line and
 * column, and record the fix `notes validate --fix` makes: a pasted line break or page break
 * becomes a space, anything else is removed.
 */
function checkControls(file: VFile, text: string): void {
  if (!hasControl(text)) return;
  const starts = lineStartsOf(text);
  // validate --fix rewrites notes only, not collection.yaml.
  const fixable = file.path.endsWith('.md');
  const fixes: { index: number; expected: string }[] = [];
  for (const match of text.matchAll(CONTROL)) {
    const c = match[0];
    const spaced = c === '\u000B' || c === '\u000C' || c === '\u0085';
    fixes.push({ index: match.index, expected: spaced ? ' ' : '' });
    if (fixes.length <= CONTROLS_REPORTED) {
      const hint = fixable ? ` (notes validate --fix ${spaced ? 'puts a space' : 'removes it'})` : '';
      report(file, 'text-control', `This text contains the control character ${describeControl(c)}, which no page can show: ${spaced ? 'write a space or start a new line' : 'remove it'}${hint}.`, pointAt(starts, match.index));
    }
  }
  if (fixes.length > CONTROLS_REPORTED) {
    const next = fixes[CONTROLS_REPORTED] as { index: number };
    report(file, 'text-control', `${fixes.length - CONTROLS_REPORTED} more control characters follow in this file: ${fixable ? 'notes validate --fix removes them all' : 'remove them'}.`, pointAt(starts, next.index));
  }
  if (fixable) file.data.fixes = [...(file.data.fixes ?? []), ...fixes];
}

/** A control character in a YAML value (a line break is text there; a carriage return is not). */
const YAML_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202D\u202E]/;
/** A YAML escape in a double-quoted scalar. */
const YAML_ESCAPE = /\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g;
const YAML_ESCAPES: Record<string, string> = { '0': '\u0000', a: '\u0007', b: '\b', e: '\u001B', f: '\f', v: '\u000B', r: '\r', N: '\u0085' };

/**
 * Report the YAML values that hold a control character written as an escape (`"A\0B"`, `"\e[2J"`),
 * at the escape: the characters written as they are were reported with the file's text.
 */
function checkYamlControls(file: VFile, source: YamlSource): void {
  const text = String(file.value);
  visit(source.doc, {
    Scalar(_, node) {
      if (typeof node.value !== 'string' || !YAML_CONTROL.test(node.value) || !node.range) return;
      const written = text.slice(source.offset + node.range[0], source.offset + node.range[1]);
      if (hasControl(written)) return;
      for (const match of written.matchAll(YAML_ESCAPE)) {
        const escape = match[0];
        const c = escape.length > 2 ? String.fromCodePoint(Number.parseInt(escape.slice(2), 16)) : YAML_ESCAPES[escape.slice(1)];
        if (c === undefined || !YAML_CONTROL.test(c)) continue;
        const start = yamlPoint(source, node.range[0] + match.index);
        const end = yamlPoint(source, node.range[0] + match.index + escape.length);
        report(file, 'text-control', `The escape ${escape} writes the control character ${describeControl(c)}, which no page can show: remove it.`, { start, end });
        return;
      }
      // A carriage return written in the file ends a line (in Markdown; yaml keeps a lone one).
      const c = YAML_CONTROL.exec(node.value.replace(/\r/g, ''))?.[0];
      if (c !== undefined) report(file, 'text-control', `This value contains the control character ${describeControl(c)}, which no page can show: remove it.`, yamlPoint(source, node.range[0]));
    },
  });
}

/** The line and column of a character offset, lines counted as Markdown counts them. */
const pointAt = lineAndColumn;

/** A remembered note's text, as {@link decode} leaves it, without checking again (its messages are remembered). */
export function decodeLoosely(file: VFile): void {
  let text = typeof file.value === 'string' ? file.value : new TextDecoder('utf-8').decode(file.value);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  file.value = text;
}

/**
 * Parse a note's body again, for a note the memo restored without its tree (to render it).
 * The note parsed cleanly before, so this only rebuilds the tree.
 */
export function reparseBody(file: VFile, parser: MarkdownParser): Root {
  const tree = parser.parse(file);
  if (tree.children[0]?.type === 'yaml') tree.children.shift();
  return tree;
}

/**
 * Parse a note: check its front-matter fence, parse the whole file as Markdown (so body positions
 * are file positions), and read the front matter as YAML only. Never evaluates anything.
 */
export function parseNote(file: VFile, parser: MarkdownParser): void {
  const text = decode(file);
  if (text === undefined || !checkTextLimits(file, text)) return;
  if (!matter.test(text)) {
    report(file, 'front-matter-missing', 'A note must start with front matter: a line `---`, YAML fields, and another `---`.', { line: 1, column: 1 });
    return;
  }
  const firstLine = /^[^\r\n]*/.exec(text)?.[0] ?? '';
  const language = matter.language(text).name;
  if (language !== '' || firstLine.trimEnd() !== '---') {
    report(
      file,
      'front-matter-language',
      `Front matter must open with a line of exactly \`---\` and be YAML; found \`${firstLine.slice(0, 40)}\`. It was not read, and code in it is never run.`,
      { start: { line: 1, column: 1 }, end: { line: 1, column: firstLine.length + 1 } },
    );
    return;
  }
  let tree: Root;
  try {
    tree = parser.parse(file);
  } catch (error) {
    // The limits are checked first, so this is a last resort (a parser's stack overflow).
    if (!(error instanceof RangeError)) throw error;
    report(file, 'limit-exceeded', `This note nests too deeply to be read (${error.message}); the limit is ${LIMITS.nesting} levels of lists and block quotes.`, { line: 1, column: 1 });
    return;
  }
  if (!checkTreeLimits(file, tree)) return;
  const head = tree.children[0];
  if (head?.type !== 'yaml' || !head.position) {
    report(file, 'front-matter-unclosed', 'The front matter opened on line 1 is never closed: add a line `---` after the last field.', { line: 1, column: 1 });
    return;
  }
  tree.children.shift();
  file.data.tree = tree;
  // The YAML starts on the line after the opening fence.
  const parsed = parseYaml(file, head.value, head.position.start.line, /^[^\r\n]*(\r\n|\r|\n)/.exec(text)?.[0].length ?? 0);
  if (!parsed) return;
  checkYamlControls(file, parsed.source);
  file.data.yaml = parsed.source;
  if (!isPlainObject(parsed.data)) {
    report(file, 'yaml-not-mapping', 'The front matter must be a list of `key: value` fields.', { line: head.position.start.line + 1, column: 1 });
    return;
  }
  file.data.frontMatter = parsed.data;
}

/** Parse collection.yaml into `file.data.frontMatter`. */
export function parseCollection(file: VFile): void {
  const text = decode(file);
  if (text === undefined || !checkTextLimits(file, text, 'yaml')) return;
  const parsed = parseYaml(file, text, 0);
  if (!parsed) return;
  checkYamlControls(file, parsed.source);
  file.data.yaml = parsed.source;
  if (!isPlainObject(parsed.data)) {
    report(file, 'yaml-not-mapping', 'collection.yaml must be a list of `key: value` fields.', { line: 1, column: 1 });
    return;
  }
  file.data.frontMatter = parsed.data;
}

/** Whether a value is a plain `{}` object (not null, an array or a scalar). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
