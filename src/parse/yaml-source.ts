import type { Point, Position } from 'unist';
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit, type Node as YamlNode } from 'yaml';
import type { VFile } from 'vfile';
import { report } from '../diagnostics/report.js';
import type { YamlSource } from '../model/types.js';
import { LIMITS } from './limits.js';

/** Limits that keep hostile YAML cheap to read. */
const MAX_YAML_BYTES = 1_000_000;

/**
 * Parse YAML text that starts `lineOffset` lines into `file`. Reports syntax errors, aliases and
 * merge keys (a note never needs them; they are how alias bombs and prototype tricks work) and
 * returns the plain data and the document, or undefined when the YAML is unusable.
 */
export function parseYaml(
  file: VFile,
  text: string,
  lineOffset: number,
  offset = 0,
): { data: unknown; source: YamlSource } | undefined {
  if (text.length > MAX_YAML_BYTES) {
    report(file, 'limit-exceeded', `The YAML block is ${text.length} characters long; the limit is ${MAX_YAML_BYTES}.`, { line: lineOffset + 1, column: 1 });
    return undefined;
  }
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, merge: false, strict: true });
  const source: YamlSource = { doc, lineStarts: lineStartsOf(text), lineOffset, offset };
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      if (/call stack/i.test(error.message)) {
        report(file, 'limit-exceeded', `The YAML nests too deeply to be read; the limit is ${LIMITS.nesting} levels.`, pointAt(source, error.pos[0]));
        continue;
      }
      const at = error.code === 'MISSING_CHAR' ? unclosedQuote(text) ?? error.pos[0] : error.pos[0];
      report(file, 'yaml-syntax', yamlErrorText(error.message, error.code, text, at), pointAt(source, at));
    }
    return undefined;
  }
  const deep = tooDeep(doc.contents);
  if (deep) {
    report(file, 'limit-exceeded', `The YAML nests more than ${LIMITS.nesting} levels deep here; the limit keeps notes quick to read.`, rangeOf(source, deep));
    return undefined;
  }
  let aliased = false;
  visit(doc, {
    Alias(_, node) {
      aliased = true;
      report(file, 'yaml-alias', `The alias *${node.source} is not allowed: write the value out in full.`, rangeOf(source, node));
      return visit.BREAK;
    },
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === '<<') {
        aliased = true;
        report(file, 'yaml-alias', 'The merge key << is not allowed: write the keys out in full.', rangeOf(source, pair.key));
        return visit.BREAK;
      }
      return undefined;
    },
    Node(_, node) {
      if (isScalar(node) || isMap(node) || isSeq(node)) {
        if (node.anchor) {
          aliased = true;
          report(file, 'yaml-alias', `The anchor &${node.anchor} is not allowed: write each value out in full.`, rangeOf(source, node));
          return visit.BREAK;
        }
      }
      return undefined;
    },
  });
  if (aliased) return undefined;
  return { data: doc.toJS({ maxAliasCount: 0 }) as unknown, source };
}

/** The first node nested deeper than the limit, found without recursion. */
function tooDeep(root: YamlNode | null): YamlNode | undefined {
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as (typeof stack)[number];
    if (isMap(node) || isSeq(node)) {
      if (depth > LIMITS.nesting) return node;
      for (const item of node.items) {
        if (isPair(item)) stack.push({ node: item.key, depth: depth + 1 }, { node: item.value, depth: depth + 1 });
        else stack.push({ node: item, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

/**
 * Where each line of `text` starts. Counted from the text itself, as Markdown counts lines
 * (\n, \r\n and \r each end one), not by yaml's LineCounter, which misses lines inside a
 * scalar it could not parse and knows no \r.
 */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (const match of text.matchAll(/\r\n|\r|\n/g)) starts.push(match.index + match[0].length);
  return starts;
}

/** The 0-based line holding character `offset`, given where each line starts (a binary search). */
export function lineIndexOf(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] as number) <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The line and column (from 1) of a character offset into a text whose line starts are `starts`. */
export function lineAndColumn(starts: readonly number[], offset: number): { line: number; column: number } {
  const low = lineIndexOf(starts, offset);
  return { line: low + 1, column: offset - (starts[low] as number) + 1 };
}

/** The file position of a character offset into the YAML text. */
export function pointAt(source: YamlSource, offset: number): Point {
  const { line, column } = lineAndColumn(source.lineStarts, offset);
  return { line: line + source.lineOffset, column, offset: offset + source.offset };
}

/** The file span of a YAML node. */
export function rangeOf(source: YamlSource, node: YamlNode | undefined | null): Position | undefined {
  const range = node?.range;
  if (!range) return undefined;
  return { start: pointAt(source, range[0]), end: pointAt(source, range[1]) };
}

/**
 * The span in the file of the value at `path` (ajv's instancePath split into keys), or of its key
 * when `key` is true. Walks up to the nearest existing ancestor when the path does not exist.
 */
export function placeOf(source: YamlSource, path: readonly (string | number)[], key = false): Position | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const here = path.slice(0, depth);
    if (key && depth === path.length && depth > 0) {
      const parent = here.length > 1 ? source.doc.getIn(here.slice(0, -1), true) : source.doc.contents;
      const last = here[here.length - 1];
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(last));
        if (pair && isScalar(pair.key)) return rangeOf(source, pair.key);
      }
      continue;
    }
    const node = depth === 0 ? source.doc.contents : source.doc.getIn(here, true);
    if (node && typeof node === 'object' && !isAlias(node)) {
      const range = rangeOf(source, node as YamlNode);
      if (range) return range;
    }
  }
  return undefined;
}

/** What the common YAML mistakes mean, in words an author can act on. */
const YAML_HINTS: Record<string, string> = {
  BLOCK_AS_IMPLICIT_KEY: 'a value that contains ": " must be put in quotes, and every quote closed',
  MISSING_CHAR: 'a quote or bracket opened here is never closed',
  BAD_INDENT: 'the indentation is off: indent nested fields by two spaces, list items under their field',
  TAB_AS_INDENT: 'YAML indents with spaces, not tabs',
  MULTILINE_IMPLICIT_KEY: 'a field name runs over two lines: put quotes around a value that contains a colon',
  UNEXPECTED_TOKEN: 'something here is not YAML: put quotes around a value that starts with a special character',
};

function yamlErrorText(message: string, code: string, text: string, offset: number): string {
  const first = message.split('\n')[0] ?? message;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const field = /^\s*(?:-\s+)?([\w-]+):/.exec(text.slice(lineStart, text.indexOf('\n', offset) === -1 ? undefined : text.indexOf('\n', offset)))?.[1];
  if (code === 'DUPLICATE_KEY') {
    const key = /^[\w-]+/.exec(text.slice(offset))?.[0];
    return `The field \`${key ?? '?'}\` appears twice here: each field may appear only once.`;
  }
  const hint = YAML_HINTS[code];
  const where = field ? ` in \`${field}\`` : '';
  return hint ? `The YAML cannot be read${where}: ${hint} (${first.replace(/\.$/, '')}).` : `The YAML cannot be read${where}: ${first}`;
}

/** The offset of the first quote that is never closed on its line, if any (where MISSING_CHAR began). */
function unclosedQuote(text: string): number | undefined {
  let offset = 0;
  for (const line of text.split('\n')) {
    const value = /^\s*(?:-\s+)?[\w-]+:\s*(["'])/.exec(line) ?? /^\s*-\s+(["'])/.exec(line);
    if (value) {
      const quote = value[1] as string;
      const at = line.indexOf(quote, value.index + value[0].length - 1);
      const rest = line.slice(at + 1).replace(quote === '"' ? /\\./g : /''/g, '');
      if (!rest.includes(quote)) return offset + at;
    }
    offset += line.length + 1;
  }
  return undefined;
}
