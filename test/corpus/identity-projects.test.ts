import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Element, ElementContent } from 'hast';
import { select, selectAll } from 'hast-util-select';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/report.js';
import type { Output } from '../../src/pack/pack.js';
import { runBuild } from '../../src/pipeline/index.js';
import { TEXT_FORMATS } from '../../src/render/facts-text.js';
import { createLocale } from '../../src/render/locale.js';
import { eyebrowOf, withHonorific } from '../../src/render/view.js';
import type { KindDefinition } from '../../src/model/kind.js';
import type { NoteData } from '../../src/model/types.js';
import { runCli } from '../helpers/cli.js';
import { page, type Page } from '../helpers/html.js';
import { pdfInfo, pdfText } from '../helpers/pdf.js';

/*
 * Issue 15, "the note model fits what secretariats actually write": identity without invention
 * (workshop labels, any number of contacts, free honorifics, several phones), project
 * notifications of every year (no reference, "up to" participants, organisations with their
 * addresses, co-sponsors, revisions, dates written as text) and project summaries (code, budget,
 * SDGs, focus countries and regions, a time frame in days). The corpus in test/corpus/notes/ holds
 * real-looking documents of these shapes; each is validated, built, and read as a reader would.
 */

const CORPUS = fileURLToPath(new URL('./notes', import.meta.url));
/** This file's collections (other tests add theirs beside them in test/corpus/notes/). */
const COLLECTIONS = ['apo-archive', 'desa-dpidg-projects', 'regional-forum-2024'];
/** Only what finding the browser needs: no SOURCE_DATE_EPOCH, so a PDF is dated by its note. */
const ENV = { PATH: process.env['PATH'], PUPPETEER_EXECUTABLE_PATH: process.env['PUPPETEER_EXECUTABLE_PATH'] };

const OLD = 'apo-archive/notification-public-sector-productivity-2019/notification-public-sector-productivity-2019';
const REVISED = 'apo-archive/notification-218-digital-public-services/notification-218-digital-public-services';
const SUMMARY = 'desa-dpidg-projects/evidence-based-policymaking/evidence-based-policymaking';
const LABELLED = 'regional-forum-2024/workshop-ii/workshop-ii';
const UNNUMBERED = 'regional-forum-2024/youth-engagement/youth-engagement';

const temps: string[] = [];
async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

let notes: string;
let out: string;
let outputs: Output[];
let diagnostics: Diagnostic[];

async function html(rel: string): Promise<Page> {
  return page(await readFile(path.join(out, rel), 'utf8'));
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** The text of a node as a reader sees it, a line break as " / ". */
function textOf(node: ElementContent | Element | undefined): string {
  if (!node) return '';
  if (node.type === 'text') return node.value;
  if (node.type !== 'element') return '';
  if (node.tagName === 'br') return ' / ';
  return node.children.map(textOf).join('');
}

/** The facts table as [label, value] rows; a list's items (or entries) joined with " | ". */
function facts(p: Page): [string, string][] {
  return p.all('table.facts tr').map((row) => {
    const td = select('td', row);
    const items = td ? selectAll('li', td) : [];
    return [squash(textOf(select('th', row))), items.length > 0 ? items.map((li) => squash(textOf(li))).join(' | ') : squash(textOf(td))];
  });
}

/** The value of the facts row labelled `label`, or undefined when the row is left out. */
function fact(p: Page, label: string): string | undefined {
  return facts(p).find(([l]) => l === label)?.[1];
}

beforeAll(async () => {
  notes = await tempDir('notes-corpus-identity-');
  for (const c of COLLECTIONS) await cp(path.join(CORPUS, c), path.join(notes, c), { recursive: true });
  out = await tempDir('notes-corpus-identity-out-');
  ({ outputs, diagnostics } = await runBuild(notes, out, { env: ENV, force: true }));
}, 180_000);

afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('the corpus of real shapes', () => {
  it('validates with no error and no warning, even with --strict, and no value invented for it', async () => {
    const { code, stdout, stderr } = await runCli(['validate', '--notes', notes, '--format', 'json', '--strict']);
    expect({ code, stderr, diagnostics: JSON.parse(stdout) as unknown[] }).toEqual({ code: 0, stderr: '', diagnostics: [] });
    // The corpus in place validates too (the copy above is the same files).
    const inPlace = await runCli(['validate', '--notes', CORPUS, '--format', 'json', ...COLLECTIONS.map((c) => path.join(CORPUS, c))]);
    expect(JSON.parse(inPlace.stdout)).toEqual([]);
  });

  it('builds every note, its PDF and every combined document with no diagnostic', () => {
    expect(diagnostics).toEqual([]);
    const paths = outputs.map((o) => o.path);
    for (const note of [OLD, REVISED, SUMMARY, LABELLED, UNNUMBERED]) {
      expect(paths).toContain(`${note}.en.html`);
      expect(paths).toContain(`${note}.en.pdf`);
    }
    expect(paths).toContain(`${SUMMARY}.fr.html`);
    expect(paths).toContain('regional-forum-2024/regional-forum-2024.en.html');
  });
});

describe('(a) an older APO notification: no reference, "up to" participants, organisations with addresses, dates as text', () => {
  it('has no reference line: no eyebrow, the title alone', async () => {
    const p = await html(`${OLD}.en.html`);
    expect(p.all('.doc-header .eyebrow')).toHaveLength(0);
    expect(p.text('h1')).toBe('Training Course on Public-sector Productivity Specialists');
    expect(p.text('.doc-header')).not.toContain('Reference');
  });

  it('prints its dates of issue and closing as written', async () => {
    const p = await html(`${OLD}.en.html`);
    expect(fact(p, 'Date of Issue')).toBe('February 2019');
    expect(fact(p, 'Closing Date')).toBe('Mid-March 2019');
    expect(fact(p, 'Timing')).toBe('17–21 June 2019');
  });

  it('prints "up to" participants', async () => {
    const p = await html(`${OLD}.en.html`);
    expect(fact(p, 'Overseas Participants')).toBe('Up to 18');
    expect(fact(p, 'Local Participants')).toBe('Up to 10');
  });

  it('prints each implementing organisation with its address lines, telephones and email link', async () => {
    const p = await html(`${OLD}.en.html`);
    const entries = p.all('table.facts ul.entries > li');
    expect(entries).toHaveLength(2);
    expect(p.texts('table.facts ul.entries .entry-name')).toEqual(['National Productivity Council', 'APO Secretariat']);
    expect(p.texts('table.facts ul.entries > li:first-child .entry-line')).toEqual([
      'Utpadakata Bhavan, 5-6 Institutional Area, Lodhi Road',
      'New Delhi 110003, India',
      'Telephone: +91 11 2469 0331',
    ]);
    expect(p.text('table.facts ul.entries > li:first-child .entry-email')).toBe('Email: ipd@npcindia.example');
    expect(p.one('table.facts ul.entries > li:first-child .entry-email a')?.properties['href']).toBe('mailto:ipd@npcindia.example');
    expect(p.texts('table.facts ul.entries > li:last-child .entry-line')).toEqual([
      'Leaf Square Hongo Building 2F, 1-24-1 Hongo, Bunkyo-ku, Tokyo 113-0033, Japan',
      'Telephone: +81 3 3830 0411, +81 3 3830 0412',
    ]);
    expect(p.all('table.facts ul.entries > li:last-child .entry-email')).toHaveLength(0);
    // One line each: the lines are separated, not run together.
    expect(fact(p, 'Implementing Organization(s)')).toContain('National Productivity Council / Utpadakata Bhavan');
  });

  it('has no revision box, no co-sponsor row and no contact block', async () => {
    const p = await html(`${OLD}.en.html`);
    expect(p.all('.revisions')).toHaveLength(0);
    expect(fact(p, 'Co-sponsor(s)')).toBeUndefined();
    expect(p.all('.contacts')).toHaveLength(0);
  });

  it('its PDF reads the same, and is dated by the project (its issue date has no day)', async () => {
    const text = squash(await pdfText(path.join(out, `${OLD}.en.pdf`)));
    expect(text).toContain('Date of Issue February 2019');
    expect(text).toContain('Closing Date Mid-March 2019');
    expect(text).toContain('Overseas Participants Up to 18');
    expect(text).toContain('Telephone: +91 11 2469 0331');
    expect(text).not.toContain('Reference No.');
    const info = await pdfInfo(path.join(out, `${OLD}.en.pdf`));
    expect(info['CreationDate']).toMatch(/Jun 17 .*2019|2019-06-17/);
  });
});

describe('(b) a revised APO notification: co-sponsors and two revisions', () => {
  it('keeps its reference number', async () => {
    const p = await html(`${REVISED}.en.html`);
    expect(p.text('.doc-header .eyebrow')).toBe('Reference No.: 218');
  });

  it('prints a revision box near the top, each revision with its date and its change', async () => {
    const p = await html(`${REVISED}.en.html`);
    expect(p.text('.revisions caption')).toBe('Revisions');
    expect(p.texts('.revisions thead th')).toEqual(['Date', 'Changes']);
    expect(p.texts('.revisions .revision-date')).toEqual(['2 April 2021', '20 April 2021']);
    expect(p.texts('.revisions .revision-changes')).toEqual([
      'The modality is changed from In-person to Online, and the closing date for nominations is extended to 30 April 2021.',
      'The number of overseas participants is raised from 24 to 30.',
    ]);
    // Right after the header, before the facts table.
    const article = p.one('article');
    const order = (article?.children ?? [])
      .filter((c) => c.type === 'element')
      .map((c) => (c.type === 'element' ? `${c.tagName}.${String((c.properties['className'] as string[] | undefined)?.[0] ?? '')}` : ''));
    expect(order.slice(0, 3)).toEqual(['header.doc-header', 'table.revisions', 'table.facts']);
  });

  it('prints the co-sponsors, a name alone or with its email', async () => {
    const p = await html(`${REVISED}.en.html`);
    expect(fact(p, 'Co-sponsor(s)')).toBe('Ministry of Economy, Trade and Industry, Government of Japan | Korea Institute of Public Administration / Email: international@kipa.example');
    expect(p.texts('table.facts ul.entries .entry-name')).toEqual(['Ministry of Economy, Trade and Industry, Government of Japan', 'Korea Institute of Public Administration']);
    // Implementing organisations given as names alone print as a sentence, as they always have.
    expect(fact(p, 'Implementing Organization(s)')).toBe('China Productivity Center and APO Secretariat');
  });

  it('prints numbers of participants as numbers and its dates in full', async () => {
    const p = await html(`${REVISED}.en.html`);
    expect(fact(p, 'Overseas Participants')).toBe('30');
    expect(fact(p, 'Local Participants')).toBe('10');
    expect(fact(p, 'Date of Issue')).toBe('8 March 2021');
    expect(fact(p, 'Closing Date')).toBe('30 April 2021');
  });
});

describe('(c) a DESA project summary: code, budget, SDGs, focus countries, regions, a time frame in days, no contact', () => {
  it('prints each new fact in its row', async () => {
    const p = await html(`${SUMMARY}.en.html`);
    expect(fact(p, 'Project Code')).toBe('INT/23/X07');
    expect(fact(p, 'Budget')).toBe('USD 1,250,000');
    expect(fact(p, 'Sustainable Development Goals')).toBe('Goals 16, 17 — Targets 16.6, 16.7, 17.18');
    expect(fact(p, 'Focus countries')).toBe('Bangladesh, Ghana, Kyrgyzstan and Nepal');
    expect(fact(p, 'Regions')).toBe('Africa | Asia and the Pacific');
    expect(fact(p, 'Time frame')).toMatch(/^1 July 2023 ?– ?31 December 2025$/);
  });

  it('prints no contact block, and its programme no contact directory', async () => {
    const p = await html(`${SUMMARY}.en.html`);
    expect(p.all('.contacts')).toHaveLength(0);
    const combined = await html('desa-dpidg-projects/desa-dpidg-projects.en.html');
    expect(combined.all('.directory')).toHaveLength(0);
    expect(combined.texts('.toc li')).not.toContain('Contact directory');
  });

  it('prints the same facts in its French edition, in French', async () => {
    const p = await html(`${SUMMARY}.fr.html`);
    expect(fact(p, 'Code du projet')).toBe('INT/23/X07');
    expect(fact(p, 'Budget')).toBe('1 250 000 USD');
    expect(fact(p, 'Objectifs de développement durable')).toBe('Objectifs 16, 17 — Cibles 16.6, 16.7, 17.18');
    expect(fact(p, 'Pays prioritaires')).toBe('Bangladesh, Ghana, Kirghizistan et Népal');
    expect(fact(p, 'Régions')).toBe('Afrique | Asie et Pacifique');
    expect(fact(p, 'Calendrier')).toMatch(/^1(er)? juillet 2023 ?– ?31 décembre 2025$/);
  });

  it('its PDF reads the same and names the project code in its keywords', async () => {
    const text = squash(await pdfText(path.join(out, `${SUMMARY}.en.pdf`)));
    expect(text).toContain('Project Code INT/23/X07');
    expect(text).toContain('Budget USD 1,250,000');
    expect(text).toContain('Goals 16, 17 — Targets 16.6, 16.7, 17.18');
    expect(text).not.toContain('Contact information');
    expect((await pdfInfo(path.join(out, `${SUMMARY}.en.pdf`)))['Keywords']).toContain('INT/23/X07');
  });
});

describe('(d) a concept note of workshop "II": a contact addressed "H.E." with two phone numbers', () => {
  it('heads the note "Workshop II"', async () => {
    const p = await html(`${LABELLED}.en.html`);
    expect(p.text('.doc-title .eyebrow')).toBe('Workshop II:');
    expect(p.text('h1')).toBe('Workshop II: Justice Sector Reform and Access to Public Services');
    expect(p.text('title')).toBe('Workshop II: Justice Sector Reform and Access to Public Services — Regional Forum 2024');
  });

  it('prints the forms of address as written, never doubling a full stop, and every phone number', async () => {
    const p = await html(`${LABELLED}.en.html`);
    expect(p.texts('.contact-name')).toEqual(['H.E. Farrukh Tursunov', 'Prof. Dr. Elena Petrova']);
    expect(p.texts('.contact-phone')).toEqual(['Telephone: +998 71 207 0000, +998 90 123 4567', 'Telephone: +998 71 239 1234']);
    expect(p.text('.contacts')).not.toMatch(/\.\./);
    expect(p.all('.contact-email a').map((a) => a.properties['href'])).toEqual(['mailto:f.tursunov@minjust.example', 'mailto:e.petrova@academy.example']);
  });

  it('its PDF reads the same', async () => {
    const text = squash(await pdfText(path.join(out, `${LABELLED}.en.pdf`)));
    expect(text).toContain('Workshop II');
    expect(text).toContain('H.E. Farrukh Tursunov');
    expect(text).toContain('+998 71 207 0000, +998 90 123 4567');
    expect(text).toContain('Prof. Dr. Elena Petrova');
    expect(text).not.toContain('Prof. Dr..');
  });
});

describe('(e) a concept note with no workshop number and no contact person', () => {
  it('has no eyebrow: its title stands alone, in the page title too', async () => {
    const p = await html(`${UNNUMBERED}.en.html`);
    expect(p.all('.eyebrow')).toHaveLength(0);
    expect(p.text('h1')).toBe('Engaging Young People in Public Decision-making');
    expect(p.text('title')).toBe('Engaging Young People in Public Decision-making — Regional Forum 2024');
  });

  it('prints no contact block', async () => {
    const p = await html(`${UNNUMBERED}.en.html`);
    expect(p.all('.contacts')).toHaveLength(0);
    expect(p.text('article')).not.toContain('Contact Persons');
  });
});

describe('the forum of (d) and (e) as one document', () => {
  it('orders the numbered workshop first, then the labelled one, then the one with neither', async () => {
    const p = await html('regional-forum-2024/regional-forum-2024.en.html');
    expect(p.texts('.programme-item h3')).toEqual([
      'Workshop 1 Digital Government Strategies in Central Asia',
      'Workshop II Justice Sector Reform and Access to Public Services',
      'Engaging Young People in Public Decision-making',
    ]);
    expect(p.texts('.toc li a')).toEqual([
      'Workshop 1: Digital Government Strategies in Central Asia',
      'Workshop II: Justice Sector Reform and Access to Public Services',
      'Engaging Young People in Public Decision-making',
      'Contact directory',
    ]);
  });

  it('lists in its contact directory only the contacts there are, with their forms of address and workshops', async () => {
    const p = await html('regional-forum-2024/regional-forum-2024.en.html');
    const rows = p.all('.directory tbody tr').map((row) => selectAll('td', row).map((td) => squash(textOf(td))));
    expect(rows.map((r) => [r[0], r[3]])).toEqual([
      ['Ms. Victoria Kim', 'Workshop 1'],
      ['H.E. Farrukh Tursunov', 'Workshop II'],
      ['Prof. Dr. Elena Petrova', 'Workshop II'],
    ]);
  });
});

describe('workshop labels are unique in a forum, as numbers are', () => {
  it('reports a second workshop labelled "II" (and a label "7" beside the number 7)', async () => {
    const dir = await tempDir('notes-corpus-identity-dup-');
    const forum = path.join(dir, 'regional-forum-2024');
    await mkdir(forum);
    await cp(path.join(CORPUS, 'regional-forum-2024', 'collection.yaml'), path.join(forum, 'collection.yaml'));
    const note = await readFile(path.join(CORPUS, 'regional-forum-2024', 'workshop-ii.md'), 'utf8');
    await writeFile(path.join(forum, 'a.md'), note);
    await writeFile(path.join(forum, 'b.md'), note.replace('title: Justice Sector Reform', 'title: Another Workshop on Justice'));
    await writeFile(path.join(forum, 'c.md'), note.replace('workshop: II', 'workshop: 7'));
    await writeFile(path.join(forum, 'd.md'), note.replace('workshop: II', 'workshop: "7"'));
    const { code, stdout } = await runCli(['validate', '--notes', dir, '--format', 'json']);
    const found = (JSON.parse(stdout) as { file: string; ruleId: string; message: string; line: number }[]).map((d) => [path.basename(d.file), d.ruleId, d.line, d.message.split(' is already')[0]]);
    expect(found).toEqual([
      ['b.md', 'workshop-duplicate', 4, 'Workshop II'],
      ['d.md', 'workshop-duplicate', 4, 'Workshop 7'],
    ]);
    expect(code).toBe(1);
  });
});

describe('the new labels and formats in every language', () => {
  const LANGUAGES = ['en', 'ar', 'es', 'fr', 'ru', 'uz-Cyrl', 'uz-Latn', 'zh'];
  const json = async (file: string): Promise<Record<string, string>> => JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  const NEW: [file: string, keys: string[]][] = [
    ['templates/locales', ['phone', 'upTo', 'sdgGoal', 'sdgGoals', 'sdgTarget', 'sdgTargets']],
    ['kinds/project-notification/locales', ['coSponsors', 'revisions', 'changes']],
    ['kinds/project-summary/locales', ['projectCode', 'budget', 'sdgs', 'focusCountries', 'regions']],
    ['kinds/concept-note/locales', ['workshop.label']],
  ];

  it.each(LANGUAGES)('%s has every new label, with the placeholders English has', async (lang) => {
    for (const [folder, keys] of NEW) {
      const en = await json(`${folder}/en.json`);
      const own = await json(`${folder}/${lang}.json`);
      for (const key of keys) {
        expect(own[key], `${folder}/${lang}.json ${key}`).toMatch(/\S/);
        for (const placeholder of en[key]?.match(/\{\w+\}/g) ?? []) expect(own[key]).toContain(placeholder);
      }
    }
    // A label two kinds share reads the same in both (the labels of every kind are merged).
    const notification = await json(`kinds/project-notification/locales/${lang}.json`);
    const summary = await json(`kinds/project-summary/locales/${lang}.json`);
    expect(summary['projectCode']).toBe(notification['projectCode']);
  });

  it('formats money, SDGs and participants in each language', async () => {
    const locale = async (lang: string) => createLocale(lang, await json(`templates/locales/${lang}.json`));
    const money = async (lang: string) => squash(TEXT_FORMATS['money']!(await locale(lang), { amount: 1250000, currency: 'USD' })?.text ?? '');
    expect(await money('en')).toBe('USD 1,250,000');
    expect(await money('fr')).toBe('1 250 000 USD');
    expect(await money('ar')).toMatch(/1,250,000 USD/);
    expect(await money('ru')).toBe('1 250 000 USD');
    expect(squash(TEXT_FORMATS['money']!(await locale('en'), { amount: 2500.5, currency: 'EUR' })?.text ?? '')).toBe('EUR 2,500.50');
    const sdgs = async (lang: string, value: unknown) => TEXT_FORMATS['sdgs']!(await locale(lang), value)?.text;
    expect(await sdgs('zh', { goals: [16, 17], targets: ['16.6', '17.18'] })).toBe('目标16、17 — 具体目标16.6、17.18');
    expect(await sdgs('ru', { goals: [16], targets: ['16.6'] })).toBe('Цель 16 — Задача 16.6');
    expect(await sdgs('en', { goals: [5] })).toBe('Goal 5');
    expect(TEXT_FORMATS['participants']!(await locale('es'), { upTo: 18 })?.text).toBe('Hasta 18');
    expect(TEXT_FORMATS['participants']!(await locale('uz-Latn'), { upTo: 18 })?.text).toBe('18 nafargacha');
    expect(TEXT_FORMATS['writtenDate']!(await locale('fr'), '2019-03-15')?.text).toBe('15 mars 2019');
    expect(TEXT_FORMATS['writtenDate']!(await locale('fr'), 'Mid-March 2019')?.text).toBe('Mid-March 2019');
  });

  it('heads a labelled workshop with the language\'s words for a label, a numbered one as before', async () => {
    const kind = { name: 'concept-note', number: { field: 'workshop', label: 'workshop' } } as unknown as KindDefinition;
    const note = (workshop: unknown) => ({ kind: 'concept-note', title: 'T', workshop }) as NoteData;
    const zh = createLocale('zh', await json('kinds/concept-note/locales/zh.json'));
    expect(eyebrowOf(zh, note('II'), kind)).toBe('研讨会 II');
    expect(eyebrowOf(zh, note(2), kind)).toBe('第2场研讨会');
    const uz = createLocale('uz-Latn', await json('kinds/concept-note/locales/uz-Latn.json'));
    expect(eyebrowOf(uz, note('B'), kind)).toBe('Seminar B');
    expect(eyebrowOf(uz, note(3), kind)).toBe('3-seminar');
    expect(eyebrowOf(uz, note(undefined), kind)).toBeUndefined();
  });

  it('joins a form of address and a name with one space and never two full stops', () => {
    expect(withHonorific('H.E.', 'Farrukh Tursunov')).toBe('H.E. Farrukh Tursunov');
    expect(withHonorific('Excellency', 'Farrukh Tursunov')).toBe('Excellency Farrukh Tursunov');
    expect(withHonorific(' Prof. Dr. ', '. Elena Petrova')).toBe('Prof. Dr. Elena Petrova');
    expect(withHonorific(undefined, 'Elena Petrova')).toBe('Elena Petrova');
  });
});
