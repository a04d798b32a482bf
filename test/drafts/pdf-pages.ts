import { PDFArray, PDFDocument, PDFFlateStream, PDFRawStream, PDFRef, PDFStream, decodePDFRawStream } from 'pdf-lib';

/** The decoded text of each content stream of a page. */
export function pageStreams(doc: PDFDocument, index: number): string[] {
  const contents = doc.getPage(index).node.Contents();
  const refs = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  return refs.map((r) => {
    const stream = (r instanceof PDFRef ? doc.context.lookup(r) : r) as PDFStream;
    const bytes = stream instanceof PDFRawStream ? decodePDFRawStream(stream).decode() : stream instanceof PDFFlateStream ? stream.getUnencodedContents() : stream.getContents();
    return Buffer.from(bytes).toString('latin1');
  });
}

/** Whether a page draws the DRAFT watermark (an /Artifact of subtype Watermark that paints an XObject). */
export function hasWatermark(doc: PDFDocument, index: number): boolean {
  return pageStreams(doc, index).some((s) => /\/Artifact <<\/Type \/Pagination \/Subtype \/Watermark>> BDC\nq\n[^\n]+ cm\n\/NotesDraft\d* Do\nQ\nEMC/.test(s));
}
