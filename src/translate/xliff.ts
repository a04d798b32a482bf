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
}

/** An XLIFF 1.2 document for one note and one language. */
export interface XliffFile {
  original: string;
  sourceLanguage: string;
  targetLanguage: string;
  units: XliffUnit[];
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Write XLIFF 1.2: one trans-unit per segment, facts as `translate="no"` units. */
export function writeXliff(file: XliffFile, tool: { name: string; version: string }): string {
  const units = file.units.map((u) => {
    const attrs = [`id="${escape(u.id)}"`, `resname="${escape(u.id)}"`, 'xml:space="preserve"', ...(u.translate ? [] : ['translate="no"'])];
    const target = u.target === undefined ? '' : `\n        <target${u.state ? ` state="${u.state}"` : ''}>${escape(u.target)}</target>`;
    const note = u.note ? `\n        <note>${escape(u.note)}</note>` : '';
    const previous =
      u.previousSource === undefined
        ? ''
        : `\n        <alt-trans origin="previous-source">\n          <source>${escape(u.previousSource)}</source>${u.target === undefined ? '' : `\n          <target>${escape(u.target)}</target>`}\n        </alt-trans>`;
    return `      <trans-unit ${attrs.join(' ')}>\n        <source>${escape(u.source)}</source>${target}${note}${previous}\n      </trans-unit>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">',
    `  <file original="${escape(file.original)}" source-language="${escape(file.sourceLanguage)}" target-language="${escape(file.targetLanguage)}" datatype="x-markdown">`,
    `    <header><tool tool-id="${escape(tool.name)}" tool-name="${escape(tool.name)}" tool-version="${escape(tool.version)}"/></header>`,
    '    <body>',
    ...units,
    '    </body>',
    '  </file>',
    '</xliff>',
    '',
  ].join('\n');
}

/** Read an XLIFF 1.2 file written by {@link writeXliff} or by a CAT tool; throws on what it cannot read. */
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
  const file = doc.xliff.file?.[0];
  if (!file || typeof file !== 'object') throw new Error('this XLIFF file has no <file> element');
  const body = (file['body'] ?? {}) as { 'trans-unit'?: Record<string, unknown>[] };
  const text$ = (value: unknown): string | undefined => {
    if (value === undefined) return undefined;
    if (typeof value === 'string') return decode(value);
    const node = value as Record<string, unknown>;
    return typeof node['#text'] === 'string' ? decode(node['#text']) : '';
  };
  const units = (body['trans-unit'] ?? []).map((u): XliffUnit => {
    const target = u['target'];
    const unit: XliffUnit = { id: String(u['id'] ?? ''), source: text$(u['source']) ?? '', translate: u['translate'] !== 'no' };
    const targetText = text$(target);
    if (targetText !== undefined) unit.target = targetText;
    if (target && typeof target === 'object' && typeof (target as Record<string, unknown>)['state'] === 'string') unit.state = (target as Record<string, string>)['state'];
    return unit;
  });
  return {
    original: String(file['original'] ?? ''),
    sourceLanguage: String(file['source-language'] ?? ''),
    targetLanguage: String(file['target-language'] ?? ''),
    units,
  };
}

/** Stop nodes keep entities escaped: decode the five XML ones (and numeric references). */
function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, '&');
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
