import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VFile } from 'vfile';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKinds } from '../../src/kinds/load.js';
import { loadResources } from '../../src/load/resources.js';
import type { NoteData, RequiredSection } from '../../src/model/types.js';
import { sessionTitleMatches } from '../../src/model/sessions.js';
import { parseNote, createParser } from '../../src/parse/parse.js';
import { checkBody, headingCounts, headingsIn, normaliseHeading } from '../../src/validate/check-body.js';
import { sentences } from '../../src/validate/schema.js';
import { runCli } from '../helpers/cli.js';
import { conceptNote, FORUM_YAML, testdir } from '../helpers/project.js';

/*
 * The sections of a note's body are an editor's checklist: a `##` heading counts as an expected
 * section whatever its numbering, case and final punctuation, when it says more after it, in any
 * order, in English or in the note's language (its kind's aliases). A missing section is a
 * warning that names the headings that count; text before the first section is a warning too.
 * Session headings may hold a time or a room after the title.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const resources = await loadResources();
const parser = createParser();
const KINDS = resources.kinds;
const CONCEPT = KINDS['concept-note'] as NonNullable<(typeof KINDS)['concept-note']>;
/** The languages of templates/locales/: every built-in section has aliases in each. */
const LANGUAGES = ['fr', 'es', 'ru', 'ar', 'zh', 'uz-Latn', 'uz-Cyrl'];

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** checkBody on a concept note with this body, in `lang`: [rule, line, column, message] of each problem. */
function check(body: string, options: { lang?: string; sessions?: { title: string }[]; kind?: string } = {}): [string, number | undefined, number | undefined, string][] {
  const file = new VFile({ path: 'w.md', value: conceptNote({ body }), data: { relative: 'w.md' } });
  parseNote(file, parser);
  expect(file.messages).toEqual([]);
  file.data.note = file.data.frontMatter as unknown as NoteData;
  const kind = KINDS[options.kind ?? 'concept-note'];
  checkBody(file, { files: new Set(), sections: kind?.sections ?? [], ...(options.lang !== undefined && { lang: options.lang }), ...(options.sessions && { sessions: options.sessions }) });
  return file.messages.map((m) => [m.ruleId ?? '', m.line, m.column, m.reason]);
}

/** The rules and lines of the problems only. */
function rules(body: string, options: Parameters<typeof check>[1] = {}): [string, number | undefined][] {
  return check(body, options).map(([rule, line]) => [rule, line]);
}

/** A concept note's five sections, headed as given (in the order given). */
function body(...headings: string[]): string {
  return headings.map((h) => `## ${h}\n\nText.\n`).join('\n');
}

const ENGLISH = ['Introduction', 'Objective', 'Focus', 'Structure', 'Organisational Details'];

describe('a heading counts as a section by its meaning', () => {
  it.each([
    ['I. Background', 'Background'],
    ['II. Objective', 'Objective'],
    ['IV) Structure', 'Structure'],
    ['2. Objectives', 'Objectives'],
    ['2.1 Objectives', 'Objectives'],
    ['1) Introduction', 'Introduction'],
    ['1 Introduction', 'Introduction'],
    ['3 – Focus', 'Focus'],
    ['A) Focus', 'Focus'],
    ['B. Structure', 'Structure'],
    ['(a) Focus', 'Focus'],
    ['一、背景', '背景'],
    ['（二）目标', '目标'],
    ['أولاً: مقدمة', 'مقدمة'],
  ])('numbering is ignored: "%s" counts as %s', (heading, expected) => {
    expect(headingCounts(expected, heading)).toBe(true);
  });

  it.each([
    ['OBJECTIVE', 'Objective'],
    ['organisational details', 'Organisational Details'],
    ['Objective:', 'Objective'],
    ['Focus.', 'Focus'],
    ['  Organisational   Details  ', 'Organisational Details'],
  ])('case, spaces and final punctuation are ignored: "%s" counts as %s', (heading, expected) => {
    expect(headingCounts(expected, heading)).toBe(true);
  });

  it.each([
    ['Background and mandate', 'Background'],
    ['Objectives of the workshop', 'Objectives'],
    ['II. Structure: sessions and format', 'Structure'],
    ['Focus (2025)', 'Focus'],
    ['背景情况', '背景'],
    ['Détails organisationnels et inscription', 'Détails organisationnels'],
  ])('a longer form that starts with it counts: "%s" as %s', (heading, expected) => {
    expect(headingCounts(expected, heading)).toBe(true);
  });

  it.each([
    ['Objectives', 'Objective', 'another word, not a longer form of it'],
    ['Focused work', 'Focus', 'a word that only starts the same'],
    ['Workshop objectives', 'Objectives', 'words before it'],
    ['Structures', 'Structure', 'a plural the kind does not list'],
    ['2030 Agenda', 'Agenda', 'a year is not numbering'],
  ])('"%s" does not count as %s (%s)', (heading, expected) => {
    expect(headingCounts(expected, heading)).toBe(false);
  });

  it('Uzbek apostrophes and Arabic marks are compared as one', () => {
    expect(headingCounts('Asosiy yoʻnalishlar', "Asosiy yo'nalishlar")).toBe(true);
    expect(headingCounts('Asosiy yoʻnalishlar', 'Asosiy yo‘nalishlar')).toBe(true);
    expect(headingCounts('الأهداف', 'الاهداف')).toBe(true);
    expect(normaliseHeading('ثانياً: الأهداف')).toBe('الاهداف');
  });

  it('a heading that is only a number is left as it is', () => {
    expect(normaliseHeading('II.')).toBe('ii');
    expect(headingCounts('Focus', 'II.')).toBe(false);
  });
});

describe('the headings of a section in a language', () => {
  const section: RequiredSection = { id: 'focus', headings: ['Focus', 'Context'], aliases: { fr: ['Contexte'], 'uz-Latn': ['Kontekst'], 'uz-Cyrl': ['Контекст'], es: ['Contexto'] } };

  it.each([
    ['en', ['Focus', 'Context']],
    ['fr', ['Focus', 'Context', 'Contexte']],
    ['fr-CA', ['Focus', 'Context', 'Contexte']],
    ['uz-Latn', ['Focus', 'Context', 'Kontekst']],
    ['uz', ['Focus', 'Context', 'Kontekst', 'Контекст']],
    ['ru', ['Focus', 'Context']],
  ])('%s: the English headings, then its own', (lang, expected) => {
    expect(headingsIn(section, lang)).toEqual(expected);
  });

  it('without a language, every alias counts', () => {
    expect(headingsIn(section, undefined)).toEqual(['Focus', 'Context', 'Contexte', 'Kontekst', 'Контекст', 'Contexto']);
  });

  it.each(Object.keys(KINDS))('every section of the built-in %s has aliases in every language notes publishes', (name) => {
    const missing = (KINDS[name]?.sections ?? []).flatMap((s) => LANGUAGES.filter((lang) => !(s.aliases?.[lang]?.length ?? 0)).map((lang) => `${s.id}: ${lang}`));
    expect(missing).toEqual([]);
  });
});

describe('sections are a checklist', () => {
  it('the five sections in English: no problem', () => {
    expect(check(body(...ENGLISH), { lang: 'en' })).toEqual([]);
  });

  it('numbered, longer and in another order: no problem', () => {
    const real = body('I. Introduction', 'II. Background and mandate', 'III. Objectives of the workshop', 'IV. Organisational details:', 'V. Structure');
    expect(check(real, { lang: 'en' })).toEqual([]);
  });

  it('a missing section is a warning at the start of the body, naming the headings that count as it', () => {
    const found = check(body('Introduction', 'Focus', 'Structure', 'Organisational Details'), { lang: 'en' });
    expect(found.map(([rule, line, column]) => [rule, line, column])).toEqual([['section-missing', 17, 1]]);
    expect(found[0]?.[3]).toBe(
      'The section "Objective" is missing: add a heading `## Objective` with its text. These headings count as it, in any order: Objective, Objectives, numbered or not ("II. Objective"), in any case, or with more words after them ("Objective …").',
    );
  });

  it('in a French note, the French headings count and the message asks for one', () => {
    const french = body('Introduction', 'Objectifs de l’atelier', 'Contexte', 'Déroulement', 'Informations pratiques');
    expect(check(french, { lang: 'fr' })).toEqual([]);
    const found = check(body('Introduction', 'Contexte', 'Structure', 'Détails organisationnels'), { lang: 'fr' });
    expect(found.map(([rule]) => rule)).toEqual(['section-missing']);
    expect(found[0]?.[3]).toContain('The section "Objective" is missing: add a heading `## Objectif` with its text. These headings count as it, in any order: Objective, Objectives, Objectif, Objectifs,');
  });

  it('English headings count in every language; another language’s do not', () => {
    expect(check(body(...ENGLISH), { lang: 'ru' })).toEqual([]);
    expect(rules(body('Introduction', 'Objectif', 'Focus', 'Structure', 'Organisational Details'), { lang: 'en' })).toEqual([['section-missing', 17]]);
    expect(rules(body('Introduction', 'Objectif', 'Focus', 'Structure', 'Organisational Details'), { lang: 'es' })).toEqual([['section-missing', 17]]);
  });

  it.each([
    ['es', ['Introducción', 'Objetivos', 'Antecedentes', 'Estructura', 'Información práctica']],
    ['ru', ['Введение', 'Цели и задачи', 'Контекст', 'Структура', 'Организационные вопросы']],
    ['ar', ['أولاً: مقدمة', 'ثانياً: الأهداف', 'ثالثاً: الخلفية', 'رابعاً: هيكل الورشة', 'خامساً: الترتيبات التنظيمية']],
    ['zh', ['一、引言', '二、目标', '三、背景', '四、议程', '五、组织安排']],
    ['uz-Cyrl', ['Кириш', 'Мақсад', 'Асосий йўналишлар', 'Тузилма', 'Ташкилий масалалар']],
  ])('a concept note in %s, as its authors head it', (lang, headings) => {
    expect(check(body(...headings), { lang })).toEqual([]);
  });

  it('the Uzbek editions of the sample count in their language', async () => {
    for (const lang of ['uz-Latn', 'uz-Cyrl']) {
      const text = await readFile(path.join(ROOT, `notes/unpsf-2025/workshop-7.${lang}.md`), 'utf8');
      const headings = [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1] as string);
      expect(headings).toHaveLength(5);
      expect(check(body(...headings), { lang })).toEqual([]);
    }
  });

  it('the other kinds: a project summary in French, as the corpus writes one', () => {
    const french = body('Description succincte du projet', 'Objectifs', 'Lien avec le Programme 2030 et les ODD', 'Principales activités envisagées', 'Résultats attendus');
    expect(check(french, { lang: 'fr', kind: 'project-summary' })).toEqual([]);
    const notification = body('1. Objectives', '2. Rationale', '3. Background', '4. Topics', '5. Expected outcomes', '6. Qualifications of participants');
    expect(rules(notification, { lang: 'en', kind: 'project-notification' })).toEqual([['section-missing', 17]]);
    expect(check(notification, { lang: 'en', kind: 'project-notification' })[0]?.[3]).toContain('The section "Outcome" is missing');
  });

  it('without the note’s language, the headings of every language count (and the message says so)', () => {
    expect(check(body('Introduction', 'Objectif', 'Контекст', 'Structure', 'Organisational Details'))).toEqual([]);
    expect(check(body('Introduction', 'Focus', 'Structure', 'Organisational Details'))[0]?.[3]).toContain("Objective, Objectives (or their translations in kind.yaml's aliases)");
  });
});

describe('text before the first section', () => {
  it('is a warning at its first block', () => {
    const found = check(`Concept note — draft of 3 March\n\nMore words.\n\n${body(...ENGLISH)}`, { lang: 'en' });
    expect(found).toEqual([
      ['text-before-section', 17, 1, "This text comes before the first `##` section, but a note's body starts with its first section (the title comes from the front matter): move the text under one, e.g. `## Introduction`."],
    ]);
  });

  it('names the first section in the note’s language', () => {
    expect(check(`Avant-propos.\n\n${body('Introduction', 'Objectif', 'Contexte', 'Structure', 'Informations pratiques')}`, { lang: 'es' })[0]?.[3]).toContain('e.g. `## Introducción`');
  });

  it.each([
    ['a list', '- one\n- two\n'],
    ['a `###` heading', '### Overview\n'],
    ['a table', '| a | b |\n| - | - |\n| 1 | 2 |\n'],
    ['a rule', '***\n'],
  ])('%s counts as text', (_name, before) => {
    expect(rules(`${before}\n${body(...ENGLISH)}`, { lang: 'en' })).toEqual([['text-before-section', 17]]);
  });

  it.each([
    ['nothing', ''],
    ['an HTML comment', '<!-- drafted by the secretariat -->\n'],
    ['a link definition', '[un]: https://www.un.org\n'],
  ])('%s before the first section is not reported', (_name, before) => {
    expect(check(`${before}\n${body(...ENGLISH)}`, { lang: 'en' })).toEqual([]);
  });

  it('under a `#` heading, only heading-h1 is reported', () => {
    expect(rules(`# A Test Workshop\n\nIntro.\n\n${body(...ENGLISH)}`, { lang: 'en' })).toEqual([['heading-h1', 17]]);
  });
});

describe('session headings with more after the title', () => {
  const sessions = [{ title: 'Opening' }, { title: 'Panel Discussion' }, { title: 'What Next?' }];
  const withSessions = (...headings: string[]): string => body('Introduction', 'Objective', 'Focus', `Structure\n\n${headings.map((h) => `### ${h}\n\nText.\n`).join('\n')}`, 'Organisational Details');

  it.each([
    ['Opening (09:00–09:30)'],
    ['Opening [Hall A]'],
    ['Opening – Hall A'],
    ['Opening — 09:00'],
    ['Opening - plenary'],
    ['Opening, plenary hall'],
    ['opening.'],
    ['OPENING'],
  ])('"Session 1: %s" is the session "Opening"', (title) => {
    expect(sessionTitleMatches('Opening', title)).toBe(true);
    expect(check(withSessions(`Session 1: ${title}`), { lang: 'en', sessions: [{ title: 'Opening' }] })).toEqual([]);
  });

  it.each([['Opening-ceremony'], ['Openings'], ['Opening remarks'], ['Welcome (09:00)']])('"%s" is another title', (title) => {
    expect(sessionTitleMatches('Opening', title)).toBe(false);
  });

  it('a title that ends in a question mark, then a time', () => {
    expect(sessionTitleMatches('What Next?', 'What Next? (16:00)')).toBe(true);
  });

  it('a heading that differs still says what the front matter holds, and what may follow', () => {
    const found = check(withSessions('Session 1: Opening (09:00)', 'Session 2: Panel (10:00)', 'Session 3: What Next? – closing'), { lang: 'en', sessions });
    expect(found).toEqual([
      [
        'session-mismatch',
        35,
        1,
        'The heading says "Panel (10:00)" but the front matter\'s sessions › 2 › title says "Panel Discussion": make them the same. A time, a room or the like may follow the title, in brackets or after a dash or a comma.',
      ],
    ]);
  });
});

describe('messages joined from sentences', () => {
  it.each([
    [['The field `title` is missing', "The project's title."], "The field `title` is missing. The project's title."],
    [['Use one of Mr., Ms., Prof.'], 'Use one of Mr., Ms., Prof.'],
    [['It says "A4".', 'More'], 'It says "A4". More.'],
    [['Languages: en, zh …'], 'Languages: en, zh …'],
    [['One', undefined, '', 'Two (items 1 and 2)'], 'One. Two (items 1 and 2).'],
  ])('%j → %s', (parts, joined) => {
    expect(sentences(...parts)).toBe(joined);
  });
});

describe('through notes validate', () => {
  it('a French forum’s note, headed in French and numbered: no problem', async () => {
    const note = conceptNote({ body: body('I. Introduction', 'II. Objectifs de l’atelier', 'III. Contexte', 'IV. Déroulement', 'V. Informations pratiques').replace('## IV. Déroulement\n\nText.\n', '## IV. Déroulement\n\n### Session 1: Opening (09:00–09:30)\n') });
    const dir = await testdir({ 'c/collection.yaml': FORUM_YAML.replace('languages: [en]', 'languages: [fr]'), 'c/w.md': note });
    temps.push(dir);
    const { code, stdout, stderr } = await runCli(['validate', '--notes', dir, '--format', 'json']);
    expect([code, JSON.parse(stdout), stderr]).toEqual([0, [], '']);
  });
});

describe('aliases in kind.yaml', () => {
  it('are keyed by a language tag: another key is a kind-invalid error at the key', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'notes-sections-'));
    temps.push(dir);
    const folder = path.join(dir, 'kinds', 'information-note');
    await cp(path.join(ROOT, 'test/kinds/fixture/kinds/information-note'), folder, { recursive: true });
    const yaml = await readFile(path.join(folder, 'kind.yaml'), 'utf8');
    expect(yaml).toContain('    headings: [Arrival, Travel]\n');
    await writeFile(path.join(folder, 'kind.yaml'), yaml.replace('    headings: [Arrival, Travel]\n', '    headings: [Arrival, Travel]\n    aliases:\n      fr: [Arrivée, Voyage]\n      French: [Arrivée]\n'));
    const origin = { shown: 'kinds', builtIn: false, taken: new Set(Object.keys(KINDS)), partials: new Set(Object.keys(resources.templates.partials)) };
    const loaded = await loadKinds(path.join(dir, 'kinds'), origin, ROOT);
    const diagnostics = 'diagnostics' in loaded ? loaded.diagnostics : [];
    const line = yaml.split('\n').findIndex((l) => l === '    headings: [Arrival, Travel]') + 4;
    expect(diagnostics.map((d) => [d.ruleId, d.file, d.line, d.column, d.message])).toEqual([
      ['kind-invalid', 'kinds/information-note/kind.yaml', line, 7, 'The key "French" of sections › 2 › aliases is not written as it should be. A BCP 47 language tag, e.g. fr, es or uz-Latn.'],
    ]);
  });

  it('are read into the kind’s sections', () => {
    expect(CONCEPT.sections.find((s) => s.id === 'organisation')?.aliases?.['fr']).toEqual(expect.arrayContaining(['Détails organisationnels', 'Informations pratiques']));
    expect(CONCEPT.sections.find((s) => s.id === 'focus')?.aliases?.['fr']).toContain('Contexte');
    expect(CONCEPT.sections.find((s) => s.id === 'introduction')?.aliases?.['fr']).toEqual(['Introduction']);
    expect(CONCEPT.sections.find((s) => s.id === 'objective')?.aliases?.['fr']).toEqual(['Objectif', 'Objectifs']);
  });
});
