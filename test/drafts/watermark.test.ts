import { PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, decodePDFRawStream, pushGraphicsState, popGraphicsState, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { draftPages, stampPages, watermarkHtml, withoutMarkedContent } from '../../src/print/watermark.js';
import { hasWatermark, pageStreams } from './pdf-pages.js';

describe('draftPages', () => {
  const dests = new Map([
    ['w1', 4],
    ['w1--intro', 4],
    ['w2', 9],
    ['w3', 11],
    ['contact-directory', 14],
  ]);
  const parts = (drafts: string[]) => ({ anchors: ['w1', 'w2', 'w3', 'contact-directory'], drafts });

  it('marks every page of a note', () => {
    expect(draftPages(3, new Map())).toEqual([0, 1, 2]);
  });

  it("marks a draft chapter from its page to the page before the next part, the contact directory ending the last", () => {
    expect(draftPages(15, dests, parts(['w2']))).toEqual([8, 9]);
    expect(draftPages(15, dests, parts(['w1', 'w3']))).toEqual([3, 4, 5, 6, 7, 10, 11, 12]);
    expect(draftPages(15, dests, parts([]))).toEqual([]);
  });

  it('runs the last chapter to the end when nothing follows it, and marks a page shared with the next part', () => {
    expect(draftPages(12, new Map([['w1', 2], ['w2', 5]]), { anchors: ['w1', 'w2', 'contact-directory'], drafts: ['w2'] })).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
    expect(draftPages(6, new Map([['w1', 2], ['w2', 2]]), { anchors: ['w1', 'w2'], drafts: ['w1'] })).toEqual([1]);
  });

  it('marks the whole document when a draft chapter cannot be found (never an unmarked draft page)', () => {
    expect(draftPages(5, new Map([['w2', 3]]), { anchors: ['w1', 'w2'], drafts: ['w1'] })).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('withoutMarkedContent', () => {
  it('drops BDC, BMC, EMC, MP and DP with their operands, and keeps everything else as written', () => {
    const content = '/P <</MCID 0 /ActualText (a >> b \\) c)>>BDC\nBT\n/F4 12 Tf\n[<01B8> 120 <01B9>] TJ\nET\nEMC\n/Artifact BMC q 1 0 0 1 0 0 cm Q EMC /Tag MP /Tag <</A [1 2]>> DP (EMC) Tj <454d43> Tj';
    expect(withoutMarkedContent(content)).toBe('\nBT\n/F4 12 Tf\n[<01B8> 120 <01B9>] TJ\nET q 1 0 0 1 0 0 cm Q (EMC) Tj <454d43> Tj');
  });

  it('keeps a content stream without marked content byte for byte', () => {
    const content = '.23999999 0 0 -.23999999 0 842.88 cm\nq\n0 0 2483.0078 3512.0117 re\nW* n\n/G5 gs\n/X6 Do\nQ\n';
    expect(withoutMarkedContent(content)).toBe(content);
  });
});

describe('watermarkHtml', () => {
  it('is one page of the document\'s size with the word escaped, in the edition\'s language, corner to corner', () => {
    const html = watermarkHtml('<Draft & "co">', 'fr', { width: 595.92, height: 842.88 });
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('@page { size: 595.92pt 842.88pt; margin: 0; }');
    expect(html).toContain('&#60;Draft &#38; &#34;co&#34;&#62;');
    expect(html).toContain('rotate(-54.74deg)');
    expect(html).not.toMatch(/<script|url\(/);
  });
});

describe('stampPages', () => {
  /** A one-page "watermark" whose text is tagged, as the browser prints it. */
  async function taggedWatermark(): Promise<Uint8Array> {
    const doc = await PDFDocument.create();
    const page = doc.addPage([200, 300]);
    const font = await doc.embedFont(StandardFonts.Helvetica);
    page.drawText('DRAFT', { x: 20, y: 150, size: 40, font });
    const [first] = pageStreams(doc, 0);
    // Wrap its text as the browser does: tagged content with an MCID.
    page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.flateStream(`/P <</MCID 0>> BDC\n${first}\nEMC\n`)));
    return doc.save();
  }

  it('draws one shared XObject over the listed pages only, as a watermark artifact, scaled to each page, with no tagged content in it', async () => {
    const made = await PDFDocument.create();
    for (const size of [[595, 842], [595, 842], [842, 595]] as const) made.addPage([...size]).drawText('body');
    // Loaded, as finishPdf loads what the browser printed.
    const doc = await PDFDocument.load(await made.save());
    const before = pageStreams(doc, 1);
    await stampPages(doc, await taggedWatermark(), [0, 2]);
    expect([0, 1, 2].map((i) => hasWatermark(doc, i))).toEqual([true, false, true]);
    expect(pageStreams(doc, 1)).toEqual(before);
    const forms = [0, 2].map((i) => doc.getPage(i).node.Resources()?.lookup(PDFName.of('XObject'), PDFDict).get(PDFName.of('NotesDraft')));
    expect(forms[0]).toBeInstanceOf(PDFRef);
    expect(forms[1]).toBe(forms[0]);
    const form = doc.context.lookup(forms[0] as PDFRef) as PDFRawStream;
    const text = Buffer.from(decodePDFRawStream(form).decode()).toString('latin1');
    expect(text).toContain('Tj');
    expect(text).not.toMatch(/MCID|BDC|EMC/);
    expect(pageStreams(doc, 0).join('\n')).toContain(`${595 / 200} 0 0 ${Math.round((842 / 300) * 1e5) / 1e5} 0 0 cm`);
    expect(pageStreams(doc, 2).join('\n')).toContain(`${842 / 200} 0 0 ${Math.round((595 / 300) * 1e5) / 1e5} 0 0 cm`);
    // The page's own drawing is wrapped in q … Q first, so the stamp's coordinates are the page's.
    const streams = pageStreams(doc, 0);
    expect(streams[0]?.trim()).toBe(pushGraphicsState().toString().trim());
    expect(streams.at(-2)?.trim()).toBe(popGraphicsState().toString().trim());
    await expect(PDFDocument.load(await doc.save())).resolves.toBeDefined();
  });

  it('leaves the document alone when no page is a draft', async () => {
    const doc = await PDFDocument.create();
    doc.addPage().drawText('body');
    const before = await doc.save();
    await stampPages(doc, await taggedWatermark(), []);
    expect(await doc.save()).toEqual(before);
  });
});
