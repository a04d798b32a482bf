import { XMLParser } from 'fast-xml-parser';
import type { Segment } from './segments.js';

/** One unit of an XLIFF file: a segment, its source, and its translation if any. */
export interface XliffUnit {
  id: string;
  source: string;
  target?: string;
  /** XLIFF 1.2 target state: new, needs-translation, needs-review-translation, translated, signed-off. */
  state?: string;
  /** False for facts shown for context only (`translate="no"`). */
  translate: boolean;
  note?: string;
  /** For a stale unit: the source as it was when translated (written as an alt-trans). */
  previousSource?: string;
  /** Where the unit starts in the file read (1-based line), when known. */
  line?: number;
}

/** An XLIFF 1.2 document for one note and one language. */
export interface XliffFile {
  original: string;
  sourceLanguage: string;
  targetLanguage: string;
  units: XliffUnit[];
}

/**
 * The largest XLIFF file `translate import` reads: 8 MB. The XLIFF of the largest sample note
 * (13 KB) is 26 KB; a note at the 256 KB limit, with its translation, the previous source and
 * every character escaped to `&quot;`, stays under 7 MB. Parsing is synchronous (about 0.15 s
 * per MB), so the limit also keeps the command stoppable: a 100 MB file held it for over 15 s.
 */
export const XLIFF_LIMIT_BYTES = 8 << 20;

/**
 * Characters XML 1.0 cannot carry, even as `&#…;`: C0 controls but tab, LF and CR (Word's manual
 * line break U+000B among them), U+FFFE, U+FFFF and lone surrogates.
 */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Whether one character (code point) is one XML 1.0 cannot carry. */
function notXml(char: string): boolean {
  return new RegExp(`^(?:${NOT_XML.source})$`).test(char);
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An attribute or a `<note>`, where no markup can stand for a character: U+FFFD in its place. */
function escapeAttribute(text: string): string {
  return escape(text.replace(NOT_XML, '\uFFFD'));
}

/**
 * Text of a `<source>` or `<target>`: escaped, and each character XML cannot carry written as an
 * XLIFF 1.2 placeholder, so the file stays valid and reads back to the same text: U+000B (a
 * manual line break) as `<x ctype="lb"/>`, any other as `<x ctype="x-cp-HHHH"/>`.
 */
function escapeText(text: string): string {
  let n = 0;
  return escape(text).replace(NOT_XML, (c) => {
    n++;
    if (c === '\u000B') return `<x id="lb${n}" ctype="lb"/>`;
    return `<x id="cp${n}" ctype="x-cp-${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}"/>`;
  });
}

/** Write XLIFF 1.2: one trans-unit per segment, facts as `translate="no"` units. */
export function writeXliff(file: XliffFile, tool: { name: string; version: string }): string {
  const units = file.units.map((u) => {
    const attrs = [`id="${escapeAttribute(u.id)}"`, `resname="${escapeAttribute(u.id)}"`, 'xml:space="preserve"', ...(u.translate ? [] : ['translate="no"'])];
    const target = u.target === undefined ? '' : `\n        <target${u.state ? ` state="${escapeAttribute(u.state)}"` : ''}>${escapeText(u.target)}</target>`;
    const note = u.note ? `\n        <note>${escapeAttribute(u.note)}</note>` : '';
    const previous =
      u.previousSource === undefined
        ? ''
        : `\n        <alt-trans origin="previous-source">\n          <source>${escapeText(u.previousSource)}</source>${u.target === undefined ? '' : `\n          <target>${escapeText(u.target)}</target>`}\n        </alt-trans>`;
    return `      <trans-unit ${attrs.join(' ')}>\n        <source>${escapeText(u.source)}</source>${target}${note}${previous}\n      </trans-unit>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">',
    `  <file original="${escapeAttribute(file.original)}" source-language="${escapeAttribute(file.sourceLanguage)}" target-language="${escapeAttribute(file.targetLanguage)}" datatype="x-markdown">`,
    `    <header><tool tool-id="${escapeAttribute(tool.name)}" tool-name="${escapeAttribute(tool.name)}" tool-version="${escapeAttribute(tool.version)}"/></header>`,
    '    <body>',
    ...units,
    '    </body>',
    '  </file>',
    '</xliff>',
    '',
  ].join('\n');
}

/**
 * Read an XLIFF 1.2 file written by {@link writeXliff} or by a CAT tool; throws on what it cannot
 * read. Several `<file>` elements are read as one when they name the same note and language
 * (their units together, so a unit repeated across them is found); otherwise the file is refused.
 */
export function readXliff(text: string): XliffFile {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    trimValues: false,
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: true,
    isArray: (name) => name === 'trans-unit' || name === 'file',
    // Inline markup a CAT tool may add (<g>, <x/>, <mrk>) is read as text, not structure.
    stopNodes: ['*.source', '*.target', '*.note'],
  });
  const doc = parser.parse(text) as { xliff?: { version?: string; file?: Record<string, unknown>[] } };
  if (!doc.xliff) throw new Error('this is not an XLIFF file (no <xliff>)');
  if (doc.xliff.version !== '1.2') throw new Error(`XLIFF version ${String(doc.xliff.version)} is not supported; export XLIFF 1.2`);
  const files = (doc.xliff.file ?? []).filter((f) => f && typeof f === 'object');
  const first = files[0];
  if (!first) throw new Error('this XLIFF file has no <file> element');
  const about = (file: Record<string, unknown>): string => `${String(file['original'] ?? '')} in ${String(file['target-language'] ?? '')}`;
  const others = [...new Set(files.map(about))];
  if (others.length > 1) throw new Error(`this XLIFF file holds ${files.length} <file> elements for different notes or languages (${others.join(', ')}): import one note and language per file`);
  const text$ = (value: unknown): string | undefined => {
    if (value === undefined) return undefined;
    if (typeof value === 'string') return decode(value);
    const node = value as Record<string, unknown>;
    return typeof node['#text'] === 'string' ? decode(node['#text']) : '';
  };
  const units = files.flatMap((file) =>
    (((file['body'] ?? {}) as { 'trans-unit'?: Record<string, unknown>[] })['trans-unit'] ?? []).map((u): XliffUnit => {
      const target = u['target'];
      const unit: XliffUnit = { id: String(u['id'] ?? ''), source: text$(u['source']) ?? '', translate: u['translate'] !== 'no' };
      const targetText = text$(target);
      if (targetText !== undefined) unit.target = targetText;
      if (target && typeof target === 'object' && typeof (target as Record<string, unknown>)['state'] === 'string') unit.state = (target as Record<string, string>)['state'];
      return unit;
    }),
  );
  // The parser keeps no places: the n-th `<trans-unit` of the text is the n-th unit, when they tally.
  const starts = [...text.matchAll(/<trans-unit[\s>]/g)].map((m) => m.index);
  if (starts.length === units.length) {
    let line = 1;
    let at = 0;
    units.forEach((unit, i) => {
      const start = starts[i] as number;
      for (; at < start; at++) if (text.charCodeAt(at) === 10) line++;
      unit.line = line;
    });
  }
  return {
    original: String(first['original'] ?? ''),
    sourceLanguage: String(first['source-language'] ?? ''),
    targetLanguage: String(first['target-language'] ?? ''),
    units,
  };
}

/** A reason the whole file is refused, with the unit it concerns (by id, and its lines). */
export interface FileProblem {
  id: string;
  lines: number[];
  reason: string;
}

/**
 * What makes a whole XLIFF file unfit to import into a note with these segments: a unit id that
 * appears more than once (which translation would be the right one?), a unit that is not one of
 * the note's segments, or a fact offered as a translation. Checked before anything is written:
 * such a file is refused whole, never half-imported.
 */
export function fileProblems(xliff: XliffFile, segments: readonly Segment[]): FileProblem[] {
  const problems: FileProblem[] = [];
  const keys = new Set(segments.map((s) => s.key));
  const seen = new Map<string, XliffUnit[]>();
  for (const unit of xliff.units) {
    const same = seen.get(unit.id);
    if (same) same.push(unit);
    else seen.set(unit.id, [unit]);
  }
  const linesOf = (units: readonly XliffUnit[]): number[] => units.flatMap((u) => (u.line === undefined ? [] : [u.line]));
  for (const [id, units] of seen) {
    if (units.length > 1) problems.push({ id, lines: linesOf(units), reason: `appears ${units.length} times: each segment is one unit, so the file cannot say which translation is meant` });
  }
  for (const [id, units] of seen) {
    const translated = units.filter((u) => u.translate);
    if (translated.length === 0) continue;
    if (id.startsWith('fact.')) problems.push({ id, lines: linesOf(translated), reason: 'is a fact of the source note (translate="no"): facts are never translated' });
    else if (!keys.has(id)) problems.push({ id, lines: linesOf(translated), reason: 'is not a segment of the source note (was the file made from another note, or another version of it?)' });
  }
  return problems;
}

/**
 * Stop nodes keep markup and entities as written: read the placeholders {@link escapeText}
 * writes back into their characters, then decode the five XML entities and numeric references.
 */
function decode(text: string): string {
  return text
    .replace(/<x\s[^>]*?\/>/g, (tag) => {
      const ctype = /\sctype="([^"]*)"/.exec(tag)?.[1];
      if (ctype === 'lb') return '\u000B';
      const hex = /^x-cp-([0-9A-Fa-f]{4,6})$/.exec(ctype ?? '')?.[1];
      const char = hex === undefined ? undefined : codePoint(parseInt(hex, 16));
      // Only a character XML cannot carry is written so; any other <x/> is a CAT tool's, kept as text.
      return char !== undefined && notXml(char) ? char : tag;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (whole, n: string) => codePoint(Number(n)) ?? whole)
    .replace(/&#x([0-9a-f]+);/gi, (whole, n: string) => codePoint(parseInt(n, 16)) ?? whole)
    .replace(/&amp;/g, '&');
}

/** The character of a code point, or undefined for a number that is none (or NUL, which no XML has). */
function codePoint(n: number): string | undefined {
  return Number.isInteger(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : undefined;
}

/** The Markdown a translation must keep: footnote labels, links' targets, code, HTML tags, emphasis. */
function placeholders(markdown: string): string[] {
  const found = [
    ...[...markdown.matchAll(/\[\^[^\]]+\]/g)].map((m) => m[0]),
    ...[...markdown.matchAll(/\]\(([^)\s]+)/g)].map((m) => `](${m[1] ?? ''}`),
    ...[...markdown.matchAll(/<https?:[^>]+>/g)].map((m) => m[0]),
    ...[...markdown.matchAll(/`[^`]+`/g)].map((m) => m[0]),
    ...[...markdown.matchAll(/<\/?[a-zA-Z][^>]*>/g)].map((m) => m[0].replace(/\s.*$/, '>')),
    ...[...markdown.matchAll(/^(#{1,6}|\s*[-*+]|\s*\d+[.)])\s/gm)].map((m) => (m[1] ?? '').trim().replace(/\d+/, 'N')),
  ];
  const strong = (markdown.match(/\*\*/g) ?? []).length;
  if (strong > 0) found.push(`** ×${strong}`);
  return found.sort();
}

/** Why a translated unit cannot be imported (placeholders or structure differ), or undefined. */
export function checkUnit(source: string, target: string, isBody: boolean): string | undefined {
  if (target.trim() === '') return 'the translation is empty';
  if (!isBody) return target.includes('\n') ? 'a field is one line: the translation has line breaks' : undefined;
  const want = placeholders(source);
  const got = placeholders(target);
  const missing = want.filter((p) => !got.includes(p));
  const extra = got.filter((p) => !want.includes(p));
  if (missing.length > 0 || extra.length > 0) {
    return `its Markdown does not match the source's (${[...missing.map((m) => `missing ${m}`), ...extra.map((e) => `unexpected ${e}`)].join(', ')})`;
  }
  return undefined;
}

/** Units for the source segments, with the edition's text as targets where it has them. */
export function unitsFor(
  segments: readonly Segment[],
  targets: ReadonlyMap<string, string>,
  options: { stale: ReadonlySet<string>; status?: string; previous?: Readonly<Record<string, string>> },
): XliffUnit[] {
  return segments.map((s) => {
    const unit: XliffUnit = { id: s.key, source: s.text, translate: true, note: s.where };
    const target = targets.get(s.key);
    if (target !== undefined) {
      unit.target = target;
      unit.state = options.stale.has(s.key)
        ? 'needs-review-translation'
        : target === s.text
          ? 'needs-translation'
          : options.status === 'reviewed'
            ? 'signed-off'
            : 'translated';
      if (options.stale.has(s.key)) {
        unit.note = `${s.where} — the source changed since this was translated: review the translation`;
        const previous = options.previous?.[s.key];
        if (previous !== undefined && previous !== s.text) unit.previousSource = previous;
      }
    }
    return unit;
  });
}
