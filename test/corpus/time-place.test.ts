import { cp, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Element } from 'hast';
import { toString } from 'hast-util-to-string';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { page, type Page } from '../helpers/html.js';
import { pdfText } from '../helpers/pdf.js';
import { FORUM_YAML, conceptNote, conceptNoteFrontMatter, testdir } from '../helpers/project.js';
import { createLocale, formatDayMonth, formatDays, formatWeekday } from '../../src/render/locale.js';
import { dateText, timeText, venueValue } from '../../src/render/facts-time.js';

/*
 * Time and place (issue 15): workshops on separate days, with hours and their time zone, dates
 * still to be fixed, sessions with their day, time, room, modality, moderator and speakers, and
 * venues in person, online or hybrid — validated, then built and read back fact by fact.
 *
 * The collections are realistic notes of test/corpus/notes/: a hybrid forum in Abuja (English,
 * with an Arabic edition), a French symposium (French headings and labels) and an online forum
 * (no city anywhere).
 */

const CORPUS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'notes');
const COLLECTIONS = ['hybrid-forum', 'dcf-symposium', 'online-dialogue'];

/** Whitespace as a reader sees it: no-break spaces are spaces. */
const squash = (s: string | undefined): string | undefined => s?.replace(/[\s\u00a0\u202f]+/g, ' ').trim();

const text = (node: Element | undefined): string | undefined => (node ? squash(toString(node)) : undefined);

/** The value of the facts row labelled `label`, as printed. */
function fact(p: Page, label: string): string | undefined {
  const row = p.all('table.facts tr').find((tr) => text(p1(tr, 'th')) === label);
  return row ? text(p1(row, 'td')) : undefined;
}

/** The labels of the facts rows. */
function factLabels(p: Page): string[] {
  return p.texts('table.facts th').map((s) => squash(s) as string);
}

/** The first child element of `node` named `tag`. */
function p1(node: Element, tag: string): Element | undefined {
  return node.children.find((c): c is Element => c.type === 'element' && c.tagName === tag);
}

/** The cells of each session row of the programme (day headings apart), as texts. */
function sessionRows(p: Page): string[][] {
  return p
    .all('table.sessions tbody tr')
    .filter((tr) => !String(tr.properties?.['className'] ?? '').includes('session-day'))
    .map((tr) => tr.children.filter((c): c is Element => c.type === 'element').map((c) => text(c) as string));
}

/** A cover fact of a combined document, by its label. */
function coverFact(p: Page, label: string): string | undefined {
  const row = p.all('.cover-facts div').find((d) => text(p1(d, 'dt')) === label);
  return row ? text(p1(row, 'dd')) : undefined;
}

let notes: string;
let out: string;
const pages = new Map<string, Page>();

/** A built page, parsed once: `africa-forum-2025/workshop-1/workshop-1.en.html`. */
async function built(relative: string): Promise<Page> {
  let found = pages.get(relative);
  if (!found) {
    found = page(await readFile(path.join(out, relative), 'utf8'));
    pages.set(relative, found);
  }
  return found;
}

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'notes-time-place-'));
  notes = path.join(dir, 'notes');
  out = path.join(dir, 'out');
  for (const c of COLLECTIONS) await cp(path.join(CORPUS, c), path.join(notes, c), { recursive: true });
  const build = await runCli(['build', '--notes', notes, '--out', out, '--no-pdf', '--force', '--format', 'json']);
  expect({ code: build.code, problems: JSON.parse(build.stdout || '[]') }).toEqual({ code: 0, problems: [] });
}, 120_000);

describe('the time-and-place corpus', () => {
  it('validates with no error (and no warning but a missing section, while French headings are not known)', async () => {
    const { code, stdout } = await runCli(['validate', '--notes', notes, '--format', 'json']);
    const problems = JSON.parse(stdout) as { file: string; severity: string; ruleId: string; message: string }[];
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(problems.filter((p) => p.ruleId !== 'section-missing')).toEqual([]);
    expect(code).toBe(0);
  });

  it('prints a hybrid workshop held on separate days: its days, hours with their zone, venue and link', async () => {
    const p = await built('africa-forum-2025/workshop-1/workshop-1.en.html');
    expect(factLabels(p)).toEqual(['Date', 'Time', 'Venue', 'Languages']);
    expect(fact(p, 'Date')).toBe('16, 18 and 19 June 2025');
    expect(fact(p, 'Time')).toBe('09:00–12:30 (West Africa Time, UTC+1)');
    expect(fact(p, 'Venue')).toBe('Hybrid: Conference Room 3, Abuja International Conference Centre, Abuja, Federal Republic of Nigeria (https://un.zoom.us/j/81234567890)');
    expect(p.one('table.facts a.fact-link')?.properties?.['href']).toBe('https://un.zoom.us/j/81234567890');
    // The forum's line above the title: a hybrid forum, its place and its days.
    expect(p.text('.collection-meta')).toBe('Hybrid: Abuja International Conference Centre, Abuja, Federal Republic of Nigeria · 16–20 June 2025');
  });

  it('prints its programme with one heading a day, the times, rooms, modalities, moderators and speakers', async () => {
    const p = await built('africa-forum-2025/workshop-1/workshop-1.en.html');
    expect(squash(p.text('table.sessions caption'))).toBe('Sessions Times in West Africa Time, UTC+1');
    expect(p.texts('table.sessions thead th')).toEqual(['Session', 'Time', 'Title', 'Room', 'Duration']);
    expect(p.texts('table.sessions .session-day th')).toEqual(['Monday, 16 June 2025', 'Wednesday, 18 June 2025', 'Thursday, 19 June 2025']);
    // Each day's sessions are in that day's row group.
    expect(p.all('table.sessions tbody').map((g) => g.children.filter((c) => c.type === 'element').length)).toEqual([3, 3, 2]);
    expect(p.one('table.sessions .session-day th')?.properties?.['colSpan']).toBe(5);
    expect(p.texts('table.sessions .session-time')).toEqual(['09:00–09:30', '09:45–11:15', '09:00–10:30', '11:00–12:30', '09:00–11:00']);
    expect(p.texts('table.sessions .session-title')).toEqual([
      'Opening and Framing of the Workshop',
      'Digital Identity for All: Lessons from National Programmes',
      'Country Case Studies on Service Delivery',
      'Online Clinic on Data Protection',
      'Action Planning and Closing',
    ]);
    expect(p.all('table.sessions td.session-place').map((td) => td.children.map((c) => text(c as Element)))).toEqual([
      ['Plenary Hall', 'Hybrid'],
      ['Conference Room 3', 'Hybrid'],
      ['Conference Room 3', 'In person'],
      ['Online'],
      ['Conference Room 3', 'Hybrid'],
    ]);
    const rows = sessionRows(p);
    expect(rows.map((r) => r[0])).toEqual(['Session 1', 'Session 2', 'Session 3', 'Session 4', 'Session 5']);
    expect(rows.map((r) => r[4])).toEqual(['30 minutes', '90 minutes', '90 minutes', '90 minutes', '120 minutes']);
    expect(p.texts('table.sessions .session-moderator')).toEqual([
      'Moderator: Ms. Amina Bello, Director of Reform Coordination, Bureau of Public Service Reforms',
      'Moderator: Mr. Samuel Osei, Senior Governance and Public Administration Officer, UN DESA',
      'Moderator: Ms. Elena Rossi, Chief, Programme Management and Capacity Development Unit, UN DESA',
      'Moderator: Ms. Amina Bello',
    ]);
    // Session 3 has speakers and no moderator.
    expect(rows[2]?.[2]).not.toContain('Moderator');
    expect(p.texts('table.sessions .session-speakers-label')).toEqual(['Speakers:', 'Speakers:', 'Speakers:']);
    expect(p.all('table.sessions ul.session-speakers').map((ul) => ul.children.filter((c) => c.type === 'element').map((li) => text(li as Element)))).toEqual([
      ['H.E. Mr. Bashir Adeyemi, Minister of Communications and Digital Economy, Federal Republic of Nigeria', 'Mr. Daniel Okafor, Director, Division for Public Institutions and Digital Government, UN DESA'],
      ['Ms. Grace Otieno, Head of Registration Services, Huduma Kenya', 'Mr. Kwame Mensah, Executive Director, National Identification Authority of Ghana', 'Dr. Fatou Ndiaye'],
      ['Ms. Lerato Dlamini, Chief Director, Department of Public Service and Administration, South Africa', 'Mr. Youssef Benali, Director of Digital Transformation, Ministry of Digital Transition and Administrative Reform, Morocco'],
    ]);
    expect(p.texts('table.sessions tfoot th, table.sessions tfoot td')).toEqual(['Total', '420 minutes']);
    expect(p.one('table.sessions tfoot th')?.properties?.['colSpan']).toBe(4);
  });

  it('prints an online workshop as "Online" with its access link, and no city or country', async () => {
    const p = await built('africa-forum-2025/workshop-2/workshop-2.en.html');
    expect(fact(p, 'Date')).toBe('17 June 2025');
    expect(fact(p, 'Time')).toBe('14:00–16:00 (West Africa Time, UTC+1)');
    expect(fact(p, 'Venue')).toBe('Online (https://un.webex.com/meet/africa-forum-open-data)');
    expect(p.one('table.facts a.fact-link')?.properties?.['href']).toBe('https://un.webex.com/meet/africa-forum-open-data');
    // The note gives a country: an online venue does not print it.
    expect(p.text('table.facts')).not.toContain('Nigeria');
    // Its sessions give only minutes: the plain programme, with no time or room column.
    expect(p.texts('table.sessions thead th')).toEqual(['Session', 'Title', 'Duration']);
    expect(p.one('table.sessions .session-day')).toBeUndefined();
  });

  it('prints a date still to be determined, and a month alone', async () => {
    const tbd = await built('africa-forum-2025/workshop-3/workshop-3.en.html');
    expect(fact(tbd, 'Date')).toBe('To be determined');
    expect(factLabels(tbd)).toEqual(['Date', 'Languages']);
    const month = await built('africa-forum-2025/workshop-4/workshop-4.en.html');
    expect(fact(month, 'Date')).toBe('June 2025');
  });

  it('shows days and times on the cover and in the programme at a glance of the combined document', async () => {
    const p = await built('africa-forum-2025/africa-forum-2025.en.html');
    expect(coverFact(p, 'Dates')).toBe('16–20 June 2025');
    expect(coverFact(p, 'Time')).toBe('09:00–17:30 (West Africa Time, UTC+1)');
    expect(coverFact(p, 'Venue')).toBe('Hybrid: Abuja International Conference Centre, Abuja, Federal Republic of Nigeria (https://publicadministration.un.org/en/africa-forum-2025/registration)');
    expect(p.texts('.programme .programme-when')).toEqual([
      '16, 18 and 19 June 2025 · 09:00–12:30 (West Africa Time, UTC+1) · Hybrid: Conference Room 3, Abuja International Conference Centre, Abuja, Federal Republic of Nigeria',
      '17 June 2025 · 14:00–16:00 (West Africa Time, UTC+1) · Online',
      'Date to be determined',
      'June 2025',
    ]);
    expect(p.texts('.programme .session-when')).toEqual(['16 June, 09:00–09:30', '16 June, 09:45–11:15', '18 June, 09:00–10:30', '18 June, 11:00–12:30', '19 June, 09:00–11:00']);
    // The chapter of workshop 1 holds the same programme as its own page.
    expect(p.texts('#workshop-1 table.sessions .session-day th')).toEqual(['Monday, 16 June 2025', 'Wednesday, 18 June 2025', 'Thursday, 19 June 2025']);
  });

  it('prints the Arabic edition with Arabic labels, days, zone and punctuation', async () => {
    const p = await built('africa-forum-2025/workshop-1/workshop-1.ar.html');
    expect(p.one('html')?.properties).toMatchObject({ lang: 'ar', dir: 'rtl' });
    expect(fact(p, 'التاريخ')).toBe('16 و18 و19 يونيو 2025');
    expect(fact(p, 'الوقت')).toBe('09:00–12:30 (توقيت غرب أفريقيا، UTC+1)');
    expect(fact(p, 'المكان')).toBe('هجين: قاعة المؤتمرات 3، مركز أبوجا الدولي للمؤتمرات، أبوجا، جمهورية نيجيريا الاتحادية (https://un.zoom.us/j/81234567890)');
    expect(squash(p.text('table.sessions caption'))).toBe('الجلسات جميع الأوقات: توقيت غرب أفريقيا، UTC+1');
    expect(p.texts('table.sessions thead th')).toEqual(['الجلسة', 'الوقت', 'العنوان', 'القاعة', 'المدة']);
    expect(p.texts('table.sessions .session-day th')).toEqual(['الاثنين، 16 يونيو 2025', 'الأربعاء، 18 يونيو 2025', 'الخميس، 19 يونيو 2025']);
    expect(p.texts('table.sessions .session-room')[0]).toBe('القاعة العامة');
    expect(p.texts('table.sessions .session-modality')).toEqual(['هجين', 'هجين', 'حضوريًا', 'عبر الإنترنت', 'هجين']);
    expect(p.texts('table.sessions .session-moderator')[0]).toBe('إدارة الجلسة: Ms. Amina Bello، مديرة تنسيق الإصلاح، مكتب إصلاحات الخدمة العامة');
    expect(p.texts('table.sessions .session-speakers-label')).toEqual(['المتحدثون:', 'المتحدثون:', 'المتحدثون:']);
    // The forum's venue in Arabic from its translation; its modality from the source.
    expect(p.text('.collection-meta')).toBe('هجين: مركز أبوجا الدولي للمؤتمرات، أبوجا، جمهورية نيجيريا الاتحادية · 16–20 يونيو 2025');
  });

  it('prints a French workshop in French: days, hours, venue, people and labels', async () => {
    const p = await built('dcf-symposium-2025/atelier-1/atelier-1.fr.html');
    expect(factLabels(p)).toEqual(['Date', 'Horaire', 'Lieu', 'Langues']);
    expect(fact(p, 'Date')).toBe('13 et 15 octobre 2025');
    expect(fact(p, 'Horaire')).toBe('9 h 30 – 12 h 30 (heure moyenne de Greenwich, UTC)');
    expect(fact(p, 'Lieu')).toBe('Hybride : Salle Gorée, Centre international de conférences Abdou Diouf, Diamniadio, République du Sénégal (https://un.webex.com/meet/fcd-atelier-1)');
    expect(p.texts('table.sessions thead th')).toEqual(['Session', 'Horaire', 'Titre', 'Salle', 'Durée']);
    expect(squash(p.text('table.sessions caption'))).toBe('Sessions Heures indiquées : heure moyenne de Greenwich, UTC');
    expect(p.texts('table.sessions .session-day th')).toEqual(['Lundi 13 octobre 2025', 'Mercredi 15 octobre 2025']);
    expect(p.texts('table.sessions .session-time').map(squash)).toEqual(['9 h 30 – 10 h', '10 h 15 – 12 h 30', '9 h 30 – 12 h 30']);
    expect(p.texts('table.sessions .session-moderator')).toEqual([
      'Modération : Mme Aïssatou Diallo, Directrice de la modernisation de l’administration, Sénégal',
      'Modération : M. Jean-Baptiste Kaboré, Conseiller régional, Burkina Faso',
    ]);
    expect(p.texts('table.sessions .session-speakers-label')).toEqual(['Interventions :', 'Interventions :']);
    expect(p.texts('table.sessions .session-speakers li')).toEqual(['M. Ousmane Sy, Ministre de la Fonction publique et de la Réforme du service public', 'Mme Claire Dubois, Cheffe de service, DAES', 'Mme Mariam Traoré, Maire adjointe, Commune de Bamako', 'M. Koffi Agbéko']);
    expect(p.all('table.sessions td.session-place').map((td) => td.children.map((c) => text(c as Element)))).toEqual([['Salle Gorée'], ['Salle Gorée', 'Hybride'], ['Salle Saloum', 'En présentiel']]);
    // The French headings are the body's sections.
    expect(p.texts('.body h2')).toEqual(['Introduction', 'Objectifs', 'Contexte', 'Structure', 'Détails organisationnels']);

    const online = await built('dcf-symposium-2025/atelier-2/atelier-2.fr.html');
    expect(fact(online, 'Date')).toBe('octobre 2025');
    expect(fact(online, 'Lieu')).toBe('En ligne (https://un.webex.com/meet/fcd-atelier-2)');
    const tbd = await built('dcf-symposium-2025/atelier-3/atelier-3.fr.html');
    expect(fact(tbd, 'Date')).toBe('À déterminer');

    const combined = await built('dcf-symposium-2025/dcf-symposium-2025.fr.html');
    expect(squash(coverFact(combined, 'Horaire'))).toBe('9 h 30 – 18 h (heure moyenne de Greenwich, UTC)');
    expect(combined.texts('.programme .programme-when').map(squash)).toEqual([
      '13 et 15 octobre 2025 · 9 h 30 – 12 h 30 (heure moyenne de Greenwich, UTC) · Hybride : Salle Gorée, Centre international de conférences Abdou Diouf, Diamniadio, République du Sénégal',
      'octobre 2025 · En ligne',
      'Date à déterminer',
    ]);
  });

  it('prints an online forum with no city: "Online" and its link on the cover and over every note', async () => {
    const combined = await built('online-dialogue-2025/online-dialogue-2025.en.html');
    expect(coverFact(combined, 'Venue')).toBe('Online (https://publicadministration.un.org/en/online-dialogue-2025)');
    expect(coverFact(combined, 'Time')).toBe('13:00–16:00 (UTC)');
    const p = await built('online-dialogue-2025/workshop-1/workshop-1.en.html');
    expect(p.text('.collection-meta')).toBe('Online · 4–5 November 2025');
    expect(fact(p, 'Time')).toBe('13:00–14:30 (UTC)');
    expect(fact(p, 'Venue')).toBeUndefined();
    // A session in another zone says its own; the others are in the workshop's, said once.
    expect(squash(p.text('table.sessions caption'))).toBe('Sessions Times in UTC');
    expect(p.texts('table.sessions .session-time')).toEqual(['13:00–13:45', '09:45–10:30 (Eastern Standard Time, UTC−5)']);
    // No session gives a day, a room or a modality: no day headings, no room column.
    expect(p.texts('table.sessions thead th')).toEqual(['Session', 'Time', 'Title']);
    expect(p.one('table.sessions .session-day')).toBeUndefined();
  });

  it('prints the programme of the hybrid workshop in its PDF, as a reader reads it', async () => {
    const pdfOut = path.join(path.dirname(out), 'pdf');
    const { code, stderr } = await runCli(['build', '--notes', notes, '--out', pdfOut, '--forum', 'africa-forum-2025', '--workshop', '1'], { ...process.env });
    expect({ code, stderr: stderr.includes(' error ') ? stderr : '' }).toEqual({ code: 0, stderr: '' });
    const textOf = squash(await pdfText(path.join(pdfOut, 'africa-forum-2025/workshop-1/workshop-1.en.pdf'))) as string;
    for (const expected of [
      '16, 18 and 19 June 2025',
      '09:00–12:30 (West Africa Time, UTC+1)',
      'Hybrid: Conference Room 3, Abuja International Conference Centre, Abuja, Federal Republic of Nigeria',
      'https://un.zoom.us/j/81234567890',
      'Times in West Africa Time, UTC+1',
      'Monday, 16 June 2025',
      'Wednesday, 18 June 2025',
      'Thursday, 19 June 2025',
      '09:45–11:15',
      'Plenary Hall',
      'Moderator: Ms. Amina Bello',
      'Speakers:',
      'Dr. Fatou Ndiaye',
    ]) {
      expect(textOf).toContain(expected);
    }
    // The days come in order, and the programme before the body.
    expect(textOf.indexOf('Monday, 16 June 2025')).toBeLessThan(textOf.indexOf('Wednesday, 18 June 2025'));
    expect(textOf.indexOf('Wednesday, 18 June 2025')).toBeLessThan(textOf.indexOf('Thursday, 19 June 2025'));
    expect(textOf.indexOf('Thursday, 19 June 2025')).toBeLessThan(textOf.indexOf('Introduction'));
  }, 120_000);
});

describe('the checks of time and place', () => {
  /** The problems `notes validate` reports for a forum with this one concept note. */
  async function problemsOf(frontMatter: string, forum = FORUM_YAML): Promise<{ ruleId: string; severity: string; message: string; line: number }[]> {
    const dir = await testdir({ 'notes/f/collection.yaml': forum, 'notes/f/w1.md': conceptNote({ frontMatter }) });
    const { stdout } = await runCli(['validate', '--notes', path.join(dir, 'notes'), '--format', 'json']);
    return JSON.parse(stdout) as { ruleId: string; severity: string; message: string; line: number }[];
  }
  const base = (extra: string): string => conceptNoteFrontMatter(extra);

  it('accepts separate days inside the forum, TBD and a month alone', async () => {
    expect(await problemsOf(base('date: [2025-06-23, 2025-06-25]'))).toEqual([]);
    expect(await problemsOf(base('date: TBD'))).toEqual([]);
    expect(await problemsOf(base('date: 2025-06'))).toEqual([]);
  });

  it('reports a day of a list outside the forum, at the list', async () => {
    const problems = await problemsOf(base('date: [2025-06-23, 2025-06-27]'));
    expect(problems.map((p) => [p.ruleId, p.severity, p.line])).toEqual([['date-outside-forum', 'error', 6]]);
    expect(problems[0]?.message).toContain('2025-06-27');
  });

  it('reports a date written wrong once, with what to write', async () => {
    const [wrongDay, ...rest] = await problemsOf(base('date: 2025-06-31'));
    expect(rest).toEqual([]);
    expect(wrongDay).toMatchObject({ ruleId: 'schema-format', message: '"2025-06-31" is not a valid date (date): write it as YYYY-MM-DD, e.g. 2025-06-23.' });
    const [tbd, ...more] = await problemsOf(base('date: tbd'));
    expect(more).toEqual([]);
    expect(tbd?.ruleId).toBe('schema-pattern');
    expect(tbd?.message).toContain('TBD in capitals');
  });

  it('asks for the zone of a time: of the workshop always, of a session when the workshop gives none', async () => {
    const noZone = await problemsOf(base('time: { start: "09:00", end: "12:30" }'));
    expect(noZone.map((p) => [p.ruleId, p.message.split('.')[0]])).toEqual([['schema-required', 'The field `zone` is missing from time']]);
    const session = await problemsOf(base('date: 2025-06-23').replace('    minutes: 20', '    time: { start: "09:00" }'));
    expect(session.map((p) => p.ruleId)).toEqual(['schema-required']);
    expect(session[0]?.message).toContain('`zone` is missing from sessions › 1 › time');
    const inherited = await problemsOf(base('time: { start: "09:00", zone: UTC+5 }').replace('    minutes: 20', '    time: { start: "09:00" }'));
    expect(inherited).toEqual([]);
    const badTime = await problemsOf(base('time: { start: "9:00", zone: Asia/Tashkent }'));
    expect(badTime.map((p) => p.ruleId)).toEqual(['schema-pattern']);
    const backwards = await problemsOf(base('time: { start: "12:30", end: "09:00", zone: Asia/Tashkent }'));
    expect(backwards.map((p) => [p.ruleId, p.message])).toEqual([['date-order', 'The range ends (09:00) before it starts (12:30).']]);
  });

  it('needs a city and a country for a venue in person or hybrid, and neither online', async () => {
    const hybrid = await problemsOf(base('venue: { place: Hall B, modality: hybrid }'));
    expect(hybrid.map((p) => [p.ruleId, p.message.split('.')[0]])).toEqual([
      ['schema-required', 'The field `city` is missing from venue'],
      ['schema-required', 'The field `country` is missing from venue'],
    ]);
    expect(await problemsOf(base('venue: { modality: online, link: "https://un.zoom.us/j/1" }'))).toEqual([]);
    const http = await problemsOf(base('venue: { modality: online, link: "http://un.zoom.us/j/1" }'));
    expect(http.map((p) => p.ruleId)).toEqual(['schema-pattern']);
    const online = FORUM_YAML.replace('venue:\n  city: Samarkand\n  country: Republic of Uzbekistan\n', 'venue:\n  modality: online\n  link: https://un.org/forum\n');
    expect(online).not.toBe(FORUM_YAML);
    expect(await problemsOf(base('date: 2025-06-24'), online)).toEqual([]);
  });
});

describe('days, times and places in every language', () => {
  const locale = (lang: string): ReturnType<typeof createLocale> => createLocale(lang, messages[lang] ?? {}, messages['en']);
  const messages: Record<string, Record<string, string>> = {};
  const LANGS = ['en', 'fr', 'es', 'ru', 'ar', 'zh', 'uz-Latn', 'uz-Cyrl'];

  beforeAll(async () => {
    const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates', 'locales');
    for (const lang of LANGS) messages[lang] = JSON.parse(await readFile(path.join(root, `${lang}.json`), 'utf8')) as Record<string, string>;
  });

  it('has every new label in every language, translated', () => {
    const keys = ['time', 'toBeDetermined', 'dateToBeDetermined', 'modality.in-person', 'modality.online', 'modality.hybrid', 'hybridVenue', 'timeInZone', 'zoneNameOffset', 'timesIn', 'dayAndTime', 'personRole', 'moderatorLine', 'speakersLabel.one', 'speakersLabel.other', 'room', 'format'];
    for (const lang of LANGS) {
      for (const key of keys) expect(messages[lang]?.[key], `${lang} ${key}`).toBeTypeOf('string');
    }
    // Uzbek says "Moderator" too.
    const words = ['time', 'toBeDetermined', 'dateToBeDetermined', 'modality.in-person', 'modality.online', 'modality.hybrid', 'speakersLabel.other', 'room'];
    for (const lang of LANGS.filter((l) => l !== 'en')) {
      for (const key of words) expect(messages[lang]?.[key], `${lang} ${key} is translated`).not.toBe(messages['en']?.[key]);
    }
  });

  it('writes separate days as each language does', () => {
    const days = ['2025-06-19', '2025-06-16', '2025-06-18'];
    expect(Object.fromEntries(LANGS.map((l) => [l, formatDays(l, days)]))).toEqual({
      en: '16, 18 and 19 June 2025',
      fr: '16, 18 et 19 juin 2025',
      es: '16, 18 y 19 de junio de 2025',
      ru: '16, 18 и 19 июня 2025\u202fг.',
      ar: '16 و18 و19 يونيو 2025',
      zh: '2025年6月16日、18日和19日',
      'uz-Latn': '2025-yil 16, 18 va 19-iyun',
      'uz-Cyrl': '2025 йил 16, 18 ва 19 июн',
    });
    expect(formatDays('en', ['2025-07-01', '2025-06-30'])).toBe('30 June and 1 July 2025');
    expect(formatDays('zh', ['2025-07-01', '2025-06-30'])).toBe('2025年6月30日和7月1日');
    expect(formatDays('en', ['2025-06-16'])).toBe('16 June 2025');
    expect(formatWeekday('zh', '2025-06-16')).toBe('2025年6月16日星期一');
    expect(formatWeekday('uz-Latn', '2025-06-16')).toBe('2025-yil 16-iyun, dushanba');
    expect(formatDayMonth('ru', '2025-06-16')).toBe('16 июня');
  });

  it('writes TBD, a month, hours with their zone, and venues as each language does', () => {
    const tashkent = { start: '09:00', end: '12:30', zone: 'Asia/Tashkent' };
    expect(Object.fromEntries(LANGS.map((l) => [l, [dateText(locale(l), 'TBD'), dateText(locale(l), '2025-06'), timeText(locale(l), tashkent, '2025-06-16')]]))).toEqual({
      en: ['To be determined', 'June 2025', '09:00–12:30 (Uzbekistan Standard Time, UTC+5)'],
      fr: ['À déterminer', 'juin 2025', '9\u00a0h\u00a0– 12\u00a0h\u00a030 (heure normale de l’Ouzbékistan, UTC+5)'],
      es: ['Por determinar', 'junio de 2025', '09:00–12:30 (hora estándar de Uzbekistán, UTC+5)'],
      ru: ['Будет определено позднее', 'июнь 2025 г.', '09:00–12:30 (Узбекистан, стандартное время, UTC+5)'],
      ar: ['سيُحدَّد لاحقًا', 'يونيو 2025', '09:00–12:30 (توقيت أوزبكستان الرسمي، UTC+5)'],
      zh: ['待定', '2025年6月', '09:00–12:30（乌兹别克斯坦标准时间，UTC+5）'],
      'uz-Latn': ['Keyinroq belgilanadi', '2025-yil iyun', '09:00–12:30 (Oʻzbekiston standart vaqti, UTC+5)'],
      'uz-Cyrl': ['Кейинроқ белгиланади', '2025 йил июн', '09:00–12:30 (Ўзбекистон стандарт вақти, UTC+5)'],
    });
    // An offset is printed as one; summer time is the day's; a zone with summer time and no day has no offset.
    expect(timeText(locale('en'), { start: '14:00', zone: '+05:30' })).toBe('14:00 (UTC+5:30)');
    expect(timeText(locale('en'), { start: '10:00', end: '11:00', zone: 'Europe/Paris' }, '2025-07-01')).toBe('10:00–11:00 (Central European Summer Time, UTC+2)');
    expect(timeText(locale('en'), { start: '10:00', end: '11:00', zone: 'Europe/Paris' }, '2025-12-01')).toBe('10:00–11:00 (Central European Standard Time, UTC+1)');
    expect(timeText(locale('en'), { start: '10:00', zone: 'Europe/Paris' })).toBe('10:00 (Central European Time)');
    expect(timeText(locale('en'), { start: '10:00', zone: 'America/Sao_Paulo' }, '2025-07-01')).toBe('10:00 (Brasilia Standard Time, UTC−3)');
    // A zone no one knows is printed as written, never an error.
    expect(timeText(locale('en'), { start: '10:00', zone: 'Asia/Atlantis' })).toBe('10:00 (Asia/Atlantis)');

    const online = { modality: 'online', country: 'République fédérale du Nigéria', city: 'Abuja', link: 'https://un.zoom.us/j/1' };
    expect(Object.fromEntries(LANGS.map((l) => [l, venueValue(locale(l), online)]))).toEqual(
      Object.fromEntries(LANGS.map((l) => [l, { text: messages[l]?.['modality.online'], link: 'https://un.zoom.us/j/1' }])),
    );
    const hybrid = { modality: 'hybrid', place: 'Hall B', city: 'Abuja', country: 'Nigeria' };
    expect(LANGS.map((l) => venueValue(locale(l), hybrid)?.text)).toEqual([
      'Hybrid: Hall B, Abuja, Nigeria',
      'Hybride : Hall B, Abuja, Nigeria',
      'Híbrido: Hall B, Abuja, Nigeria',
      'Гибридный формат: Hall B, Abuja, Nigeria',
      'هجين: Hall B، Abuja، Nigeria',
      '线上线下结合：Hall B，Abuja，Nigeria',
      'Gibrid: Hall B, Abuja, Nigeria',
      'Гибрид: Hall B, Abuja, Nigeria',
    ]);
    // In person, as before: place, city, country; nothing else.
    expect(venueValue(locale('en'), { city: 'Samarkand', country: 'Republic of Uzbekistan' })).toEqual({ text: 'Samarkand, Republic of Uzbekistan' });
  });
});
