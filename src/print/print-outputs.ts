import { createHash } from 'node:crypto';
import type { PdfMetadata } from './pdf-document.js';
import { destinationPages, finishPdf } from './pdf-document.js';
import { headingsOf, withHeadingAnchors } from './outline.js';
import { PrintError, type Printer } from './printer.js';
import { firstPageSize, watermarkHtml } from './watermark.js';
import { pageCount } from './pdf-document.js';
import type { Output, StoredContent } from '../pack/pack.js';
import { FORMATS, inFormat } from '../formats/formats.js';

/**
 * Where printed PDFs are kept between builds, as printing sees it: the key of a document, and its
 * PDF by key. The PDF cache is one (the pipeline passes it in); printing imports no cache.
 */
export interface PdfStore {
  keyOf(output: Output): string;
  get(key: string): Promise<Uint8Array | undefined>;
  put(key: string, pdf: Uint8Array): Promise<void>;
  /** Where an entry's bytes lie, so the PDF need not stay in memory. */
  fileOf?(key: string): string | undefined;
}

/** A store that keeps nothing. */
const NO_STORE: PdfStore = { keyOf: () => '', get: async () => undefined, put: async () => undefined };

/** What printing needs: the shared printer and how to stamp the files. */
export interface PrintContext {
  /** The printer, launched the first time a document is not in the cache. */
  printer: () => Promise<Printer>;
  /** PDFs printed before (none: every document is printed, nothing kept). */
  store?: PdfStore;
  /** Told as each document is done (printed, from the cache, or failed). */
  onProgress?: (event: { done: number; total: number; path: string; cached: boolean; failed?: boolean }) => void;
  /** notes' version, for the Creator field. */
  version: string;
  /** SOURCE_DATE_EPOCH as a date, when set: every PDF's dates. */
  sourceDate?: Date;
}

/** A document that could not be printed, and why. */
export interface PrintFailure {
  output: Output;
  reason: string;
}

/**
 * Print every HTML document that carries metadata (notes and combined documents) to a PDF
 * beside it. A combined document is printed twice: the first print tells on which page each
 * chapter starts, the second prints those numbers in its table of contents. A draft's pages (a
 * draft note's, a combined document's draft chapters') are stamped DRAFT as it is finished.
 */
export async function printOutputs(outputs: readonly Output[], context: PrintContext): Promise<{ pdfs: Output[]; failures: PrintFailure[]; cached: number }> {
  const documents = outputs.filter((o) => o.meta !== undefined && typeof o.content === 'string');
  const failures: PrintFailure[] = [];
  const cache = context.store ?? NO_STORE;
  let cached = 0;
  let done = 0;
  // One DRAFT page per word, language and page size, printed once for every draft that needs it.
  const watermarks = new Map<string, Promise<Uint8Array>>();
  const watermarkOf = (printer: Printer, word: string, lang: string, size: { width: number; height: number }): Promise<Uint8Array> => {
    const key = JSON.stringify([word, lang, size.width, size.height]);
    let printed = watermarks.get(key);
    if (!printed) {
      printed = printer.print(watermarkHtml(word, lang, size));
      // A failure fails this document only: the next draft prints the page again.
      printed.catch(() => watermarks.delete(key));
      watermarks.set(key, printed);
    }
    return printed;
  };
  const tell = (output: Output, result: { fromCache: boolean } | undefined): void => {
    done++;
    const path = inFormat(output.path, FORMATS.pdf);
    context.onProgress?.({ done, total: documents.length, path, cached: result?.fromCache === true, ...(result === undefined && { failed: true }) });
  };
  const settled = await Promise.all(
    documents.map(async (output): Promise<Output | undefined> => {
      const result = await printOne(output);
      tell(output, result);
      return result?.output;
    }),
  );
  return { pdfs: settled.filter((o): o is Output => o !== undefined), failures, cached };

  async function printOne(output: Output): Promise<{ output: Output; fromCache: boolean } | undefined> {
    // The PDF stays in the cache's file, not in memory, when the cache keeps files.
    const pdfOutput = (content: Uint8Array, key: string): Output => {
      const file = cache.fileOf?.(key);
      const stored: StoredContent | undefined = file ? { file, bytes: content.byteLength, sha256: createHash('sha256').update(content).digest('hex'), pages: pageCount(content) } : undefined;
      return { ...output, path: inFormat(output.path, FORMATS.pdf), content: stored ?? content, kind: output.kind, format: 'pdf', meta: output.meta };
    };
    try {
      const key = cache.keyOf(output);
      const hit = await cache.get(key);
      if (hit) {
        cached++;
        return { output: pdfOutput(hit, key), fromCache: true };
      }
      const printer = await context.printer();
      const headings = headingsOf(output.content as string);
      const html = withHeadingAnchors(output.content as string, headings);
      let pdf = await printer.print(html);
      if (output.kind === 'combined') {
        const pages = await destinationPages(pdf);
        pdf = await printer.print(fillTocPages(html, pages));
      }
      const draft = output.meta?.draft;
      const stamp = draft && { watermark: await watermarkOf(printer, draft.word, output.lang ?? 'en', await firstPageSize(pdf)), ...(draft.parts && { parts: draft.parts }) };
      const content = await finishPdf(pdf, pdfMetadata(output, context, printer.version), headings, stamp);
      await cache.put(key, content);
      return { output: pdfOutput(content, key), fromCache: false };
    } catch (error) {
      failures.push({ output, reason: error instanceof PrintError || error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  }
}

/** Write each chapter's first page into the table of contents (`data-toc-target` spans). */
export function fillTocPages(html: string, pages: ReadonlyMap<string, number>): string {
  return html.replace(/<span class="toc-page" data-toc-target="([^"]*)"><\/span>/g, (whole, id: string) => {
    const page = pages.get(id);
    return page === undefined ? whole : `<span class="toc-page" data-toc-target="${id}">${page}</span>`;
  });
}

function pdfMetadata(output: Output, context: PrintContext, browserVersion: string): PdfMetadata {
  const meta = output.meta!;
  return {
    title: meta.title,
    author: meta.author,
    subject: meta.subject,
    keywords: meta.keywords,
    lang: output.lang ?? 'en',
    creator: `notes ${context.version}`,
    producer: `notes ${context.version} with ${browserVersion}`,
    date: context.sourceDate ?? new Date(`${meta.date}T00:00:00Z`),
  };
}
