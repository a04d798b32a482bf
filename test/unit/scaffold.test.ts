import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CollectionData } from '../../src/model/types.js';
import { kindNames, type KindDefinition, type Kinds } from '../../src/model/kind.js';
import { loadResources } from '../../src/load/resources.js';
import { compileSchemas, type JsonSchema, type Validators } from '../../src/validate/schema.js';
import { instructionFor, KindTemplateError, newNote } from '../../src/scaffold/new-note.js';
import { chooseCollection, fileNameFor, nextFree, slugOf, usedNumbers, type ScaffoldCollection } from '../../src/scaffold/plan.js';

const FORUM: CollectionData = {
  id: 'test-forum',
  type: 'forum',
  name: 'Test Forum',
  dates: { start: '2025-06-23', end: '2025-06-25' },
  venue: { city: 'Samarkand', country: 'Republic of Uzbekistan' },
  organisers: [{ name: 'Test Organiser' }],
  languages: ['en'],
};
const PROGRAMME: CollectionData = {
  id: 'prog',
  type: 'programme',
  name: 'A Programme',
  organisers: [{ name: 'Division for Public Institutions and Digital Government', abbreviation: 'DPIDG' }],
  languages: ['en'],
};

/** The built-in kinds, as `notes new` reads them (the test names them, the code never does). */
const BUILT_IN = ['concept-note', 'project-notification', 'project-summary'];

let schemas: Record<string, JsonSchema>;
let kinds: Kinds;
let validators: Validators;
beforeAll(async () => {
  ({ schemas, kinds } = await loadResources());
  validators = compileSchemas(schemas, kinds);
});

/** A kind by name. */
function kind(name: string): KindDefinition {
  const found = kinds[name];
  if (!found) throw new Error(`no kind ${name}`);
  return found;
}

/** The front matter of a note as YAML reads it. */
function frontMatterOf(text: string): Record<string, unknown> {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!match) throw new Error('no front matter');
  return parse(match[1] as string) as Record<string, unknown>;
}

describe('newNote', () => {
  it('writes a concept note with every required field, the forum derived, and every section with what to write', () => {
    const text = newNote({ collection: FORUM, number: 8, today: '2025-05-02' }, kind('concept-note'));
    expect(text).toBe(`---
kind: concept-note
forum: test-forum
workshop: 8
# code: DGB  (optional: a short code printed after the workshop number)
title: Title of the workshop
date: 2025-06-23 # the day of the workshop, from 2025-06-23 to 2025-06-25 (or start: and end: on two lines, a list of days, a month YYYY-MM, or TBD)
# time: { start: "09:00", end: "12:30", zone: Asia/Tashkent }  (optional: the hours and their time zone or UTC offset)
# venue: { place: Hall B, city: …, country: …, modality: hybrid, link: https://… }  (optional, if not the forum's; online needs no city or country)
languages: [en] # the languages the workshop is conducted in
organisers: # the lead organiser first, then partners with role: partner
  - name: Name of the organising unit
    # abbreviation: DGB
sessions: # in order; each has a heading "### Session N: Title" in the body
  - title: Title of the first session
    # minutes: 50
    # time: { start: "09:00", end: "09:50" }  (optional, and so are date, room, modality, moderator and speakers)
contacts:
  - name: Name of the contact person
    # honorific: Ms.
    # role: Job title
    email: name@example.org # the work email address
---

## Introduction

Write here the introduction: the forum, its theme, and what this workshop will explore.

## Objective

Write here what the workshop aims to achieve and what participants will gain.

## Focus

Write here the context: the challenges the workshop addresses and why they matter now.

## Structure

Write here how the workshop is organised: its sessions, their format and how it closes.

### Session 1: Title of the first session

Write here what this session covers; a list of guiding questions may follow.

## Organisational Details

Write here who organises the workshop, with which partners, and how to take part.
`);
  });

  it('knows the built-in kinds', () => {
    expect(kindNames(kinds)).toEqual(BUILT_IN);
  });

  it.each(BUILT_IN)('writes a %s whose front matter passes its schema, without a {{placeholder}}', (name) => {
    const collection = kind(name).collection === 'forum' ? FORUM : PROGRAMME;
    const text = newNote({ collection, today: '2025-05-02' }, kind(name));
    const data = frontMatterOf(text);
    const { validate } = validators.kinds[name] as Validators['kinds'][string];
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    const required = (schemas[`${name}.schema.json`]?.['required'] as string[]).filter((k) => !(k in data));
    expect(required).toEqual([]);
    expect(text).not.toContain('{{');
  });

  it.each(BUILT_IN)('puts a heading and its own instruction for every section a %s requires', (name) => {
    const { sections } = kind(name);
    const text = newNote({ collection: kind(name).collection === 'forum' ? FORUM : PROGRAMME, today: '2025-05-02' }, kind(name));
    expect(sections.length).toBeGreaterThan(0);
    for (const section of sections) {
      expect(text).toContain(`\n## ${section.headings[0]}\n\n${instructionFor(section)}\n`);
      expect(instructionFor(section)).not.toMatch(/ section\.$/); // its own, not the fallback
    }
  });

  it('derives a project notification\'s dates and code year from today, and a summary\'s division from the programme', () => {
    const notification = frontMatterOf(newNote({ collection: PROGRAMME, number: 328, today: '2026-01-15' }, kind('project-notification')));
    expect([notification['reference'], notification['issued'], notification['projectCode'], notification['timing'], notification['closingDate']]).toEqual([
      328,
      '2026-01-15',
      '26-XX-00-XX-XXX',
      { start: '2026-01-15', end: '2026-01-15' },
      '2026-01-15',
    ]);
    const summary = frontMatterOf(newNote({ collection: PROGRAMME, today: '2026-01-15' }, kind('project-summary')));
    expect([summary['division'], summary['timeFrame']]).toEqual(['Division for Public Institutions and Digital Government (DPIDG)', { start: '2026-01', end: '2026-01' }]);
  });

  it('quotes a given title when YAML needs it, and writes the session heading in the collection\'s language', () => {
    const text = newNote(
      { collection: FORUM, title: 'Digital: "Next" # Generation', languages: ['en', 'uz'], today: '2025-05-02', sessionLabel: '{n}-sessiya' },
      kind('concept-note'),
    );
    expect(frontMatterOf(text)).toMatchObject({ title: 'Digital: "Next" # Generation', languages: ['en', 'uz'] });
    expect(text).toContain('\n### 1-sessiya: Title of the first session\n');
  });
});

describe('newNote of a project\'s kind', () => {
  /** A kind as a project could describe it in its own kinds folder. */
  const BRIEF: KindDefinition = {
    name: 'briefing-note',
    source: 'kinds/briefing-note',
    builtIn: false,
    collection: 'programme',
    order: 10,
    number: { field: 'meta.no', label: 'briefing' },
    sessions: { field: 'sessions', section: 'agenda' },
    sections: [
      { id: 'summary', headings: ['Summary'], instruction: 'Write here the summary.', sample: 'A sample summary.' },
      { id: 'agenda', headings: ['Agenda', 'Programme'] },
    ],
    placeholders: { topic: { text: 'Topic of the briefing', means: 'the topic', sample: 'Open Data: a start' } },
    new: {
      file: 'briefing-{n}.md',
      frontMatter: [
        'kind: briefing-note',
        'meta:',
        '  no: {{number}}',
        'title: {{yaml (either title (placeholder "topic"))}}',
        'lead: {{yaml (either lead "none")}}',
        'month: {{month}} # {{year2}}',
        'languages: {{flow languages}}',
        'sessions: # "### {{sessionLabel}}: Title"',
        '  - title: {{placeholder "sessionTitle"}}',
        '{{> contacts}}',
        '',
      ].join('\n'),
    },
  };

  it('writes its front matter from its template and its sections from its kind.yaml', () => {
    expect(newNote({ collection: PROGRAMME, number: 4, today: '2026-03-09', sessionLabel: 'Séance {n}' }, BRIEF)).toBe(`---
kind: briefing-note
meta:
  no: 4
title: Topic of the briefing
lead: Division for Public Institutions and Digital Government (DPIDG)
month: 2026-03 # 26
languages: [en]
sessions: # "### Séance N: Title"
  - title: Title of the first session
contacts:
  - name: Name of the contact person
    # honorific: Ms.
    # role: Job title
    email: name@example.org # the work email address
---

## Summary

Write here the summary.

## Agenda

Write here the agenda section.

### Séance 1: Title of the first session

Write here what this session covers; a list of guiding questions may follow.
`);
  });

  it('writes the samples instead for notes init, quoted when YAML needs it, and the placeholders that have none', () => {
    const text = newNote({ collection: { ...PROGRAMME, organisers: [] }, today: '2026-03-09', draft: true, sample: true }, BRIEF);
    expect(frontMatterOf(text)).toMatchObject({ kind: 'briefing-note', draft: true, meta: { no: 1 }, title: 'Open Data: a start', lead: 'none', sessions: [{ title: 'Opening and Keynote' }], contacts: [{ name: 'Alex Morgan', email: 'alex.morgan@example.org' }] });
    expect(text).toContain('\n## Summary\n\nA sample summary.\n\n## Agenda\n\nWrite here the agenda section.\n\n### Session 1: Opening and Keynote\n');
  });

  it('says which placeholder its template names that it does not have', () => {
    const broken: KindDefinition = { ...BRIEF, new: { ...BRIEF.new, frontMatter: 'kind: briefing-note\ntitle: {{placeholder "subject"}}\n' } };
    expect(() => newNote({ collection: PROGRAMME, today: '2026-03-09' }, broken)).toThrow(KindTemplateError);
    expect(() => newNote({ collection: PROGRAMME, today: '2026-03-09' }, broken)).toThrow('kinds/briefing-note/kind.yaml, new.frontMatter names the placeholder "subject", which the kind does not have: add it under placeholders, or use one of topic, sessionTitle, contactName, email.');
    const unknownHelper: KindDefinition = { ...BRIEF, new: { ...BRIEF.new, frontMatter: 'kind: briefing-note\ntitle: {{lookup2 title}}\n' } };
    expect(() => newNote({ collection: PROGRAMME, today: '2026-03-09' }, unknownHelper)).toThrow(/^kinds\/briefing-note\/kind.yaml, new.frontMatter cannot be written: /);
  });

  it('names its file from new.file and its number', () => {
    expect(fileNameFor(BRIEF, { number: 12, title: 'Not used' })).toBe('briefing-12.md');
  });
});

describe('chooseCollection', () => {
  const forum: ScaffoldCollection = { data: FORUM, dir: 'f' };
  const programme: ScaffoldCollection = { data: PROGRAMME, dir: 'p' };
  const other: ScaffoldCollection = { data: { ...PROGRAMME, id: 'other' }, dir: 'o' };

  it('takes the only collection of the right type, or the one --forum names', () => {
    expect(chooseCollection(kind('concept-note'), [forum, programme], undefined, 'notes')).toEqual({ ok: true, value: forum });
    expect(chooseCollection(kind('project-summary'), [forum, programme], undefined, 'notes')).toEqual({ ok: true, value: programme });
    expect(chooseCollection(kind('project-summary'), [forum, programme, other], 'other', 'notes')).toEqual({ ok: true, value: other });
  });

  it('says what to do when there is none, several, an unknown id or a collection of the wrong type', () => {
    expect(chooseCollection(kind('project-summary'), [forum, programme, other], undefined, 'notes')).toEqual({ ok: false, message: 'There are 2 programmes in notes: choose one with --forum (prog, other).' });
    expect(chooseCollection(kind('concept-note'), [programme], undefined, 'notes')).toEqual({
      ok: false,
      message: 'There is no forum in notes for a note of kind concept-note: add a folder with a collection.yaml of type forum, or name one of prog (programme) with --forum.',
    });
    expect(chooseCollection(kind('concept-note'), [forum, programme], 'nope', 'notes')).toEqual({ ok: false, message: 'There is no collection "nope" in notes: use --forum with one of test-forum (forum), prog (programme).' });
    expect(chooseCollection(kind('concept-note'), [forum, programme], 'prog', 'notes')).toEqual({ ok: false, message: '"prog" is a programme: a note of kind concept-note belongs to a forum (test-forum).' });
    expect(chooseCollection(kind('project-summary'), [forum, programme], 'test-forum', 'notes')).toEqual({ ok: false, message: '"test-forum" is a forum: a note of kind project-summary belongs to a programme (prog).' });
  });
});

describe('numbers and names', () => {
  it('finds the numbers in use in one collection, of one kind, whatever else is wrong with the note', () => {
    const used = usedNumbers(
      [
        { path: 'f/a.md', collection: 'f', frontMatter: { kind: 'concept-note', workshop: 2, title: '' } },
        { path: 'f/b.md', collection: 'f', frontMatter: { kind: 'concept-note', workshop: '3' } },
        { path: 'g/c.md', collection: 'g', frontMatter: { kind: 'concept-note', workshop: 4 } },
        { path: 'f/d.md', collection: 'f', frontMatter: { kind: 'project-notification', reference: 5 } },
        { path: 'f/e.md', collection: 'f' },
        { path: 'f/z.md', collection: 'f', frontMatter: { kind: 'concept-note', workshop: 2 } },
      ],
      'f',
      'concept-note',
      'workshop',
    );
    expect([...used]).toEqual([[2, 'f/a.md']]);
  });

  it('gives the number after the highest, else the lowest free one', () => {
    expect(nextFree([], 999)).toBe(1);
    expect(nextFree([1, 2, 7], 999)).toBe(8);
    expect(nextFree([1, 999], 999)).toBe(2);
    expect(nextFree([1, 2, 3], 3)).toBeUndefined();
  });

  it('names files by the kind\'s new.file and number, or by title', () => {
    expect(fileNameFor(kind('concept-note'), { number: 8, title: 'Ignored' })).toBe('workshop-8.md');
    expect(fileNameFor(kind('project-summary'), { title: 'Öffentliche Dienste: “Omnichannel” 2030!' })).toBe('offentliche-dienste-omnichannel-2030.md');
    expect(fileNameFor(kind('project-notification'), { number: 328 })).toBe('notification-328.md');
    expect(fileNameFor(kind('project-notification'), { number: 328, title: '???' })).toBe('notification-328.md');
    expect(fileNameFor(kind('project-summary'), {})).toBe('project-summary.md');
    expect(slugOf('Ўзбекистон davlat xizmati')).toBe('ўзбекистон-davlat-xizmati');
    expect(slugOf('a'.repeat(50) + ' ' + 'b'.repeat(20))).toBe('a'.repeat(50));
  });
});
