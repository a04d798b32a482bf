import { describe, expect, it } from 'vitest';
import { pageCount, summary } from '../../src/cli/commands/build.js';
import { barLine, createProgress, plainLine } from '../../src/cli/progress.js';

const event = { done: 5, total: 12, path: 'unpsf-2025/workshop-7/workshop-7.uz-Latn.pdf', cached: false };

function capture(isTTY: boolean, env: Record<string, string | undefined> = {}) {
  let text = '';
  const io = { stdout: { write: () => true }, stderr: { write: (s: string) => (text += s), isTTY, columns: 60 }, env };
  return { progress: createProgress(io), text: () => text };
}

describe('progress', () => {
  it('draws a bar of done/total and the current document on a terminal', () => {
    expect(barLine(event)).toBe('[##########..............]  5/12  unpsf-2025/workshop-7/workshop-7.uz-Latn.pdf');
    expect(barLine({ ...event, done: 12 }, 50)).toBe('[########################] 12/12  …-7.uz-Latn.pdf');
    const { progress, text } = capture(true);
    progress.update(event);
    progress.finish();
    expect(text()).toBe(`\r\u001b[K${barLine(event, 60)}\r\u001b[K`);
  });

  it('writes plain lines when the output is not a terminal, or when CI is set', () => {
    expect(plainLine(event)).toBe('[5/12] printed unpsf-2025/workshop-7/workshop-7.uz-Latn.pdf');
    expect(plainLine({ ...event, cached: true })).toBe('[5/12] unchanged unpsf-2025/workshop-7/workshop-7.uz-Latn.pdf');
    expect(plainLine({ ...event, failed: true })).toBe('[5/12] failed unpsf-2025/workshop-7/workshop-7.uz-Latn.pdf');
    expect(barLine({ ...event, failed: true }, 120)).toBe('[##########..............]  5/12  failed unpsf-2025/workshop-7/workshop-7.uz-Latn.pdf');
    for (const [tty, env] of [[false, {}], [true, { CI: 'true' }], [true, { TERM: 'dumb' }]] as const) {
      const { progress, text } = capture(tty, env);
      progress.update(event);
      progress.finish();
      expect(text()).toBe(`${plainLine(event)}\n`);
    }
  });
});

describe('progress of PDFs that fail', () => {
  it('says failed for each document that could not be printed, printed for the others', async () => {
    const { printOutputs } = await import('../../src/print/print-outputs.js');
    const { PrintError } = await import('../../src/print/printer.js');
    const doc = (name: string) => ({ path: `f/${name}/${name}.en.html`, content: `<p>${name}</p>`, kind: 'note' as const, lang: 'en', meta: { title: name, author: 'A', subject: 'S', keywords: [], date: '2025-01-01' } });
    const events: string[] = [];
    const printer = { version: 'X', profile: '', pid: () => undefined, close: async () => undefined, print: async (html: string) => {
      if (html.includes('bad')) throw new PrintError('the browser stopped while printing');
      const { PDFDocument } = await import('pdf-lib');
      const pdf = await PDFDocument.create();
      pdf.addPage();
      return pdf.save();
    } };
    const result = await printOutputs([doc('good'), doc('bad')] as never, { printer: async () => printer, version: '1', onProgress: (e) => events.push(plainLine(e)) });
    expect(events).toHaveLength(2);
    expect(events.some((line) => / failed f\/bad\/bad\.en\.pdf$/.test(line))).toBe(true);
    expect(events.some((line) => / printed f\/good\/good\.en\.pdf$/.test(line))).toBe(true);
    expect(events.some((line) => /printed f\/bad/.test(line))).toBe(false);
    expect(result.failures.map((f) => f.output.path)).toEqual(['f/bad/bad.en.html']);
  });
});

describe('the summary', () => {
  it('counts notes, PDFs, their pages, cache hits, errors and warnings', async () => {
    // Saved as notes saves its PDFs: without object streams.
    const { PDFDocument } = await import('pdf-lib');
    const doc = await PDFDocument.create();
    for (let i = 0; i < 3; i++) doc.addPage();
    const pdf = await doc.save({ useObjectStreams: false });
    expect(pageCount(pdf)).toBe(3);
    const line = summary(
      {
        project: { notes: [1, 2] },
        outputs: [
          { path: 'a/a.en.pdf', content: pdf, kind: 'note', format: 'pdf' },
          { path: 'a/a.fr.pdf', content: pdf, kind: 'note', format: 'pdf' },
          { path: 'a/a.en.html', content: '<p>', kind: 'note' },
        ],
        diagnostics: [{ severity: 'warning' }, { severity: 'error' }, { severity: 'warning' }],
        cached: 1,
      },
      5430,
    );
    expect(line).toBe('Done in 5.4 s: 2 notes read, 2 PDFs of 6 pages (1 unchanged, from the cache), 1 error, 2 warnings.');
    const remembered = summary({ project: { notes: [1, 2] }, outputs: [], diagnostics: [], cached: 0, remembered: { notes: 2 } }, 100);
    expect(remembered).toBe('Done in 0.1 s: 2 notes read (2 unchanged, from the memo), 0 PDFs of 0 pages (0 unchanged, from the cache), 0 errors, 0 warnings.');
    const failed = summary({ project: { notes: [1, 2] }, outputs: [], diagnostics: [{ severity: 'error', ruleId: 'print-failed' }, { severity: 'error', ruleId: 'print-failed' }], cached: 0 }, 100);
    expect(failed).toBe('Done in 0.1 s: 2 notes read, 0 PDFs of 0 pages (0 unchanged, from the cache), 2 PDFs failed, 2 errors, 0 warnings.');
  });
});
