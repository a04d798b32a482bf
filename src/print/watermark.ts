import { PDFArray, PDFDict, PDFDocument, PDFFlateStream, PDFName, PDFObjectCopier, PDFRawStream, PDFRef, PDFStream, decodePDFRawStream, type PDFContext, type PDFObject } from 'pdf-lib';

/*
 * The DRAFT mark of a draft note's PDF pages. The word is printed by the browser (a one-page PDF
 * from watermarkHtml, so any script is shaped and its font embedded as in the document), then
 * drawn over each draft page as one shared Form XObject inside an `/Artifact` marked-content
 * sequence of subtype Watermark: readers see it, the tag tree and screen readers leave it out.
 * A stamp drawn after printing reaches every page, which CSS cannot (Chromium paints no `@page`
 * background, and a chapter's cloned background misses its last fragment).
 */

/** A page size in PDF points. */
export interface PageSize {
  width: number;
  height: number;
}

/** Which parts of a combined document are drafts: its parts' anchors in order (chapters, then what follows them), and the draft ones. */
export interface DraftParts {
  anchors: readonly string[];
  drafts: readonly string[];
}

/**
 * The pages (0-based) that carry the mark: every page of a note; in a combined document, each
 * draft chapter's pages, from the page its anchor is on to the page before the next part starts.
 * An anchor that cannot be found marks the whole document: an unmarked draft page is the one
 * mistake this must not make.
 */
export function draftPages(pageCount: number, destinations: ReadonlyMap<string, number>, parts?: DraftParts): number[] {
  const all = Array.from({ length: pageCount }, (_, i) => i);
  if (!parts) return all;
  const marked = new Set<number>();
  for (const draft of parts.drafts) {
    const index = parts.anchors.indexOf(draft);
    const first = destinations.get(draft);
    if (index === -1 || first === undefined) return all;
    const next = parts.anchors
      .slice(index + 1)
      .map((a) => destinations.get(a))
      .find((p): p is number => p !== undefined);
    const last = next === undefined ? pageCount : Math.max(first, next - 1);
    for (let page = first; page <= Math.min(last, pageCount); page++) marked.add(page - 1);
  }
  return [...marked].sort((a, b) => a - b);
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A one-page HTML document the size of `size` with `word` across it, corner to corner: large,
 * light, upper case where the script has case, in the document's own fonts for `lang`. The
 * background is transparent, so only the word is drawn over the page.
 */
export function watermarkHtml(word: string, lang: string, size: PageSize): string {
  const angle = (Math.atan2(size.height, size.width) * 180) / Math.PI;
  const diagonal = Math.hypot(size.width, size.height);
  const letters = [...new Intl.Segmenter(lang, { granularity: 'grapheme' }).segment(word)].length;
  // About half the diagonal, estimated from the letters: a CJK character or a joined Arabic letter
  // is about 1 em wide, a spaced capital about 0.8 em (the browser runs no script here to measure).
  const em = /^(zh|ja|ko|ar|fa|ur)\b/.test(lang) ? 1 : 0.8;
  const fontSize = Math.min(150, Math.round((0.55 * diagonal) / (Math.max(1, letters) * em)));
  return `<!DOCTYPE html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<style>
@page { size: ${size.width}pt ${size.height}pt; margin: 0; }
html, body { margin: 0; width: ${size.width}pt; height: ${size.height}pt; overflow: hidden; background: transparent; }
body { display: flex; align-items: center; justify-content: center; }
p {
  margin: 0;
  white-space: nowrap;
  transform: rotate(-${angle.toFixed(2)}deg);
  font: 700 ${fontSize}pt "Noto Sans", "Noto Sans Arabic", "Droid Sans Fallback", "DejaVu Sans", sans-serif;
  letter-spacing: 0.12em;
  text-transform: uppercase;
  color: rgba(160, 32, 32, 0.13);
}
/* Arabic letters join and CJK has no case nor spacing convention; Droid Sans Fallback has one weight. */
:lang(ar) p, :lang(zh) p { letter-spacing: 0; }
:lang(zh) p { font-weight: 400; font-synthesis: none; }
</style>
</head>
<body><p dir="auto">${escapeHtml(word)}</p></body>
</html>
`;
}

/** The size of a PDF's first page, in points. */
export async function firstPageSize(bytes: Uint8Array): Promise<PageSize> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const { width, height } = doc.getPage(0).getMediaBox();
  return { width, height };
}

const MARKED_CONTENT = new Set(['BDC', 'BMC', 'EMC', 'MP', 'DP']);
const DELIMITER = /[\s()<>[\]{}/%]/;

/**
 * A content stream without its marked-content operators (BDC … EMC, BMC, MP, DP) and their
 * operands. The browser tags the watermark page's text as its own structure (MCIDs); inside
 * another document's `/Artifact` those would be tagged content in an artifact, which PDF/UA
 * forbids, and point into a structure tree that is not there.
 */
export function withoutMarkedContent(content: string): string {
  let out = '';
  let operands = '';
  let i = 0;
  const n = content.length;
  const skipString = (from: number): number => {
    let depth = 0;
    let j = from;
    for (; j < n; j++) {
      const c = content[j];
      if (c === '\\') j++;
      else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) return j + 1;
    }
    return j;
  };
  const skipDict = (from: number): number => {
    let depth = 0;
    let j = from;
    while (j < n) {
      if (content[j] === '(') j = skipString(j);
      else if (content.startsWith('<<', j)) {
        depth++;
        j += 2;
      } else if (content.startsWith('>>', j)) {
        j += 2;
        if (--depth === 0) return j;
      } else j++;
    }
    return j;
  };
  while (i < n) {
    const c = content[i] as string;
    let end: number;
    if (/\s/.test(c)) end = i + 1;
    else if (c === '%') end = content.indexOf('\n', i) === -1 ? n : content.indexOf('\n', i);
    else if (c === '(') end = skipString(i);
    else if (content.startsWith('<<', i)) end = skipDict(i);
    else if (c === '<') end = content.indexOf('>', i) === -1 ? n : content.indexOf('>', i) + 1;
    else if ('[]{}'.includes(c)) end = i + 1;
    else {
      end = i + 1;
      while (end < n && !DELIMITER.test(content[end] as string)) end++;
      const token = content.slice(i, end);
      const operator = c !== '/' && !/^[+-]?(\d+\.?\d*|\.\d+)$/.test(token) && !['true', 'false', 'null'].includes(token);
      if (operator) {
        if (token === 'BI') return out + operands + content.slice(i); // An inline image's data is not tokens: keep the rest as it is (the browser writes none here).
        if (!MARKED_CONTENT.has(token)) out += operands + token;
        operands = '';
        i = end;
        continue;
      }
    }
    operands += content.slice(i, end);
    i = end;
  }
  return out + operands;
}

/** The decoded bytes of a stream (its filters undone), as latin1 text. */
function streamText(stream: PDFStream): string {
  const bytes = stream instanceof PDFRawStream ? decodePDFRawStream(stream).decode() : stream instanceof PDFFlateStream ? stream.getUnencodedContents() : stream.getContents();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** Replace every Form XObject under `resources` (recursively) by one without marked content. */
function cleanForms(context: PDFContext, resources: PDFDict | undefined, seen: Set<string>): void {
  const xobjects = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  for (const [, value] of xobjects?.entries() ?? []) {
    if (!(value instanceof PDFRef) || seen.has(value.toString())) continue;
    seen.add(value.toString());
    const form = context.lookupMaybe(value, PDFStream);
    if (!form || form.dict.get(PDFName.of('Subtype')) !== PDFName.of('Form')) continue;
    const dict = form.dict.clone(context);
    dict.delete(PDFName.of('Filter'));
    dict.delete(PDFName.of('DecodeParms'));
    dict.delete(PDFName.of('Length'));
    dict.delete(PDFName.of('StructParent'));
    dict.delete(PDFName.of('StructParents'));
    const cleaned = context.flateStream(Buffer.from(withoutMarkedContent(streamText(form)), 'latin1'));
    for (const [key, entry] of dict.entries()) cleaned.dict.set(key, entry);
    context.assign(value, cleaned);
    cleanForms(context, cleaned.dict.lookupMaybe(PDFName.of('Resources'), PDFDict), seen);
  }
}

/**
 * Give the watermark's font subsets tags of their own (DRFTAA+NotoSans-Bold …). The browser tags
 * the subsets of every document it prints AAAAAA, BAAAAA …, so the watermark's would share a
 * name with a different subset of the document, and a reader that goes by the name shows the
 * wrong glyphs.
 */
function renameSubsets(context: PDFContext, root: PDFObject): void {
  const tags = new Map<string, string>();
  const seen = new Set<PDFObject>();
  const rename = (dict: PDFDict, key: string): void => {
    const name = dict.get(PDFName.of(key));
    const match = name instanceof PDFName ? /^\/([A-Z]{6})\+(.*)$/.exec(name.asString()) : null;
    if (!match) return;
    const tag = tags.get(match[1] as string) ?? `DRFT${String.fromCharCode(65 + Math.floor(tags.size / 26) % 26, 65 + (tags.size % 26))}`;
    tags.set(match[1] as string, tag);
    dict.set(PDFName.of(key), PDFName.of(`${tag}+${match[2]}`));
  };
  const walk = (object: PDFObject | undefined): void => {
    const value = object instanceof PDFRef ? context.lookup(object) : object;
    if (!value || seen.has(value)) return;
    seen.add(value);
    const dict = value instanceof PDFDict ? value : value instanceof PDFStream ? value.dict : undefined;
    if (dict) {
      rename(dict, 'BaseFont');
      rename(dict, 'FontName');
      for (const [, entry] of dict.entries()) walk(entry);
    } else if (value instanceof PDFArray) {
      for (const entry of value.asArray()) walk(entry);
    }
  };
  walk(root);
}

/**
 * Draw the first page of `watermark` (a PDF printed from {@link watermarkHtml}) over `pages` of
 * `doc`, scaled to each page: one Form XObject for all of them, each drawing wrapped as a
 * pagination artifact of subtype Watermark. Pages not listed are left exactly as they were.
 */
export async function stampPages(doc: PDFDocument, watermark: Uint8Array, pages: readonly number[]): Promise<void> {
  if (pages.length === 0) return;
  const source = await PDFDocument.load(watermark, { updateMetadata: false });
  const page = source.getPage(0);
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((r) => source.context.lookup(r, PDFStream)) : contents ? [contents] : [];
  const text = withoutMarkedContent(streams.map(streamText).join('\n'));
  const copier = PDFObjectCopier.for(source.context, doc.context);
  const resources = page.node.Resources() ? (copier.copy(page.node.Resources() as PDFDict) as PDFDict) : doc.context.obj({});
  cleanForms(doc.context, resources, new Set());
  renameSubsets(doc.context, resources);
  const box = page.getMediaBox();
  const form = doc.context.register(
    doc.context.flateStream(Buffer.from(text, 'latin1'), { Type: 'XObject', Subtype: 'Form', FormType: 1, BBox: [box.x, box.y, box.x + box.width, box.y + box.height], Resources: resources }),
  );
  const stamps = new Map<string, PDFRef>();
  for (const index of pages) {
    const target = doc.getPage(index);
    // pdf-lib wraps the page's own content in q … Q here (its CTM normalisation), so the stamp
    // is drawn in the page's default coordinates whatever the browser's content left behind.
    const { XObject } = target.node.normalizedEntries();
    let name = PDFName.of('NotesDraft');
    for (let n = 1; XObject.has(name) && XObject.get(name) !== form; n++) name = PDFName.of(`NotesDraft${n}`);
    XObject.set(name, form);
    const size = target.getMediaBox();
    const operators = [
      '/Artifact <</Type /Pagination /Subtype /Watermark>> BDC',
      'q',
      `${num(size.width / box.width)} 0 0 ${num(size.height / box.height)} ${num(size.x - box.x * (size.width / box.width))} ${num(size.y - box.y * (size.height / box.height))} cm`,
      `${name.asString()} Do`,
      'Q',
      'EMC',
      '',
    ].join('\n');
    let stamp = stamps.get(operators);
    if (!stamp) {
      stamp = doc.context.register(doc.context.flateStream(operators));
      stamps.set(operators, stamp);
    }
    target.node.addContentStream(stamp);
  }
}

/** A number as PDF writes it: at most 5 decimals, no exponent. */
function num(value: number): string {
  return String(Math.round(value * 1e5) / 1e5);
}
