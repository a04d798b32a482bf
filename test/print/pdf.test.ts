import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString, type PDFObject } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../../src/pipeline/index.js';

// The sample notes built once (PDFs and zips), then read the way a reader's tools read them:
// poppler's pdftotext, pdfinfo and pdffonts, and pdf-lib for what poppler does not show.

const run = promisify(execFile);
const NOTES = fileURLToPath(new URL('../../notes', import.meta.url));
const VERSION = (JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
/** The caller's environment without SOURCE_DATE_EPOCH: only what finding the browser needs. */
const ENV = { PATH: process.env['PATH'], PUPPETEER_EXECUTABLE_PATH: process.env['PUPPETEER_EXECUTABLE_PATH'] };

const W1 = 'unpsf-2025/workshop-1/workshop-1.en.pdf';
const W2 = 'unpsf-2025/workshop-2/workshop-2.en.pdf';
const W7 = 'unpsf-2025/workshop-7/workshop-7.en.pdf';
const APO = 'apo/notification-327/notification-327.en.pdf';
const DESA = 'desa-dpidg/omnichannel-service-delivery/omnichannel-service-delivery.en.pdf';
const FORUM = 'unpsf-2025/unpsf-2025.en.pdf';

const temps: string[] = [];
async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

let out: string;
const at = (rel: string): string => path.join(out, rel);

beforeAll(async () => {
  out = await tempDir('notes-pdf-');
  const { diagnostics } = await runBuild(NOTES, out, { zip: true, env: ENV });
  expect(diagnostics).toEqual([]);
}, 120_000);

afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** pdftotext's text (of pages first..last), in reading order. */
async function pdftotext(rel: string, first?: number, last?: number): Promise<string> {
  const range = first === undefined ? [] : ['-f', String(first), '-l', String(last ?? first)];
  return (await run('pdftotext', ['-enc', 'UTF-8', ...range, at(rel), '-'], { maxBuffer: 64 * 1024 * 1024 })).stdout;
}

async function pdfinfo(rel: string): Promise<Record<string, string>> {
  const { stdout } = await run('pdfinfo', ['-enc', 'UTF-8', at(rel)]);
  return Object.fromEntries(stdout.split('\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]));
}

/** pdffonts' table, its columns cut where the dashes under the header are. */
async function pdffonts(rel: string): Promise<Record<string, string>[]> {
  const lines = (await run('pdffonts', [at(rel)])).stdout.split('\n');
  const header = lines[0] ?? '';
  const columns = [...(lines[1] ?? '').matchAll(/-+/g)].map((m) => [m.index, m.index + m[0].length] as const);
  const cut = (line: string, [from, to]: readonly [number, number], last: boolean): string => line.slice(from, last ? undefined : to).trim();
  const names = columns.map((c, i) => cut(header, c, i === columns.length - 1));
  return lines
    .slice(2)
    .filter((l) => l.trim() !== '')
    .map((line) => Object.fromEntries(columns.map((c, i) => [names[i], cut(line, c, i === columns.length - 1)])));
}

/** Assert that `parts` occur in `text` in this order. */
function expectInOrder(text: string, parts: readonly string[]): void {
  let from = 0;
  for (const part of parts) {
    const found = text.indexOf(part, from);
    expect(found, `"${part}" after …${text.slice(Math.max(0, from - 60), from)}`).toBeGreaterThanOrEqual(from);
    from = found + part.length;
  }
}

/** PDF text string → JS string. */
const textOf = (o: PDFObject | undefined): string | undefined => (o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : undefined);

/** The page (1-based) a destination points at: a name looked up in /Dests, or an explicit array. */
function destinationPage(doc: PDFDocument, dest: PDFObject | undefined): number | undefined {
  let target = dest instanceof PDFRef ? doc.context.lookup(dest) : dest;
  if (target instanceof PDFName) target = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict)?.lookup(target);
  if (target instanceof PDFDict) target = target.lookup(PDFName.of('D'));
  if (!(target instanceof PDFArray)) return undefined;
  const page = target.get(0);
  const index = doc.getPages().findIndex((p) => p.ref === page || p.ref.toString() === page?.toString());
  return index < 0 ? undefined : index + 1;
}

interface Bookmark {
  title: string;
  page: number | undefined;
  children: Bookmark[];
}

/** The /Outlines tree. */
function bookmarks(doc: PDFDocument): Bookmark[] {
  const outlines = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  const level = (first: PDFDict | undefined): Bookmark[] => {
    const items: Bookmark[] = [];
    for (let item = first; item; item = item.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      const action = item.lookupMaybe(PDFName.of('A'), PDFDict);
      items.push({
        title: textOf(item.lookup(PDFName.of('Title'))) ?? '',
        page: destinationPage(doc, item.get(PDFName.of('Dest')) ?? action?.get(PDFName.of('D'))),
        children: level(item.lookupMaybe(PDFName.of('First'), PDFDict)),
      });
    }
    return items;
  };
  return outlines ? level(outlines.lookupMaybe(PDFName.of('First'), PDFDict)) : [];
}

const flatten = (items: readonly Bookmark[]): Bookmark[] => items.flatMap((b) => [b, ...flatten(b.children)]);

/** Every link annotation of a page (1-based): its URI, or the page its destination points at. */
function links(doc: PDFDocument, page: number): { uri?: string; page?: number }[] {
  const annots = doc.getPage(page - 1).node.lookupMaybe(PDFName.of('Annots'), PDFArray);
  const result: { uri?: string; page?: number }[] = [];
  for (let i = 0; i < (annots?.size() ?? 0); i++) {
    const annot = annots!.lookup(i, PDFDict);
    if (annot.get(PDFName.of('Subtype')) !== PDFName.of('Link')) continue;
    const action = annot.lookupMaybe(PDFName.of('A'), PDFDict);
    const uri = textOf(action?.lookup(PDFName.of('URI')));
    if (uri !== undefined) result.push({ uri });
    else result.push({ page: destinationPage(doc, annot.get(PDFName.of('Dest')) ?? action?.get(PDFName.of('D'))) });
  }
  return result;
}

const loadPdf = async (rel: string): Promise<PDFDocument> => PDFDocument.load(await readFile(at(rel)), { updateMetadata: false });

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('the text of each note PDF, in reading order', () => {
  it('Workshop 7: title, five sessions, 165 minutes, sections, contact', async () => {
    const text = squash(await pdftotext(W7));
    expectInOrder(text, [
      '2025 UNITED NATIONS PUBLIC SERVICE FORUM',
      'Samarkand, Republic of Uzbekistan · 23–25 June 2025',
      'CONCEPT NOTE Workshop 7',
      'The Next Generation of Public Service: Innovation, Technology, and Citizen-Centric Solutions',
      'Organised by Digital Government Projects Management Center of the Republic of Uzbekistan in collaboration with UNU-EGOV',
      'Session 1 Opening Remarks & Keynote Speech 20 minutes',
      'Session 2 Panel Discussion 50 minutes',
      'Session 3 Interactive Breakout Sessions 60 minutes',
      'Session 4 Presentation of Breakout Outcomes 20 minutes',
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
    expect(text).not.toContain('Session 6');
  });

  it('Workshop 1: title, six sessions, sections, both contacts', async () => {
    const text = squash(await pdftotext(W1));
    expectInOrder(text, [
      'CONCEPT NOTE Workshop 1',
      'Creating an Enabling Environment for Public Sector Innovation',
      'Organised by Division for Public Institutions and Digital Government (DPIDG)',
      'Session 1 Understanding public sector innovation',
      'Session 2 Leadership for public sector innovation',
      'Session 3 Legal and regulatory framework and strategies for public sector innovation',
      'Session 4 Institutional setup for public sector innovation',
      'Session 5 Public servants as agents of change for public sector innovation',
      'Session 6 Conclusion and recommendation',
      'Introduction',
      'Objective',
      'Context',
      'Structure',
      'Organisational Details',
      'Contact Persons',
      'Ms. Victoria Kim',
      "Ms. Melanie Prud'Homme",
      'kim47@un.org',
      'prudhommem@un.org',
    ]);
  });

  it('Workshop 2: its eight footnotes, numbered in order, each with its address', async () => {
    const raw = await pdftotext(W2);
    expectInOrder(squash(raw), ['CONCEPT NOTE Workshop 2 (DGB)', 'Digital Government for Inclusive Service Delivery', 'Introduction', 'Organisational Details', 'Contact Persons', 'NOTES']);
    // Long addresses wrap: compare without white space.
    const notes = raw.slice(raw.lastIndexOf('NOTES')).replace(/\s+/g, '');
    const chapter4 = 'https://desapublications.un.org/sites/default/files/publications/2022-09/Chapter%204.pdf';
    expectInOrder(notes, [
      `1.SeeUNE-GovernmentSurvey2022,Chapter4formorediscussiononLeavingnoonebehindinthehybriddigitalsociety:${chapter4}`,
      '2.Seehttps://www.ictworks.org/inclusive-digital-transformation-government-services/',
      '3.See3Examples:InclusiveDigitalTransformationGovernmentServices-ICTworks',
      '4.Seehttps://centrethinktank.co.uk/2024/04/public-services-and-digital-inclusion',
      '5.Seehttps://www.weforum.org/stories/2024/01/digital-inclusion/',
      '6.Seehttps://www.digitalinclusion.org/digital-inclusion-week-2025/andhttps://www.itu.int/en/mediacentre/backgrounders/Pages/digital-inclusion-of-all.aspx',
      `7.See${chapter4}`,
      '8.Seehttps://publicadministration.un.org/egovkb/en-us/Reports/UN-E-Government-Survey-2024',
    ]);
    expect(notes).not.toContain('9.See');
    // Footnote 3 shows its title; its address is the link behind it. Every address is a live link.
    const doc = await loadPdf(W2);
    const uris = doc.getPages().flatMap((_, i) => links(doc, i + 1).map((l) => l.uri)).filter((u): u is string => u !== undefined);
    for (const url of [
      chapter4,
      'https://www.ictworks.org/inclusive-digital-transformation-government-services/',
      'https://centrethinktank.co.uk/2024/04/public-services-and-digital-inclusion',
      'https://www.weforum.org/stories/2024/01/digital-inclusion/',
      'https://www.digitalinclusion.org/digital-inclusion-week-2025/',
      'https://www.itu.int/en/mediacentre/backgrounders/Pages/digital-inclusion-of-all.aspx',
      'https://publicadministration.un.org/egovkb/en-us/Reports/UN-E-Government-Survey-2024',
    ]) {
      expect(uris, url).toContain(url);
    }
    expect(uris.filter((u) => u.startsWith('https://www.ictworks.org/'))).toHaveLength(2);
  });

  it('the APO notification: reference 327, code, issue date, participants 38 and 12', async () => {
    const text = squash(await pdftotext(APO));
    expectInOrder(text, [
      'ASIAN PRODUCTIVITY ORGANIZATION',
      'Reference No.: 327',
      'Workshop on Innovations in Public Service Delivery',
      'Date of Issue 22 April 2024',
      'Project Code 24-IP-07-GE-WSP-A',
      'Timing 11–13 June 2024',
      'Hosting Country(ies) Republic of Korea',
      'Modality Online',
      'Implementing Organization(s) Korea Productivity Center and APO Secretariat',
      'Overseas Participants 38',
      'Local Participants 12',
      'Closing Date 27 May 2024',
      'Objectives',
      'Rationale',
      'Background',
      'Topics',
      'Outcome',
      'Qualifications',
      'Dr. Indra Pradana Singawinata',
      'Secretary-General',
    ]);
  });

  it('the DESA project summary: time frame, then the four regional commissions in order', async () => {
    const text = squash(await pdftotext(DESA));
    expectInOrder(text, [
      'PROJECT SUMMARY',
      'Innovating Public Service Delivery to Achieve the Sustainable Development Goals (SDGs) through the Transfer and Adaptation of Omnichannel Approaches',
      'Time frame',
      'March 2025 – March 2027',
      'Economic Commission for Latin America & the Caribbean (ECLAC)',
      'Economic and Social Commission for Asia and the Pacific (ESCAP)',
      'United Nations Economic Commission for Africa (UNECA)',
      'Economic and Social Commission for Western Asia (ESCWA)',
      'Brief Description of Project',
      'Expected results',
      'Contact information',
      'Adriana Alberti',
      'alberti@un.org',
    ]);
  });

  it('the Uzbek Latin edition carries oʻ and gʻ as U+02BB and the tutuq as U+02BC', async () => {
    const text = await pdftotext('unpsf-2025/workshop-7/workshop-7.uz-Latn.pdf');
    expect(text).toContain('yoʻnaltirilgan');
    expect(text).toContain('ilgʻor');
    expect(text).toContain('maʼruza');
    expect(text).not.toMatch(/[oOgG]['‘’`]/);
  });

  it('the Cyrillic edition made by the tool carries ў қ ғ ҳ, with Uzbek dates', async () => {
    const text = squash(await pdftotext('unpsf-2025/workshop-7/workshop-7.uz-Cyrl.pdf'));
    for (const letter of ['ў', 'қ', 'ғ', 'ҳ', 'Ў']) expect(text, letter).toContain(letter);
    expect(text).toContain('2025 йил 23–25 июн');
    expect(text).toContain('165 дақиқа');
    expect(text).toContain('1-сессия');
  });

  it('shows no Markdown or template syntax', async () => {
    for (const rel of [W1, W2, W7, APO, DESA]) {
      const text = await pdftotext(rel);
      expect(text, rel).not.toMatch(/\*\*|\[\^\d|\]\(|\{\{|^#+ /m);
    }
  });
});

describe('the combined forum PDF', () => {
  const HEADER = '2025 UN Public Service Forum Complete document';
  const CHAPTERS = [
    { entry: 'Workshop 1: Creating an Enabling Environment for Public Sector Innovation', opening: 'CONCEPT NOTE Workshop 1 Creating an Enabling Environment for Public Sector Innovation' },
    { entry: 'Workshop 2 (DGB): Digital Government for Inclusive Service Delivery', opening: 'CONCEPT NOTE Workshop 2 (DGB) Digital Government for Inclusive Service Delivery' },
    {
      entry: 'Workshop 7: The Next Generation of Public Service: Innovation, Technology, and Citizen-Centric Solutions',
      opening: 'CONCEPT NOTE Workshop 7 The Next Generation of Public Service: Innovation, Technology, and Citizen-Centric Solutions',
    },
    { entry: 'Contact directory', opening: 'Contact directory Name Position and organisation Email Workshop(s)' },
  ];
  /** Each page's text (index 0 is page 1), read page by page with pdftotext -f N -l N. */
  let pages: string[];
  /** Each page's text without the running header and footer. */
  let bodies: string[];
  /** The page each chapter starts on, found from the text. */
  let starts: number[];

  beforeAll(async () => {
    const count = Number((await pdfinfo(FORUM))['Pages']);
    pages = await Promise.all(Array.from({ length: count }, (_, i) => pdftotext(FORUM, i + 1).then(squash)));
    bodies = pages.map((text, i) => text.replace(HEADER, '').replace(`Page ${i + 1} of ${count}`, '').trim());
    starts = CHAPTERS.map(({ opening }) => bodies.findIndex((body) => body.includes(opening)) + 1);
  });

  it('starts every chapter, once, at the top of a new page after the contents', () => {
    expect(pages.length).toBeGreaterThan(10);
    const contents = bodies.findIndex((b) => b.startsWith('Contents ')) + 1;
    expect(contents).toBeGreaterThan(1);
    CHAPTERS.forEach(({ opening }, i) => {
      expect(starts[i], opening).toBeGreaterThan(contents);
      expect(bodies[(starts[i] as number) - 1]?.startsWith(opening), `page ${starts[i]} opens with ${opening}`).toBe(true);
      expect(bodies.filter((b) => b.includes(opening)), opening).toHaveLength(1);
    });
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
  });

  it('prints in its contents the page each chapter actually starts on', () => {
    const contents = bodies.find((b) => b.startsWith('Contents ')) ?? '';
    expect(contents).toBe(`Contents ${CHAPTERS.map(({ entry }, i) => `${entry} ${starts[i]}`).join(' ')}`);
  });

  it('links each contents entry to that same page', async () => {
    const doc = await loadPdf(FORUM);
    const contents = bodies.findIndex((b) => b.startsWith('Contents ')) + 1;
    expect(links(doc, contents).map((l) => l.page)).toEqual(starts);
  });

  it('runs "Page X of Y" and the header on pages 2..Y, and neither on the cover', () => {
    const total = pages.length;
    const cover = pages[0] as string;
    expect(cover).toContain('2025 United Nations Public Service Forum');
    expect(cover).not.toMatch(/Page \d+ of \d+/);
    expect(cover).not.toContain('2025 UN Public Service Forum');
    expect(cover).not.toContain('Complete document');
    for (let page = 2; page <= total; page++) {
      const text = pages[page - 1] as string;
      expect([...text.matchAll(/Page (\d+) of (\d+)/g)].map((m) => `${m[1]}/${m[2]}`), `page ${page}`).toEqual([`${page}/${total}`]);
      expect(text.startsWith(HEADER), `header on page ${page}`).toBe(true);
    }
  });

  it('has bookmarks that follow the headings: the chapters in order, each pointing at its first page', async () => {
    const tree = bookmarks(await loadPdf(FORUM));
    // The cover's title is the one root (h1); the chapters are its children (h2), their sections below (h3).
    expect(tree.map((b) => b.title)).toEqual(['2025 United Nations Public Service Forum']);
    const chapters = tree[0]?.children ?? [];
    expect(chapters.map((b) => b.title)).toEqual(['Programme at a glance', 'Contents', ...CHAPTERS.map((c) => c.entry)]);
    expect(chapters.slice(2).map((b) => b.page)).toEqual(starts);
    expect(chapters[0]?.children.map((b) => b.title)).toEqual([]);
    expect(chapters[2]?.children.map((b) => b.title)).toEqual(['Introduction', 'Objective', 'Context', 'Structure', 'Organisational Details', 'Contact Persons']);
    expect(chapters[4]?.children.map((b) => b.title)).toEqual(['Introduction', 'Objective', 'Focus', 'Structure', 'Organisational Details', 'Contact Persons']);
    // In document order, and every one lands on a page.
    const all = flatten(tree).map((b) => b.page);
    expect(all.every((p) => p !== undefined)).toBe(true);
    expect([...(all as number[])].sort((a, b) => a - b)).toEqual(all);
  });

  it('gives each note PDF bookmarks for its sections too', async () => {
    const titles = flatten(bookmarks(await loadPdf(W7))).map((b) => b.title);
    expectInOrder(titles.join('\n'), ['Introduction', 'Objective', 'Focus', 'Structure', 'Organisational Details', 'Contact Persons']);
  });
});

describe('every PDF', () => {
  let pdfs: string[];
  beforeAll(async () => {
    pdfs = (await filesUnder(out)).filter((f) => f.endsWith('.pdf'));
  });

  it('is there: one per note edition and per combined document', () => {
    expect(pdfs).toEqual([
      'apo/apo.en.pdf',
      APO,
      'desa-dpidg/desa-dpidg.en.pdf',
      DESA,
      FORUM,
      'unpsf-2025/unpsf-2025.uz-Cyrl.pdf',
      'unpsf-2025/unpsf-2025.uz-Latn.pdf',
      W1,
      W2,
      W7,
      'unpsf-2025/workshop-7/workshop-7.uz-Cyrl.pdf',
      'unpsf-2025/workshop-7/workshop-7.uz-Latn.pdf',
    ]);
  });

  it('is tagged, names its Title, Author, Subject and Creator, and its /Lang is the edition’s', async () => {
    for (const rel of pdfs) {
      const info = await pdfinfo(rel);
      expect(info['Tagged'], rel).toBe('yes');
      for (const field of ['Title', 'Author', 'Subject', 'Keywords']) expect(info[field], `${field} of ${rel}`).toMatch(/\S{2}/);
      expect(info['Creator'], rel).toBe(`notes ${VERSION}`);
      expect(info['Producer'], rel).toMatch(new RegExp(`^notes ${VERSION.replace(/\./g, '\\.')} with \\S+`));
      const doc = await loadPdf(rel);
      expect(textOf(doc.catalog.lookup(PDFName.of('Lang'))), rel).toBe(/\.([A-Za-z-]+)\.pdf$/.exec(rel)?.[1]);
      expect(doc.catalog.lookupMaybe(PDFName.of('MarkInfo'), PDFDict)?.get(PDFName.of('Marked'))?.toString(), rel).toBe('true');
    }
  });

  it('carries each document’s own title and authors', async () => {
    const expected: Record<string, [title: string, author: string]> = {
      [W1]: ['Workshop 1: Creating an Enabling Environment for Public Sector Innovation', 'Division for Public Institutions and Digital Government'],
      [W2]: ['Workshop 2 (DGB): Digital Government for Inclusive Service Delivery', 'Digital Government Branch'],
      [W7]: ['Workshop 7: The Next Generation of Public Service: Innovation, Technology, and Citizen-Centric Solutions', 'Digital Government Projects Management Center of the Republic of Uzbekistan; UNU-EGOV'],
      [APO]: ['Workshop on Innovations in Public Service Delivery', 'Asian Productivity Organization'],
      [DESA]: ['Innovating Public Service Delivery to Achieve the Sustainable Development Goals (SDGs) through the Transfer and Adaptation of Omnichannel Approaches', 'Division for Public Institutions and Digital Government'],
      [FORUM]: ['2025 United Nations Public Service Forum', 'Division for Public Institutions and Digital Government; Government of Uzbekistan'],
    };
    for (const [rel, [title, author]] of Object.entries(expected)) {
      const info = await pdfinfo(rel);
      expect([info['Title'], info['Author']], rel).toEqual([title, author]);
    }
  });

  // Regression (fixed in 19675eb, src/pipeline/pack.ts, now src/pack/pack.ts): the PDF metadata took the collection's
  // English name and theme even in an edition whose cover shows its translation
  // (collection.yaml translations.uz-Latn), so the Uzbek combined PDF was announced in English.
  it('an Uzbek combined document is titled in Uzbek, as its cover is', async () => {
    const rel = 'unpsf-2025/unpsf-2025.uz-Latn.pdf';
    expect(squash(await pdftotext(rel, 1))).toContain('Birlashgan Millatlar Tashkilotining 2025-yilgi Davlat xizmati forumi');
    const info = await pdfinfo(rel);
    expect(info['Title']).toBe('Birlashgan Millatlar Tashkilotining 2025-yilgi Davlat xizmati forumi');
    expect(info['Subject']).toBe('2030-yilgacha besh yil: barqaror kelajak uchun davlat xizmatlari koʻrsatishni jadallashtirish');
  });

  it('embeds every font it uses, none of them Type 3', async () => {
    for (const rel of pdfs) {
      const fonts = await pdffonts(rel);
      expect(fonts.length, rel).toBeGreaterThan(0);
      expect(
        fonts.filter((f) => f['emb'] !== 'yes' || (f['type'] ?? '').startsWith('Type 3')),
        rel,
      ).toEqual([]);
    }
  });
});

describe('packs', () => {
  type Entry = { file: string; bytes: number; sha256: string; source: string | null; language: string | null; kind: string; format: string };
  const manifestOf = async (folder: string): Promise<Entry[]> => (JSON.parse(await readFile(at(`${folder}/manifest.json`), 'utf8')) as { files: Entry[] }).files;
  let files: string[];
  let packs: string[];
  beforeAll(async () => {
    files = await filesUnder(out);
    packs = [...new Set(files.filter((f) => f.split('/').length === 3).map((f) => path.posix.dirname(f)))].sort();
  });

  it('are one folder per note', () => {
    expect(packs).toEqual(['apo/notification-327', 'desa-dpidg/omnichannel-service-delivery', 'unpsf-2025/workshop-1', 'unpsf-2025/workshop-2', 'unpsf-2025/workshop-7']);
  });

  it('each hold a manifest.json listing every other file in the folder, with its true size and SHA-256', async () => {
    for (const pack of packs) {
      const manifest = await manifestOf(pack);
      const onDisk = files.filter((f) => path.posix.dirname(f) === pack && !f.endsWith('/manifest.json')).map((f) => path.posix.basename(f));
      expect(manifest.map((e) => e.file), pack).toEqual(onDisk);
      for (const entry of manifest) {
        const bytes = await readFile(at(`${pack}/${entry.file}`));
        expect({ file: entry.file, bytes: entry.bytes, sha256: entry.sha256 }).toEqual({ file: entry.file, bytes: bytes.byteLength, sha256: sha256(bytes) });
        expect(entry.format).toBe(path.extname(entry.file).slice(1));
        expect(entry.language).toBe(/\.([A-Za-z-]+)\.(html|pdf)$/.exec(entry.file)?.[1]);
        expect(entry.source).toMatch(new RegExp(`^${pack.split('/')[0]}/.+\\.md$`));
      }
    }
  });

  it('list the combined documents at each collection’s root the same way', async () => {
    for (const collection of ['apo', 'desa-dpidg', 'unpsf-2025']) {
      const manifest = await manifestOf(collection);
      const onDisk = files.filter((f) => path.posix.dirname(f) === collection && /\.(html|pdf)$/.test(f) && !f.endsWith('/index.html')).map((f) => path.posix.basename(f));
      expect(manifest.map((e) => e.file), collection).toEqual(onDisk);
      for (const entry of manifest) {
        const bytes = await readFile(at(`${collection}/${entry.file}`));
        expect([entry.bytes, entry.sha256], entry.file).toEqual([bytes.byteLength, sha256(bytes)]);
      }
    }
  });

  it('are zipped (zip: true) one archive per pack, holding exactly the pack’s files, byte for byte', async () => {
    expect(files.filter((f) => f.endsWith('.zip'))).toEqual(packs.map((p) => `${p}.zip`).sort());
    for (const pack of packs) {
      const archive = unzipSync(await readFile(at(`${pack}.zip`)));
      const name = path.posix.basename(pack);
      const expected = files.filter((f) => path.posix.dirname(f) === pack).map((f) => `${name}/${path.posix.basename(f)}`);
      expect(Object.keys(archive).sort(), pack).toEqual(expected);
      for (const [entry, bytes] of Object.entries(archive)) {
        expect(sha256(bytes), entry).toBe(sha256(await readFile(at(`${path.posix.dirname(pack)}/${entry}`))));
      }
    }
  });
});

describe('reproducible builds', () => {
  async function snapshot(dir: string): Promise<Map<string, string>> {
    const hashes = new Map<string, string>();
    for (const rel of await filesUnder(dir)) hashes.set(rel, sha256(await readFile(path.join(dir, rel))));
    return hashes;
  }

  it('without SOURCE_DATE_EPOCH: a second build into another folder is the same, every file, byte for byte', async () => {
    const again = await tempDir('notes-repro-');
    await runBuild(NOTES, again, { zip: true, env: ENV });
    const first = await snapshot(out);
    expect(first.size).toBeGreaterThan(30);
    expect(await snapshot(again)).toEqual(first);
  }, 60_000);

  it('with the same SOURCE_DATE_EPOCH: two builds are the same, byte for byte, and stamped with that date', async () => {
    const env = { ...ENV, SOURCE_DATE_EPOCH: '1700000000' }; // 2023-11-14T22:13:20Z
    const a = await tempDir('notes-repro-a-');
    const b = await tempDir('notes-repro-b-');
    await runBuild(NOTES, a, { zip: true, env });
    await runBuild(NOTES, b, { zip: true, env });
    const first = await snapshot(a);
    expect(first.size).toBeGreaterThan(30);
    expect(await snapshot(b)).toEqual(first);
    // The date really came from SOURCE_DATE_EPOCH: the PDFs differ from the unstamped build's.
    const unstamped = await snapshot(out);
    expect([...first.keys()].filter((f) => f.endsWith('.pdf') && first.get(f) === unstamped.get(f))).toEqual([]);
    const { stdout } = await run('pdfinfo', ['-isodates', path.join(a, W7)]);
    expect(stdout).toMatch(/CreationDate:\s+2023-11-14T22:13:20(Z|\+00)/);
  }, 90_000);
});
