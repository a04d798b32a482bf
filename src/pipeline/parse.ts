import matter from 'gray-matter';
import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import type { VFile } from 'vfile';
import { report } from '../diagnostics/report.js';
import { checkTextLimits, checkTreeLimits, LIMITS } from './limits.js';
import { parseYaml } from './yaml-source.js';

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
  return text;
}

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
  if (text === undefined || !checkTextLimits(file, text)) return;
  const parsed = parseYaml(file, text, 0);
  if (!parsed) return;
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
