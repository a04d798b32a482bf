import { createHash } from 'node:crypto';
import { addOutline, type Heading } from './outline.js';
import { draftPages, stampPages, type DraftParts } from './watermark.js';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString, type PDFObject } from 'pdf-lib';

/** The document information a PDF edition carries. */
export interface PdfMetadata {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  /** BCP 47 tag of the edition. */
  lang: string;
  /** Names the program and its version, e.g. notes 0.1.0. */
  creator: string;
  producer: string;
  /** Creation and modification date (from SOURCE_DATE_EPOCH or the document), for reproducible files. */
  date: Date;
}

/** The pages of a PDF notes wrote (no object streams, so each page object is in plain sight). */
export function pageCount(content: string | Uint8Array): number {
  const text = typeof content === 'string' ? content : Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString('latin1');
  return text.match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0;
}

/** The page (1-based) each named destination of a PDF points at, as Chromium writes them for in-page links. */
export async function destinationPages(bytes: Uint8Array): Promise<Map<string, number>> {
  return namedDestinations(await PDFDocument.load(bytes, { updateMetadata: false }));
}

function namedDestinations(doc: PDFDocument): Map<string, number> {
  const pageOf = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
  const result = new Map<string, number>();
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  if (!dests) return result;
  for (const [key, value] of dests.entries()) {
    const array = doc.context.lookupMaybe(value, PDFArray);
    const target = array?.get(0);
    if (target instanceof PDFRef) {
      const page = pageOf.get(target.toString());
      if (page !== undefined) result.set(decodeName(key.asString()), page);
    }
  }
  return result;
}

/** PDF names escape bytes as #xx; ids are UTF-8. */
function decodeName(name: string): string {
  const raw = name.startsWith('/') ? name.slice(1) : name;
  const bytes = raw.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** How to mark a draft's pages: the printed DRAFT page, and for a combined document which of its parts are drafts. */
export interface DraftStamp {
  /** A one-page PDF of the word (see watermark.ts). */
  watermark: Uint8Array;
  /** Without it, every page is a draft's. */
  parts?: DraftParts;
}

/**
 * Set a printed PDF's metadata (Title, Author, Subject, Keywords, Creator, Producer, dates,
 * /Lang) and a document ID derived from its content, so the same input gives the same bytes;
 * with `draft`, stamp DRAFT across the draft's pages first.
 */
export async function finishPdf(bytes: Uint8Array, meta: PdfMetadata, headings: readonly Heading[] = [], draft?: DraftStamp): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  if (draft) await stampPages(doc, draft.watermark, draftPages(doc.getPageCount(), namedDestinations(doc), draft.parts));
  addOutline(doc, headings, new Set(namedDestinations(doc).keys()));
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  doc.setKeywords(meta.keywords);
  doc.setCreator(meta.creator);
  doc.setProducer(meta.producer);
  doc.setCreationDate(meta.date);
  doc.setModificationDate(meta.date);
  doc.setLanguage(meta.lang);
  normalizeStructureIds(doc);
  // The ID is a hash of the finished file with a blank ID (Chromium's own dates are replaced
  // above), written into the blank's place: one save, and the same input gives the same bytes.
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of(BLANK_ID), PDFHexString.of(BLANK_ID)]);
  const saved = await doc.save({ useObjectStreams: false, updateFieldAppearances: false });
  return withId(saved, createHash('sha256').update(saved).digest('hex').slice(0, 32));
}

const BLANK_ID = '0'.repeat(32);

/** Write `id` over the blank document ID in the trailer (the last `/ID [<0…0> <0…0>]` of the file). */
export function withId(bytes: Uint8Array, id: string): Uint8Array {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const blank = `<${BLANK_ID}>`;
  const at = text.lastIndexOf('/ID');
  const first = at === -1 ? -1 : text.indexOf(blank, at);
  const second = first === -1 ? -1 : text.indexOf(blank, first + blank.length);
  if (first === -1 || second === -1 || second - first > blank.length + 4) throw new Error('the PDF trailer has no blank document ID to fill in');
  const out = new Uint8Array(bytes);
  const hex = Buffer.from(id, 'latin1');
  out.set(hex, first + 1);
  out.set(hex, second + 1);
  return out;
}


/**
 * Chromium names the tagged-PDF structure elements after renderer node ids ("node00000028"),
 * which depend on what else the browser printed before: renumber them in object order (and
 * the ID tree that indexes them), so the same document always gives the same bytes.
 */
function normalizeStructureIds(doc: PDFDocument): void {
  const objects = doc.context.enumerateIndirectObjects().sort(([a], [b]) => a.objectNumber - b.objectNumber);
  const renamed = new Map<string, string>();
  for (const [, object] of objects) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('StructElem')) continue;
    const id = object.get(PDFName.of('ID'));
    if ((id instanceof PDFString || id instanceof PDFHexString) && !renamed.has(id.decodeText())) {
      renamed.set(id.decodeText(), `node${String(renamed.size + 1).padStart(8, '0')}`);
    }
  }
  if (renamed.size === 0) return;
  const swap = (value: PDFObject): PDFObject | undefined => {
    if (value instanceof PDFString || value instanceof PDFHexString) {
      const name = renamed.get(value.decodeText());
      return name === undefined ? undefined : PDFString.of(name);
    }
    if (value instanceof PDFArray) {
      for (let i = 0; i < value.size(); i++) {
        const next = swap(value.get(i));
        if (next) value.set(i, next);
      }
    } else if (value instanceof PDFDict) {
      for (const [key, entry] of value.entries()) {
        const next = swap(entry);
        if (next) value.set(key, next);
      }
    }
    return undefined;
  };
  for (const [, object] of objects) swap(object);
  // Name trees are sorted by key: sort the ID tree's leaves again, and their limits.
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  const sortTree = (node: PDFDict | undefined): void => {
    if (!node) return;
    const names = node.lookupMaybe(PDFName.of('Names'), PDFArray);
    if (names) {
      const pairs: [string, PDFObject][] = [];
      for (let i = 0; i + 1 < names.size(); i += 2) {
        const key = names.lookup(i);
        pairs.push([key instanceof PDFString || key instanceof PDFHexString ? key.decodeText() : '', names.get(i + 1)]);
      }
      pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      pairs.forEach(([key, value], i) => {
        names.set(2 * i, PDFString.of(key));
        names.set(2 * i + 1, value);
      });
      const first = pairs[0];
      const last = pairs[pairs.length - 1];
      if (node.has(PDFName.of('Limits')) && first && last) node.set(PDFName.of('Limits'), doc.context.obj([PDFString.of(first[0]), PDFString.of(last[0])]));
    }
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    for (let i = 0; kids && i < kids.size(); i++) sortTree(kids.lookupMaybe(i, PDFDict));
  };
  sortTree(root?.lookupMaybe(PDFName.of('IDTree'), PDFDict));
}
