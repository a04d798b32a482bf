import type { Definition, FootnoteDefinition, FootnoteReference, Heading, Html, Image, ImageReference, Link, Nodes, Root, Text } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';
import { isScalar, visit as yamlVisit } from 'yaml';
import { describeChar, findApostrophes } from '../translate/apostrophes.js';
import { report } from '../diagnostics/report.js';
import type { NoteData } from '../model/types.js';
import { SESSION_HEADING, sessionHeading, sessionTitleMatches } from '../model/sessions.js';
import { emailProblem, sentences, type RequiredSection } from './schema.js';
import { lineAndColumn, lineIndexOf, lineStartsOf, placeOf, rangeOf } from '../parse/yaml-source.js';
import { resolveLocal } from '../model/links.js';

/** Whether a file exists below the notes folder (a Set, or one that records what was asked). */
export interface FileLookup {
  has(path: string): boolean;
}

/** What body checks need to know beyond the note itself. */
export interface BodyContext {
  /** Every file below the notes folder, `/`-separated and relative to it. */
  files: FileLookup;
  /** The sections the note's kind requires. */
  sections: readonly RequiredSection[];
  /**
   * The note's language (a source note's is its collection's first, an edition's its own): the
   * sections' headings in it count, besides the English ones. When it is not given, an edition's
   * language is used, else the headings of every language count.
   */
  lang?: string;
  /** What a session heading looks like in the note's language (see {@link sessionHeading}); an
   * edition also accepts its source's, for segments not translated yet. */
  sessionPatterns?: readonly RegExp[];
  /** The note is Uzbek in Latin script: check its oʻ, gʻ and tutuq signs. */
  uzbekLatin?: boolean;
  /** The sessions its front matter lists, when its kind has a programme of sessions: each needs its heading. */
  sessions?: readonly { title: string }[];
}


/** The nodes the checks look at, by type, in document order: found in one walk of the tree. */
interface BodyNodes {
  text: Text[];
  footnoteReference: FootnoteReference[];
  footnoteDefinition: FootnoteDefinition[];
  imageReference: ImageReference[];
  /** Links, images and link definitions. */
  target: (Link | Image | Definition)[];
  html: Html[];
}

/** Walk the tree once, depth first in document order (as unist-util-visit does), sorting out what the checks need. */
function bodyNodes(tree: Root): BodyNodes {
  const found: BodyNodes = { text: [], footnoteReference: [], footnoteDefinition: [], imageReference: [], target: [], html: [] };
  const stack: Nodes[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop() as Nodes;
    switch (node.type) {
      case 'text':
        found.text.push(node);
        break;
      case 'footnoteReference':
        found.footnoteReference.push(node);
        break;
      case 'footnoteDefinition':
        found.footnoteDefinition.push(node);
        break;
      case 'imageReference':
        found.imageReference.push(node);
        break;
      case 'link':
      case 'image':
      case 'definition':
        found.target.push(node);
        break;
      case 'html':
        found.html.push(node);
        break;
      default:
    }
    if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Nodes);
  }
  return found;
}

/** Run every check a careful editor makes on one note's body. Pure: reads only `file.data`. */
export function checkBody(file: VFile, context: BodyContext): void {
  const tree = file.data.tree;
  const note = file.data.note;
  if (!tree || !note) return;
  const nodes = bodyNodes(tree);
  checkHeadings(file, tree, context.sections, context.lang ?? file.data.edition?.lang);
  if (context.sessions) checkSessions(file, tree, context.sessions, context.sessionPatterns ?? [SESSION_HEADING]);
  checkFootnotes(file, nodes);
  checkLinks(file, nodes, context.files);
  checkLogo(file, note, context.files);
  checkRawHtml(file, nodes, context.files);
  checkPlaceholders(file, nodes);
  if (context.uzbekLatin) checkApostrophes(file, nodes);
}

/**
 * Uzbek Latin writes oʻ and gʻ with U+02BB and the tutuq with U+02BC; flag look-alikes in the
 * body's text and the front matter's values (never in code, URLs or the translation block), and
 * record the corrections `notes validate --fix` writes.
 */
function checkApostrophes(file: VFile, nodes: BodyNodes): void {
  const text = String(file.value);
  const fixes: { index: number; expected: string }[] = [];
  const scan = (start: number, end: number): void => {
    for (const fix of findApostrophes(text.slice(start, end))) fixes.push({ ...fix, index: start + fix.index, expected: fix.expected });
  };
  for (const node of nodes.text) {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start !== undefined && end !== undefined) scan(start, end);
  }
  const source = file.data.yaml;
  if (source) {
    yamlVisit(source.doc, {
      Pair(_, pair) {
        return isScalar(pair.key) && pair.key.value === 'translation' ? yamlVisit.SKIP : undefined;
      },
      Scalar(_, node) {
        if (typeof node.value === 'string' && node.range) scan(source.offset + node.range[0], source.offset + node.range[1]);
      },
    });
  }
  const seen = new Set<number>();
  const kept: { index: number; expected: string }[] = [];
  for (const fix of fixes) {
    if (seen.has(fix.index)) continue;
    seen.add(fix.index);
    kept.push({ index: fix.index, expected: fix.expected });
    const found = text[fix.index] ?? '';
    const word = /\p{L}*$/u.exec(text.slice(Math.max(0, fix.index - 20), fix.index))?.[0] ?? '';
    const after = /^\p{L}*/u.exec(text.slice(fix.index + 1, fix.index + 21))?.[0] ?? '';
    report(
      file,
      'uz-apostrophe',
      `"${word}${found}${after}" uses ${describeChar(found)} where Uzbek Latin writes ${describeChar(fix.expected)}: ${word}${fix.expected}${after} (notes validate --fix corrects it).`,
      pointAtOffset(file, fix.index),
    );
  }
  // Keep the fixes found before (control characters, see parse.ts).
  file.data.fixes = [...(file.data.fixes ?? []), ...kept];
}

/**
 * The body's sections, as an editor's checklist: a `#` heading is an error (the title comes from
 * the front matter); text before the first `##` (or `#`) heading, and each section the kind
 * expects that no `##` heading counts as (see {@link headingCounts}, in any order), are warnings.
 */
function checkHeadings(file: VFile, tree: Root, sections: readonly RequiredSection[], lang: string | undefined): void {
  const found: string[] = [];
  let inSection = false;
  let textBefore: Nodes | undefined;
  for (const node of tree.children) {
    if (node.type === 'heading' && node.depth === 1) {
      report(file, 'heading-h1', `The heading "${toString(node)}" uses \`#\`: the title comes from the front matter, so start body sections at \`##\`.`, node.position);
      // Its text is taken as the section it starts: heading-h1 says enough.
      inSection = true;
    } else if (node.type === 'heading' && node.depth === 2) {
      inSection = true;
      found.push(toString(node));
    } else if (!inSection && !textBefore && printsBeforeSections(node)) {
      textBefore = node;
    }
  }
  if (textBefore) {
    const first = sections[0] ? suggestedHeading(sections[0], lang) : undefined;
    report(
      file,
      'text-before-section',
      `This text comes before the first \`##\` section, but a note's body starts with its first section (the title comes from the front matter): move the text under one, e.g. \`## ${first ?? 'Introduction'}\`.`,
      textBefore.position,
    );
  }
  const bodyStart = tree.children[0]?.position?.start ?? { line: 1, column: 1 };
  for (const section of sections) {
    const headings = headingsIn(section, lang);
    if (found.some((heading) => headings.some((expected) => headingCounts(expected, heading)))) continue;
    const named = section.headings[0] ?? section.id;
    const add = suggestedHeading(section, lang);
    const listed = lang === undefined ? `${section.headings.join(', ')} (or their translations in kind.yaml's aliases)` : headings.join(', ');
    report(
      file,
      'section-missing',
      sentences(
        `The section "${named}" is missing: add a heading \`## ${add}\` with its text`,
        `These headings count as it, in any order: ${listed}, numbered or not ("II. ${add}"), in any case, or with more words after them ("${add} …")`,
      ),
      bodyStart,
    );
  }
}

/** The heading to suggest for a section: its first in the note's language, else its first English one. */
function suggestedHeading(section: RequiredSection, lang: string | undefined): string {
  const own = lang === undefined || /^en(-|$)/i.test(lang) ? undefined : headingsIn(section, lang).find((h) => !section.headings.includes(h));
  return own ?? section.headings[0] ?? section.id;
}

/** Whether a block before the first section prints as text: not link or footnote definitions, nor HTML comments. */
function printsBeforeSections(node: Nodes): boolean {
  switch (node.type) {
    case 'definition':
    case 'footnoteDefinition':
    case 'yaml':
      return false;
    case 'html':
      return !/^\s*(?:<!--[\s\S]*?-->\s*)+$/.test(node.value);
    default:
      return true;
  }
}

/**
 * The headings that count as a section in a note of `lang`: its English headings (and `en`
 * aliases), then its aliases in that language — by tag, its primary language (`fr` for `fr-CA`),
 * or its scripts (`uz-Latn` and `uz-Cyrl` for `uz`). Without a language, every alias counts.
 */
export function headingsIn(section: RequiredSection, lang: string | undefined): string[] {
  const aliases = Object.entries(section.aliases ?? {});
  const wanted = lang?.toLowerCase();
  const fits = (tag: string): boolean => {
    const t = tag.toLowerCase();
    return t === 'en' || wanted === undefined || t === wanted || wanted.startsWith(`${t}-`) || t.startsWith(`${wanted}-`);
  };
  return [...new Set([...section.headings, ...aliases.filter(([tag]) => tag.toLowerCase() === 'en').flatMap(([, h]) => h), ...aliases.filter(([tag]) => fits(tag)).flatMap(([, h]) => h)])];
}

const ROMAN = '(?=[ivxlcdm])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})';
const NUMBER = '\\p{Nd}+(?:[.．]\\p{Nd}+)*';
/** Arabic ordinal words that number sections (أولاً، ثانياً …), as {@link normaliseHeading} writes them. */
const ARABIC_ORDINALS = '(?:اولا|ثانيا|ثالثا|رابعا|خامسا|سادسا|سابعا|ثامنا|تاسعا|عاشرا)';
/**
 * The numbering before a heading's words: "I.", "II)", "2.", "2.1", "1)", "A)", "(a)", "1 –",
 * "一、", "（一）", "أولاً:" (after lower-casing).
 */
const NUMBERING = new RegExp(
  `^(?:\\p{Nd}+(?:[.．]\\p{Nd}+)+[.．)）]?(?=\\s)|[(（]?(?:${NUMBER}|${ROMAN}|\\p{L}|[一二三四五六七八九十]+)[.．)）:：、]|(?:${NUMBER}|${ROMAN}|\\p{L})\\s*[-–—](?=\\s)|\\p{Nd}{1,2}(?=\\s)|${ARABIC_ORDINALS}\\s*[:：.\\-–—]?(?=\\s))\\s*(?:[-–—]\\s+)?`,
  'u',
);

/**
 * A heading as it is compared: Unicode NFC, spaces collapsed, lower case, without its numbering,
 * its final punctuation, with every apostrophe look-alike as one (Uzbek ʻ ʼ, ' ’ …), and Arabic
 * without its optional marks (short vowels, tatweel, the hamza on an alef).
 */
export function normaliseHeading(heading: string): string {
  const plain = heading
    .normalize('NFC')
    .replace(/[ʻʼ'‘’`´]/gu, "'")
    // Arabic: without short vowels and tatweel, every alef with hamza or madda as a plain alef.
    .replace(/[\u064B-\u065F\u0670\u0640]/gu, '')
    .replace(/[أإآ]/gu, 'ا')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
  const unnumbered = plain.replace(NUMBERING, '').trim();
  const words = (unnumbered === '' ? plain : unnumbered).replace(/[\s.:;,!?。：；，！？…\-–—]+$/u, '');
  return words === '' ? plain : words;
}

/**
 * Whether a heading of the body counts as the `expected` one: the same words once both are
 * normalised ({@link normaliseHeading}), or the same words followed by more ("Background and
 * mandate" counts as Background, "Objectives of the workshop" as Objectives) — at a word's end,
 * or anywhere after a Chinese character. Pure.
 */
export function headingCounts(expected: string, heading: string): boolean {
  const e = normaliseHeading(expected);
  const h = normaliseHeading(heading);
  if (h === e) return true;
  if (e === '' || !h.startsWith(e)) return false;
  const next = h.slice(e.length);
  return !/^[\p{L}\p{N}\p{M}]/u.test(next) || /\p{Script=Han}$/u.test(e) || /^\p{Script=Han}/u.test(next);
}

function checkSessions(file: VFile, tree: Root, sessions: readonly { title: string }[], patterns: readonly RegExp[]): void {
  const headings: { n: number; title: string; node: Heading }[] = [];
  for (const node of tree.children) {
    if (node.type !== 'heading' || node.depth !== 3) continue;
    const text = toString(node).trim();
    const match = patterns.map((p) => p.exec(text)).find(Boolean);
    if (match) headings.push({ n: Number(match[1]), title: (match[2] ?? '').trim(), node });
  }
  headings.forEach((h, i) => {
    const expected = sessions[i];
    if (h.n !== i + 1) {
      report(file, 'session-mismatch', `This is session ${i + 1} in order but is numbered ${h.n}: number sessions 1, 2, 3 … in the order they appear.`, h.node.position);
    } else if (!expected) {
      report(file, 'session-mismatch', `"Session ${h.n}" has no entry in the front matter's sessions: add \`- title: ${h.title}\` as its ${ordinal(h.n)} item.`, h.node.position);
    } else if (!sessionTitleMatches(expected.title, h.title)) {
      report(
        file,
        'session-mismatch',
        `The heading says "${h.title}" but the front matter's sessions › ${h.n} › title says "${expected.title}": make them the same. A time, a room or the like may follow the title, in brackets or after a dash or a comma.`,
        h.node.position,
      );
    }
  });
  const source = file.data.yaml;
  for (let i = headings.length; i < sessions.length; i++) {
    report(
      file,
      'session-mismatch',
      `Session ${i + 1} "${sessions[i]?.title}" is in the front matter but has no \`### Session ${i + 1}: …\` heading in the body.`,
      source ? placeOf(source, ['sessions', i]) : undefined,
    );
  }
}

const FOOTNOTE_TEXT = /\[\^([^\]\s]+)\]/g;

function checkFootnotes(file: VFile, nodes: BodyNodes): void {
  const referenced = new Set(nodes.footnoteReference.map((node) => node.identifier.toLowerCase()));
  // GFM leaves a reference without a definition as plain text, so look for it there.
  const source = String(file.value);
  for (const node of nodes.text) findUndefinedFootnotes(file, node, source);
  for (const node of nodes.footnoteDefinition) {
    if (!referenced.has(node.identifier.toLowerCase())) {
      report(file, 'footnote-unused', `The footnote [^${node.label ?? node.identifier}] is defined but never referenced in the text: reference it or remove it.`, node.position);
    }
  }
}

function findUndefinedFootnotes(file: VFile, node: Text, source: string): void {
  // Read the source, not the value: an escaped \[^1] is literal text, and the value has lost the escape.
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  const raw = start !== undefined && end !== undefined ? source.slice(start, end) : node.value;
  if (start !== undefined) {
    for (const match of raw.matchAll(FOOTNOTE_TEXT)) {
      if (raw[match.index - 1] === '\\') continue;
      report(file, 'footnote-undefined', `The footnote reference [^${match[1]}] has no definition: add a line \`[^${match[1]}]: …\` at the end of the note.`, pointAtOffset(file, start + match.index));
    }
    return;
  }
  for (const match of node.value.matchAll(FOOTNOTE_TEXT)) {
    const at = offsetPoint(node, match.index);
    report(file, 'footnote-undefined', `The footnote reference [^${match[1]}] has no definition: add a line \`[^${match[1]}]: …\` at the end of the note.`, at);
  }
}

const lineStarts = new WeakMap<VFile, number[]>();

/** The point of a character offset into the file, its lines counted as Markdown counts them. */
function pointAtOffset(file: VFile, offset: number): Point {
  let starts = lineStarts.get(file);
  if (!starts) {
    starts = lineStartsOf(String(file.value));
    lineStarts.set(file, starts);
  }
  return { ...lineAndColumn(starts, offset), offset };
}

/** The point `index` characters into a text node (exact when the text has no escapes). */
function offsetPoint(node: Text, index: number): Point | undefined {
  const start = node.position?.start;
  if (!start) return undefined;
  const before = node.value.slice(0, index);
  const lines = before.split('\n');
  const last = lines[lines.length - 1] ?? '';
  return lines.length === 1
    ? { line: start.line, column: start.column + index }
    : { line: start.line + lines.length - 1, column: last.length + 1 };
}

function checkLinks(file: VFile, nodes: BodyNodes, files: FileLookup): void {
  for (const node of nodes.imageReference) {
    if ((node.alt ?? '').trim() === '') {
      report(file, 'image-alt', `The image [${node.label ?? node.identifier}] has no alternative text: write what it shows between the brackets, ![like this][${node.label ?? node.identifier}].`, node.position);
    }
  }
  for (const node of nodes.target) {
    const image = node.type === 'image';
    if (image && (node.alt ?? '').trim() === '') {
      report(file, 'image-alt', `The image ${node.url} has no alternative text: write what it shows between the brackets, ![like this](${node.url}).`, node.position);
    }
    checkUrl(file, node.url, image, node.position, files);
    if (!image) checkMailto(file, node.url, node.position, node.type === 'definition' ? 'a link definition' : autolinked(node) ? 'written in the text' : 'a mailto: link');
  }
}

/** A link the author did not write as a link: a bare address remark-gfm links, or `<name@domain>`. */
function autolinked(node: Link | Definition): boolean {
  if (node.type !== 'link' || node.children.length !== 1) return false;
  const only = node.children[0];
  return only?.type === 'text' && (node.url === only.value || node.url === `mailto:${only.value}`);
}

/** The mail headers a `mailto:` link in the body may set: they add no recipient. */
const MAIL_HEADERS = new Set(['subject', 'body']);

/**
 * An email address in the body, checked as a contact's is (schema.ts's EMAIL): a
 * `mailto:` link must hold one valid address, and may set a subject and a body but no other
 * header (cc, bcc, to … add recipients).
 */
function checkMailto(file: VFile, url: string, place: Position | undefined, where: string): void {
  const match = /^\s*mailto:([^?]*)(?:\?([\s\S]*))?$/i.exec(url);
  if (!match) return;
  // A malformed %-escape is left as written: the address then fails on its %.
  const address = decoded(match[1] ?? '');
  const problem = emailProblem(address);
  if (problem) {
    report(file, 'email-invalid', `${quoted(address)} is not ${problem.one ? 'one' : 'a valid'} email address (${where}): ${problem.advice}`, place);
    return;
  }
  const headers = (match[2] ?? '')
    .split('&')
    .map((pair) => decoded(pair.split('=')[0] ?? '').trim().toLowerCase())
    .filter((name) => name !== '' && !MAIL_HEADERS.has(name));
  if (headers.length > 0) {
    report(
      file,
      'email-invalid',
      `The mailto: link to ${address} also sets ${[...new Set(headers)].map(quoted).join(', ')}, which a mail program reads as more recipients or headers: link to the address alone (a subject and a body may follow it, ?subject=…).`,
      place,
    );
  }
}

/** A part of a URL with its %-escapes decoded, or as written when they are malformed. */
function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** A value in quotes for a message, shortened past 60 characters. */
function quoted(s: string): string {
  return `"${s.length > 60 ? `${s.slice(0, 57)}…` : s}"`;
}

/** Check one address of a link or image (Markdown or raw HTML) written at `place`. */
function checkUrl(file: VFile, url: string, image: boolean, place: Position | undefined, files: FileLookup): void {
  const target = resolveLocal(file.data.relative ?? '', url);
  if (image && target.kind === 'external') {
    report(file, 'image-remote', `The image ${url} is on the web: PDFs never fetch anything, so it will be missing there. Save it in the notes folder and use its path.`, place);
  }
  if (target.kind === 'external') {
    const host = privateHost(url);
    if (host) report(file, 'url-private', `The ${image ? 'image' : 'link'} ${url} points at ${host}, which readers cannot reach: use a public address.`, place);
    return;
  }
  if (target.kind === 'anchor') return;
  if (target.kind === 'forbidden') {
    report(file, 'link-outside', `The ${image ? 'image' : 'link'} "${url}" ${target.reason}.`, place);
  } else if (!files.has(target.path)) {
    report(file, image ? 'image-missing' : 'link-missing', `The ${image ? 'image' : 'link'} "${url}" points to ${target.path}, which does not exist in the notes folder.`, place);
  }
}

function checkLogo(file: VFile, note: NoteData, files: FileLookup): void {
  if (!note.logo) return;
  const source = file.data.yaml;
  const place = source ? placeOf(source, ['logo', 'src']) : undefined;
  const target = resolveLocal(file.data.relative ?? '', note.logo.src);
  if (target.kind === 'forbidden') {
    report(file, 'link-outside', `The logo "${note.logo.src}" ${target.reason}.`, place);
  } else if (target.kind === 'local' && !files.has(target.path)) {
    report(file, 'image-missing', `The logo "${note.logo.src}" points to ${target.path}, which does not exist in the notes folder.`, place);
  }
}

const UNSAFE_HTML = /<\s*\/?\s*(script|iframe|object|embed|style|link|meta|base|form|input|button|frame|frameset|svg|math|template|video|audio|source|track)\b|[\s/"']on[a-z]+\s*=|[\s/"']style\s*=|[\s/"']srcset\s*=|javascript:/i;
/** Attributes of raw HTML that hold an address: `src` of an image, `href` of a link. */
const HTML_URL = /[\s/"'](src|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;

function checkRawHtml(file: VFile, nodes: BodyNodes, files: FileLookup): void {
  for (const node of nodes.html) {
    const value = decodeEntities(node.value);
    if (UNSAFE_HTML.test(value)) {
      report(file, 'html-removed', 'This HTML is not allowed in a note (scripts, frames, embedded objects, styles and event handlers are removed): it will not appear in the output.', node.position);
      continue;
    }
    for (const match of value.matchAll(HTML_URL)) {
      const url = match[2] ?? match[3] ?? match[4] ?? '';
      const image = (match[1] ?? '').toLowerCase() === 'src';
      checkUrl(file, url, image, node.position, files);
      if (!image) checkMailto(file, url, node.position, 'a mailto: link in HTML');
    }
  }
}

/** Numeric and a few named character references, decoded as a browser would before reading a URL. */
function decodeEntities(html: string): string {
  return html
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(Math.min(Number.parseInt(hex, 16), 0x10ffff)))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Math.min(Number(dec), 0x10ffff)))
    .replace(/&(colon|tab|newline);/gi, (_, name: string) => ({ colon: ':', tab: '\t', newline: '\n' })[name.toLowerCase()] ?? '');
}

/** `localhost`, a loopback, private or link-local address, when `url` points at one. */
export function privateHost(url: string): string | undefined {
  let host: string;
  try {
    host = new URL(url.trim().startsWith('//') ? `https:${url.trim()}` : url.trim()).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) return host;
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host)?.slice(1).map(Number);
  if (v4) {
    const [a = 0, b = 0] = v4;
    const isPrivate = a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
    return isPrivate ? host : undefined;
  }
  if (host.startsWith('[')) {
    const v6 = host.slice(1, -1);
    if (v6 === '::1' || v6 === '::' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6) || /^::ffff:(7f|a[0-9a-f]{2}|a9fe|c0a8)/.test(v6)) return host;
  }
  return undefined;
}

const PLACEHOLDER = /\{\{[\s\S]*?\}\}/;

/** `{{…}}` left in the body's text or a front-matter value: notes are not templates. */
function checkPlaceholders(file: VFile, nodes: BodyNodes): void {
  const say = (found: string): string => `"${found.length > 60 ? `${found.slice(0, 57)}…` : found}" looks like a template placeholder: notes are not templates, so it is printed as written. Replace it with the text it stands for.`;
  const text = String(file.value);
  for (const node of nodes.text) {
    const match = PLACEHOLDER.exec(node.value);
    if (!match) continue;
    // Find it in the source, not the value: entities and escapes make the two differ.
    const from = node.position?.start.offset;
    const to = node.position?.end.offset;
    const found = from !== undefined && to !== undefined ? PLACEHOLDER.exec(text.slice(from, to)) : null;
    if (!found || from === undefined) {
      report(file, 'text-placeholder', say(match[0]), node.position);
      continue;
    }
    report(file, 'text-placeholder', say(found[0]), pointAtOffset(file, from + found.index));
  }
  const source = file.data.yaml;
  if (source) {
    yamlVisit(source.doc, {
      Scalar(_, node) {
        const match = typeof node.value === 'string' ? PLACEHOLDER.exec(node.value) : null;
        if (match) report(file, 'text-placeholder', say(match[0]), rangeOf(source, node));
      },
    });
  }
}

function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
}
