import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../../src/pipeline/index.js';
import { pdfFonts, pdfInfo, pdfText } from '../helpers/pdf.js';

// The sample built once with PDFs (and zips), then read as a reader's tools read it.
let out: string;
const pdf = (rel: string): string => path.join(out, rel);
const version = (JSON.parse(await readFile('package.json', 'utf8')) as { version: string }).version;

beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'notes-pdf-'));
  const { diagnostics } = await runBuild('notes', out, { zip: true, env: {} });
  expect(diagnostics).toEqual([]);
}, 180_000);

function inOrder(text: string, parts: string[]): void {
  let at = -1;
  for (const part of parts) {
    const next = text.indexOf(part, at + 1);
    expect(next, `"${part}" after position ${at}`).toBeGreaterThan(at);
    at = next;
  }
}

const flat = (s: string): string => s.replace(/\s+/g, ' ');

describe('text of each note PDF, in reading order', () => {
  it('Workshop 7', async () => {
    const text = flat(await pdfText(pdf('unpsf-2025/workshop-7/workshop-7.en.pdf')));
    inOrder(text, [
      'The Next Generation of Public Service',
      'Session 1 Opening Remarks & Keynote Speech 20 minutes',
      'Session 5 Q&A and Closing Session 15 minutes',
      'Total 165 minutes',
      'Introduction',
      'Objective',
      'Focus',
      'Structure',
      'Organisational Details',
      'Contact Persons',
      'Mr. Dilshat Saitov',
      'd.saitov@egov.uz',
    ]);
  });

  it('Workshop 2, with its eight footnote addresses', async () => {
    const text = (await pdfText(pdf('unpsf-2025/workshop-2/workshop-2.en.pdf'))).replace(/-\n/g, '-').replace(/\n/g, '');
    inOrder(text, [
      'desapublications.un.org/sites/default/files/publications/2022-09/Chapter%204.pdf',
      'www.ictworks.org/inclusive-digital-transformation-government-services/',
      '3 Examples: Inclusive Digital Transformation Government Services - ICTworks',
      'centrethinktank.co.uk/2024/04/public-services-and-digital-inclusion',
      'www.weforum.org/stories/2024/01/digital-inclusion/',
      'www.digitalinclusion.org/digital-inclusion-week-2025/',
      'www.itu.int/en/mediacentre/backgrounders/Pages/digital-inclusion-of-all.aspx',
      'publicadministration.un.org/egovkb/en-us/Reports/UN-E-Government-Survey-2024',
    ]);
  });

  it('the APO notification', async () => {
    const text = flat(await pdfText(pdf('apo/notification-327/notification-327.en.pdf')));
    inOrder(text, ['Reference No.: 327', '22 April 2024', '24-IP-07-GE-WSP-A', '11–13 June 2024', 'Online', '38', '12', '27 May 2024', 'Objectives', 'Qualifications', 'Dr. Indra Pradana Singawinata', 'Secretary-General']);
  });

  it('the DESA project summary', async () => {
    const text = flat(await pdfText(pdf('desa-dpidg/omnichannel-service-delivery/omnichannel-service-delivery.en.pdf')));
    inOrder(text, ['March 2025 – March 2027', '(ECLAC)', '(ESCAP)', '(UNECA)', '(ESCWA)', 'Brief Description of Project', 'Expected results', 'alberti@un.org']);
  });

  it('the Uzbek edition carries oʻ and gʻ as U+02BB and the tutuq as U+02BC', async () => {
    const text = await pdfText(pdf('unpsf-2025/workshop-7/workshop-7.uz-Latn.pdf'));
    expect(text).toContain('yoʻnaltirilgan');
    expect(text).toContain('ilgʻor');
    expect(text).toContain('maʼruza');
    expect(text).not.toMatch(/[oOgG]['‘’`]/);
  });

  it('the Cyrillic edition made by the tool carries ў қ ғ ҳ, with Uzbek dates', async () => {
    const text = await pdfText(pdf('unpsf-2025/workshop-7/workshop-7.uz-Cyrl.pdf'));
    for (const letter of ['ў', 'қ', 'ғ', 'ҳ', 'Ў']) expect(text, letter).toContain(letter);
    expect(flat(text)).toContain('2025 йил 23–25 июн');
    expect(flat(text)).toContain('165 дақиқа');
    expect(flat(text)).toContain('1-сессия');
  });
});

describe('the combined forum document', () => {
  const file = (): string => pdf('unpsf-2025/unpsf-2025.en.pdf');

  it('prints in its contents the page where each chapter starts', async () => {
    const info = await pdfInfo(file());
    const pages = Number(info['Pages']);
    const starts = new Map<string, number>();
    for (let page = 1; page <= pages; page++) {
      const text = flat(await pdfText(file(), page));
      for (const [key, heading] of [
        ['Workshop 1', 'CONCEPT NOTE Workshop 1 '],
        ['Workshop 2', 'CONCEPT NOTE Workshop 2 (DGB) '],
        ['Workshop 7', 'CONCEPT NOTE Workshop 7 '],
        ['Contact directory', 'Contact directory Name'],
      ] as const) {
        if (!starts.has(key) && page > 3 && text.includes(heading)) starts.set(key, page);
      }
    }
    expect(starts.size).toBe(4);
    const contents = flat(await pdfText(file(), 3));
    expect(contents).toContain('Contents');
    for (const [key, page] of starts) {
      expect(contents, key).toMatch(new RegExp(`${key}[^0-9]*?[^0-9]${page} `));
    }
  });

  it('runs a header and "Page X of Y" on every page but the cover', async () => {
    const pages = Number((await pdfInfo(file()))['Pages']);
    const cover = flat(await pdfText(file(), 1));
    expect(cover).not.toMatch(/Page \d+ of/);
    expect(cover).not.toContain('2025 UN Public Service Forum Complete document');
    for (const page of [2, Math.ceil(pages / 2), pages]) {
      const text = flat(await pdfText(file(), page));
      expect(text).toContain(`Page ${page} of ${pages}`);
      expect(text).toContain('2025 UN Public Service Forum');
    }
  });

  it('has bookmarks that follow the headings', async () => {
    const doc = await PDFDocument.load(await readFile(file()));
    const outlines = doc.catalog.lookup(PDFName.of('Outlines'), PDFDict);
    const titles: string[] = [];
    const walk = (item: PDFDict | undefined, depth: number): void => {
      while (item) {
        const title = item.lookup(PDFName.of('Title'));
        if (title instanceof PDFHexString || title instanceof PDFString) titles.push(`${'  '.repeat(depth)}${title.decodeText()}`);
        walk(item.lookupMaybe(PDFName.of('First'), PDFDict), depth + 1);
        item = item.lookupMaybe(PDFName.of('Next'), PDFDict);
      }
    };
    walk(outlines.lookupMaybe(PDFName.of('First'), PDFDict), 0);
    expect(titles.slice(0, 5)).toEqual([
      '2025 United Nations Public Service Forum',
      '  Programme at a glance',
      '  Contents',
      '  Workshop 1: Creating an Enabling Environment for Public Sector Innovation',
      '    Introduction',
    ]);
    expect(titles.filter((t) => t.startsWith('  Workshop'))).toEqual([
      '  Workshop 1: Creating an Enabling Environment for Public Sector Innovation',
      '  Workshop 2 (DGB): Digital Government for Inclusive Service Delivery',
      '  Workshop 7: The Next Generation of Public Service: Innovation, Technology, and Citizen-Centric Solutions',
    ]);
    expect(titles[titles.length - 1]).toBe('  Contact directory');
  });
});

describe('every PDF', () => {
  async function allPdfs(): Promise<string[]> {
    const files = await readdir(out, { recursive: true });
    return files.filter((f) => f.endsWith('.pdf')).map((f) => pdf(f));
  }

  it('is tagged, with Title, Author, Subject, Keywords, Creator and /Lang set', async () => {
    const files = await allPdfs();
    expect(files.length).toBe(12);
    for (const file of files) {
      const info = await pdfInfo(file);
      expect(info['Tagged'], file).toBe('yes');
      expect(info['Title']?.length, file).toBeGreaterThan(5);
      expect(info['Author']?.length, file).toBeGreaterThan(3);
      expect(info['Subject']?.length, file).toBeGreaterThan(3);
      expect(info['Keywords']?.length, file).toBeGreaterThan(3);
      expect(info['Creator'], file).toBe(`notes ${version}`);
      const doc = await PDFDocument.load(await readFile(file));
      const lang = doc.catalog.lookup(PDFName.of('Lang'));
      expect(lang instanceof PDFString || lang instanceof PDFHexString ? lang.decodeText() : '', file).toBe(/\.(uz-Latn|uz-Cyrl)\./.exec(file)?.[1] ?? 'en');
    }
    const w7 = await pdfInfo(pdf('unpsf-2025/workshop-7/workshop-7.en.pdf'));
    expect(w7['Title']).toBe('Workshop 7: The Next Generation of Public Service: Innovation, Technology, and Citizen-Centric Solutions');
    expect(w7['Author']).toBe('Digital Government Projects Management Center of the Republic of Uzbekistan; UNU-EGOV');
  });

  it('embeds every font it uses, none of them Type 3', async () => {
    for (const file of await allPdfs()) {
      const fonts = await pdfFonts(file);
      expect(fonts.length, file).toBeGreaterThan(0);
      expect(fonts.filter((f) => !f.embedded || f.type.startsWith('Type 3')), file).toEqual([]);
    }
  });
});

describe('packs', () => {
  it('have a manifest listing every file with its size and SHA-256', async () => {
    const manifest = JSON.parse(await readFile(pdf('unpsf-2025/workshop-7/manifest.json'), 'utf8')) as {
      files: { file: string; bytes: number; sha256: string; source: string; language: string; kind: string; format: string }[];
    };
    expect(manifest.files.map((f) => f.file)).toEqual([
      'workshop-7.en.html',
      'workshop-7.en.pdf',
      'workshop-7.uz-Cyrl.html',
      'workshop-7.uz-Cyrl.pdf',
      'workshop-7.uz-Latn.html',
      'workshop-7.uz-Latn.pdf',
    ]);
    for (const entry of manifest.files) {
      const bytes = await readFile(pdf(`unpsf-2025/workshop-7/${entry.file}`));
      expect(entry.bytes).toBe(bytes.byteLength);
      expect(entry.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(entry.kind).toBe('concept-note');
    }
    expect(manifest.files[5]).toMatchObject({ source: 'unpsf-2025/workshop-7.uz-Latn.md', language: 'uz-Latn', format: 'pdf' });
  });

  it('are zipped one archive per pack, holding exactly the pack', async () => {
    const entries = Object.keys(unzipSync(await readFile(pdf('unpsf-2025/workshop-7.zip')))).sort();
    expect(entries).toEqual([
      'workshop-7/manifest.json',
      'workshop-7/workshop-7.en.html',
      'workshop-7/workshop-7.en.pdf',
      'workshop-7/workshop-7.uz-Cyrl.html',
      'workshop-7/workshop-7.uz-Cyrl.pdf',
      'workshop-7/workshop-7.uz-Latn.html',
      'workshop-7/workshop-7.uz-Latn.pdf',
    ]);
  });
});

describe('reproducible builds', () => {
  async function snapshot(dir: string): Promise<Map<string, string>> {
    const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
    const hashes = new Map<string, string>();
    for (const f of files) {
      const full = path.join(f.parentPath, f.name);
      hashes.set(path.relative(dir, full), createHash('sha256').update(await readFile(full)).digest('hex'));
    }
    return hashes;
  }

  it('give byte-identical files from the same input, with and without SOURCE_DATE_EPOCH', async () => {
    for (const env of [{}, { SOURCE_DATE_EPOCH: '1750636800' }]) {
      const a = await mkdtemp(path.join(tmpdir(), 'notes-repro-a-'));
      const b = await mkdtemp(path.join(tmpdir(), 'notes-repro-b-'));
      await runBuild('notes', a, { zip: true, env });
      await runBuild('notes', b, { zip: true, env });
      const first = await snapshot(a);
      expect(first.size).toBeGreaterThan(30);
      expect(await snapshot(b)).toEqual(first);
    }
    const stamped = await mkdtemp(path.join(tmpdir(), 'notes-repro-c-'));
    await runBuild('notes', stamped, { workshop: 7, env: { SOURCE_DATE_EPOCH: '1750636800' } });
    expect((await pdfInfo(path.join(stamped, 'unpsf-2025/workshop-7/workshop-7.en.pdf')))['CreationDate']).toContain('2025');
  }, 240_000);
});
