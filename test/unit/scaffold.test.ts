import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { kinds, type CollectionData } from '../../src/model/types.js';
import { loadResources } from '../../src/load/resources.js';
import { compileSchemas, type JsonSchema, type RequiredSection, type Validators } from '../../src/validate/schema.js';
import { instructionFor, newNote } from '../../src/scaffold/new-note.js';
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

let schemas: Record<string, JsonSchema>;
let validators: Validators;
beforeAll(async () => {
  schemas = (await loadResources()).schemas;
  validators = compileSchemas(schemas);
});

/** The front matter of a note as YAML reads it. */
function frontMatterOf(text: string): Record<string, unknown> {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!match) throw new Error('no front matter');
  return parse(match[1] as string) as Record<string, unknown>;
}

describe('newNote', () => {
  it('writes a concept note with every required field, the forum derived, and every section with what to write', () => {
    const text = newNote({ kind: 'concept-note', collection: FORUM, workshop: 8, today: '2025-05-02' }, schemas['concept-note.schema.json'] as JsonSchema);
    expect(text).toBe(`---
kind: concept-note
forum: test-forum
workshop: 8
# code: DGB  (optional: a short code printed after the workshop number)
title: Title of the workshop
date: 2025-06-23 # the day of the workshop, from 2025-06-23 to 2025-06-25 (or start: and end: on two lines)
languages: [en] # the languages the workshop is conducted in
organisers: # the lead organiser first, then partners with role: partner
  - name: Name of the organising unit
    # abbreviation: DGB
sessions: # in order; each has a heading "### Session N: Title" in the body
  - title: Title of the first session
    # minutes: 50
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

  it.each(kinds)('writes a %s whose front matter passes its schema, without a {{placeholder}}', (kind) => {
    const collection = kind === 'concept-note' ? FORUM : PROGRAMME;
    const text = newNote({ kind, collection, today: '2025-05-02' }, schemas[`${kind}.schema.json`] as JsonSchema);
    const data = frontMatterOf(text);
    const { validate } = validators.kinds[kind];
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    const required = (schemas[`${kind}.schema.json`]?.['required'] as string[]).filter((k) => !(k in data));
    expect(required).toEqual([]);
    expect(text).not.toContain('{{');
  });

  it.each(kinds)('puts a heading and its own instruction for every section a %s requires', (kind) => {
    const sections = schemas[`${kind}.schema.json`]?.['x-sections'] as RequiredSection[];
    const text = newNote({ kind, collection: kind === 'concept-note' ? FORUM : PROGRAMME, today: '2025-05-02' }, schemas[`${kind}.schema.json`] as JsonSchema);
    for (const section of sections) {
      expect(text).toContain(`\n## ${section.headings[0]}\n\n${instructionFor(kind, section)}\n`);
      expect(instructionFor(kind, section)).not.toMatch(/ section\.$/); // its own, not the fallback
    }
  });

  it('derives a project notification\'s dates and code year from today, and a summary\'s division from the programme', () => {
    const notification = frontMatterOf(newNote({ kind: 'project-notification', collection: PROGRAMME, reference: 328, today: '2026-01-15' }, schemas['project-notification.schema.json'] as JsonSchema));
    expect([notification['reference'], notification['issued'], notification['projectCode'], notification['timing'], notification['closingDate']]).toEqual([
      328,
      '2026-01-15',
      '26-XX-00-XX-XXX',
      { start: '2026-01-15', end: '2026-01-15' },
      '2026-01-15',
    ]);
    const summary = frontMatterOf(newNote({ kind: 'project-summary', collection: PROGRAMME, today: '2026-01-15' }, schemas['project-summary.schema.json'] as JsonSchema));
    expect([summary['division'], summary['timeFrame']]).toEqual(['Division for Public Institutions and Digital Government (DPIDG)', { start: '2026-01', end: '2026-01' }]);
  });

  it('quotes a given title when YAML needs it, and writes the session heading in the collection\'s language', () => {
    const text = newNote(
      { kind: 'concept-note', collection: FORUM, title: 'Digital: "Next" # Generation', languages: ['en', 'uz'], today: '2025-05-02', sessionLabel: '{n}-sessiya' },
      schemas['concept-note.schema.json'] as JsonSchema,
    );
    expect(frontMatterOf(text)).toMatchObject({ title: 'Digital: "Next" # Generation', languages: ['en', 'uz'] });
    expect(text).toContain('\n### 1-sessiya: Title of the first session\n');
  });
});

describe('chooseCollection', () => {
  const forum: ScaffoldCollection = { data: FORUM, dir: 'f' };
  const programme: ScaffoldCollection = { data: PROGRAMME, dir: 'p' };
  const other: ScaffoldCollection = { data: { ...PROGRAMME, id: 'other' }, dir: 'o' };

  it('takes the only collection of the right type, or the one --forum names', () => {
    expect(chooseCollection('concept-note', [forum, programme], undefined, 'notes')).toEqual({ ok: true, value: forum });
    expect(chooseCollection('project-summary', [forum, programme], undefined, 'notes')).toEqual({ ok: true, value: programme });
    expect(chooseCollection('project-summary', [forum, programme, other], 'other', 'notes')).toEqual({ ok: true, value: other });
  });

  it('says what to do when there is none, several, an unknown id or a programme for a concept note', () => {
    expect(chooseCollection('project-summary', [forum, programme, other], undefined, 'notes')).toEqual({ ok: false, message: 'There are 2 programmes in notes: choose one with --forum (prog, other).' });
    expect(chooseCollection('concept-note', [programme], undefined, 'notes')).toEqual({
      ok: false,
      message: 'There is no forum in notes for a concept-note: add a folder with a collection.yaml of type forum, or name one of prog (programme) with --forum.',
    });
    expect(chooseCollection('concept-note', [forum, programme], 'nope', 'notes')).toEqual({ ok: false, message: 'There is no collection "nope" in notes: use --forum with one of test-forum (forum), prog (programme).' });
    expect(chooseCollection('concept-note', [forum, programme], 'prog', 'notes')).toEqual({ ok: false, message: '"prog" is a programme: a concept note belongs to a forum (test-forum).' });
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

  it('names files by workshop, title or kind', () => {
    expect(fileNameFor('concept-note', { workshop: 8, title: 'Ignored' })).toBe('workshop-8.md');
    expect(fileNameFor('project-summary', { title: 'Öffentliche Dienste: “Omnichannel” 2030!' })).toBe('offentliche-dienste-omnichannel-2030.md');
    expect(fileNameFor('project-notification', { reference: 328 })).toBe('notification-328.md');
    expect(fileNameFor('project-notification', { reference: 328, title: '???' })).toBe('notification-328.md');
    expect(fileNameFor('project-summary', {})).toBe('project-summary.md');
    expect(slugOf('Ўзбекистон davlat xizmati')).toBe('ўзбекистон-davlat-xizmati');
    expect(slugOf('a'.repeat(50) + ' ' + 'b'.repeat(20))).toBe('a'.repeat(50));
  });
});
