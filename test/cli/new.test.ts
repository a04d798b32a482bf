import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { conceptNote, FORUM_YAML, PROGRAMME_YAML, testdir } from '../helpers/project.js';

/** A project with a forum (folder f, workshop 1 taken) and a programme (folder p). */
async function project(extra: Record<string, string> = {}): Promise<{ dir: string; notes: string; rel: (f: string) => string }> {
  const dir = await testdir({ 'notes/f/collection.yaml': FORUM_YAML, 'notes/f/w1.md': conceptNote(), 'notes/p/collection.yaml': PROGRAMME_YAML, ...extra });
  const notes = path.join(dir, 'notes');
  return { dir, notes, rel: (f) => path.join(notes, f) };
}

/** What `notes new` says on success. */
function wrote(target: string, notes: string): string {
  return (
    `Wrote ${target}: replace each placeholder ("Title of …", "Name of …", "Write here …", name@example.org) and check its dates and numbers.\n` +
    `Then check it: notes validate --notes ${notes} ${target}\n`
  );
}

/** Whether `notes validate` passes, with no problem but the placeholders `notes new` wrote. */
async function placeholdersOnly(notes: string): Promise<boolean> {
  const run = await runCli(['validate', '--notes', notes, '--format', 'json']);
  return run.code === 0 && (JSON.parse(run.stdout) as { ruleId: string }[]).every((d) => d.ruleId === 'placeholder');
}

const FILE_OF = { 'concept-note': 'f/workshop-2.md', 'project-notification': 'p/notification-1.md', 'project-summary': 'p/project-summary.md' } as const;
const KINDS = Object.keys(FILE_OF) as (keyof typeof FILE_OF)[];

describe('notes new', () => {
  it.each(KINDS)('writes a %s that `notes validate` passes with no error, its placeholders warned about (test/drafts/placeholders.test.ts)', async (kind) => {
    const { notes, rel } = await project();
    expect(await runCli(['new', kind, '--notes', notes])).toEqual({ code: 0, stdout: '', stderr: wrote(rel(FILE_OF[kind]), notes) });
    expect(await placeholdersOnly(notes)).toBe(true);
  });

  it('derives the dates of a project notification from SOURCE_DATE_EPOCH when it is set', async () => {
    const { notes, rel } = await project();
    expect((await runCli(['new', 'project-notification', '--notes', notes], { SOURCE_DATE_EPOCH: '1767225600' })).code).toBe(0);
    const text = await readFile(rel('p/notification-1.md'), 'utf8');
    expect(text).toContain('\nissued: 2026-01-01 # the date of issue (or as written, e.g. March 2019)\n');
    expect(text).toContain('\nprojectCode: 26-XX-00-XX-XXX # the project code, e.g. 24-IP-07-GE-WSP-A\n');
  });

  it('refuses to overwrite a file, which stays byte for byte as it was, exit 1', async () => {
    const stray = 'Not a note yet: notes for workshop 2.\r\n';
    const { notes, rel } = await project({ 'notes/f/workshop-2.md': stray });
    expect(await runCli(['new', 'concept-note', '--notes', notes])).toEqual({
      code: 1,
      stdout: '',
      stderr: `${rel('f/workshop-2.md')} exists already and was left as it is: choose another name with --out or another number with --workshop.\n`,
    });
    expect(await readFile(rel('f/workshop-2.md'), 'utf8')).toBe(stray);
    const before = await readFile(rel('f/w1.md'));
    expect((await runCli(['new', 'concept-note', '--notes', notes, '--workshop', '3', '--out', rel('f/w1.md')])).code).toBe(1);
    expect(await readFile(rel('f/w1.md'))).toEqual(before);
  });

  it('lists the collection ids when --forum names none, exit 2', async () => {
    const { notes } = await project();
    expect(await runCli(['new', 'concept-note', '--notes', notes, '--forum', 'unpsf-2024'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `There is no collection "unpsf-2024" in ${notes}: use --forum with one of test-forum (forum), test-programme (programme).\n`,
    });
  });

  it('refuses a workshop number in use, naming its note and the next free number, exit 2', async () => {
    const { notes, rel } = await project();
    expect(await runCli(['new', 'concept-note', '--notes', notes, '--workshop', '1'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `Workshop 1 of test-forum is already ${path.relative(process.cwd(), rel('f/w1.md'))}: choose another number (the next free one is 2) or leave out --workshop.\n`,
    });
  });

  it('takes the number after the highest in use, and --workshop when it is free', async () => {
    const { notes, rel } = await project({ 'notes/f/w5.md': conceptNote().replace('workshop: 1', 'workshop: 5') });
    expect(await runCli(['new', 'concept-note', '--notes', notes])).toEqual({ code: 0, stdout: '', stderr: wrote(rel('f/workshop-6.md'), notes) });
    expect(await readFile(rel('f/workshop-6.md'), 'utf8')).toContain('\nworkshop: 6\n');
    expect((await runCli(['new', 'concept-note', '--notes', notes, '--workshop', '3'])).code).toBe(0);
    expect(await readFile(rel('f/workshop-3.md'), 'utf8')).toContain('\nworkshop: 3\n');
    expect(await placeholdersOnly(notes)).toBe(true);
  });

  it('sets the workshop languages from --lang, else from the collection\'s first language (with its session heading)', async () => {
    const { notes, rel } = await project();
    expect((await runCli(['new', 'concept-note', '--notes', notes, '--lang', 'en,uz'])).code).toBe(0);
    expect(await readFile(rel('f/workshop-2.md'), 'utf8')).toContain('\nlanguages: [en, uz] # the languages the workshop is conducted in\n');

    const uz = await testdir({ 'notes/f/collection.yaml': FORUM_YAML.replace('languages: [en]', 'languages: [uz-Latn, en]') });
    const uzNotes = path.join(uz, 'notes');
    expect((await runCli(['new', 'concept-note', '--notes', uzNotes])).code).toBe(0);
    const text = await readFile(path.join(uzNotes, 'f/workshop-1.md'), 'utf8');
    expect(text).toContain('\nlanguages: [uz-Latn] # the languages the workshop is conducted in\n');
    expect(text).toContain('\n### 1-sessiya: Title of the first session\n');
    expect(await placeholdersOnly(uzNotes)).toBe(true);
  });

  it('numbers a project notification after the programme\'s highest reference, and names a project by --title', async () => {
    const { notes, rel } = await project();
    await writeFile(rel('p/old.md'), '---\nkind: project-notification\nreference: 327\n---\n');
    expect((await runCli(['new', 'project-notification', '--notes', notes])).stderr).toBe(wrote(rel('p/notification-328.md'), notes));
    expect(await runCli(['new', 'project-summary', '--notes', notes, '--title', 'Omnichannel: Service Delivery'])).toEqual({
      code: 0,
      stdout: '',
      stderr: wrote(rel('p/omnichannel-service-delivery.md'), notes),
    });
    expect(await readFile(rel('p/omnichannel-service-delivery.md'), 'utf8')).toContain('\ntitle: "Omnichannel: Service Delivery"\n');
  });

  it('says what is wrong with the command line, exit 2', async () => {
    const { notes } = await project({ 'notes/q/collection.yaml': PROGRAMME_YAML.replace('test-programme', 'other') });
    const usage = async (args: string[]): Promise<string> => {
      const result = await runCli(['new', ...args, '--notes', notes]);
      expect(result.code).toBe(2);
      return result.stderr;
    };
    expect(await usage(['concept-notes'])).toBe('"concept-notes" is not a kind of note: use one of concept-note, project-notification, project-summary.\n');
    expect(await usage(['project-summary'])).toBe(`There are 2 programmes in ${notes}: choose one with --forum (test-programme, other).\n`);
    expect(await usage(['project-summary', '--forum', 'other', '--workshop', '2'])).toBe('--workshop gives the number of a note that has one: a note of kind project-summary has none.\n');
    expect(await usage(['project-notification', '--forum', 'other', '--lang', 'en'])).toBe('--lang gives the languages of a note that has them: a note of kind project-notification has no languages field.\n');
    expect(await usage(['concept-note', '--lang', 'English'])).toBe('"English" is not a language tag such as en, uz, uz-Latn or fr (--lang en,uz for several).\n');
    expect(await usage(['concept-note', '--workshop', '1000'])).toBe("error: option '--workshop <n>' argument '1000' is invalid. expected a workshop number from 1 to 999, such as 7.\n(run notes --help for usage)\n");
    expect(await usage(['concept-note', '--forum', 'other'])).toBe('"other" is a programme: a note of kind concept-note belongs to a forum (test-forum).\n');
  });

  it('writes to --out outside the notes folder, and says it must move before it can be validated', async () => {
    const { dir, notes } = await project();
    const out = path.join(dir, 'draft.md');
    expect(await runCli(['new', 'concept-note', '--notes', notes, '--out', out])).toEqual({
      code: 0,
      stdout: '',
      stderr:
        `Wrote ${out}: replace each placeholder ("Title of …", "Name of …", "Write here …", name@example.org) and check its dates and numbers.\n` +
        `It is outside the notes folder ${notes}: move it into ${path.join(notes, 'f')} to validate and build it.\n`,
    });
  });

  it('shows examples in its help', async () => {
    const { code, stdout } = await runCli(['new', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('  $ notes new concept-note --forum unpsf-2025 --workshop 8 --lang en,uz\n');
  });

  it('numbers a project notification after the highest reference above 999 too', async () => {
    const { notes, rel } = await project();
    await writeFile(rel('p/old.md'), '---\nkind: project-notification\nreference: 1204\n---\n');
    expect((await runCli(['new', 'project-notification', '--notes', notes])).stderr).toBe(wrote(rel('p/notification-1205.md'), notes));
  });
});

describe('notes new, a kind of the project', () => {
  /** A copy of test/kinds/fixture: its kinds folder holds information-note (a forum's, named by title). */
  async function fixture(): Promise<{ config: string; notes: string }> {
    const dir = await mkdtemp(path.join(tmpdir(), 'notes-new-kind-'));
    await cp(path.join('test', 'kinds', 'fixture'), dir, { recursive: true });
    return { config: path.join(dir, 'notes.config.yaml'), notes: path.join(dir, 'notes') };
  }

  it('writes a note of the project\'s kind that validates with its placeholders warned about, and lists it among the kinds', async () => {
    const { config, notes } = await fixture();
    const target = path.join(notes, 'info-forum', 'practical-guide.md');
    expect(await runCli(['--config', config, 'new', 'information-note', '--notes', notes, '--title', 'Practical Guide'], { SOURCE_DATE_EPOCH: '1767225600' })).toEqual({ code: 0, stdout: '', stderr: wrote(target, notes) });
    const text = await readFile(target, 'utf8');
    expect(text).toContain('\ntitle: Practical Guide\nmeeting: Name of the meeting # the meeting\'s name, as printed\nissued: 2026-01-01 # the date of issue\n');
    expect(text).toContain('\n  city: Samarkand\n  country: Republic of Uzbekistan\n');
    expect(text).toContain('\n## Arrival\n\nWrite here how participants get there: visas, the airport, transport to the venue.\n');
    const run = await runCli(['--config', config, 'validate', '--notes', notes, '--format', 'json']);
    const diagnostics = JSON.parse(run.stdout) as { ruleId: string; file: string; message: string }[];
    expect(run.code).toBe(0);
    expect(diagnostics.every((d) => d.ruleId === 'placeholder' && d.file.endsWith('practical-guide.md'))).toBe(true);
    expect(diagnostics.map((d) => /^"([^"]*)"/.exec(d.message)?.[1])).toEqual([
      'Name of the meeting',
      'Name of the contact person',
      'name@example.org',
      'Write here the practical information: registration, badge…',
      'Write here how participants get there: visas, the airport…',
    ]);

    const unknown = await runCli(['--config', config, 'new', 'information-notes', '--notes', notes]);
    expect(unknown).toEqual({ code: 2, stdout: '', stderr: '"information-notes" is not a kind of note: use one of concept-note, project-notification, project-summary, information-note.\n' });
    expect((await runCli(['--config', config, 'new', 'information-note', '--notes', notes, '--workshop', '2'])).stderr).toBe('--workshop gives the number of a note that has one: a note of kind information-note has none.\n');
    // Without the config, the project's kind is not known.
    expect((await runCli(['new', 'information-note', '--notes', notes])).stderr).toBe('"information-note" is not a kind of note: use one of concept-note, project-notification, project-summary.\n');
  });

  /** A project with a numbered kind of its own, of programmes, whose code has a placeholder with a pattern. */
  async function numbered(): Promise<{ config: string; notes: string; rel: (f: string) => string }> {
    const dir = await testdir({
      'notes.config.yaml': 'kinds: kinds\n',
      'notes/p/collection.yaml': PROGRAMME_YAML,
      'notes/p/b3.md': '---\nkind: briefing-note\nissue: 3\n---\n',
      'kinds/briefing-note/kind.yaml': BRIEFING_KIND,
      'kinds/briefing-note/schema.json': JSON.stringify(BRIEFING_SCHEMA, null, 2),
      'kinds/briefing-note/template.hbs': '<article class="note">{{> note-header}}<div class="body">{{{body}}}</div></article>\n',
      'kinds/briefing-note/locales/en.json': JSON.stringify({ 'kind.briefing-note': 'Briefing Note', briefing: 'Briefing {n}' }),
    });
    const notes = path.join(dir, 'notes');
    return { config: path.join(dir, 'notes.config.yaml'), notes, rel: (f) => path.join(notes, f) };
  }

  it('gives a numbered kind of the project the next free number, takes --workshop as its number up to the schema\'s maximum, and warns about a placeholder by its pattern', async () => {
    const { config, notes, rel } = await numbered();
    const cli = (...args: string[]): ReturnType<typeof runCli> => runCli(['--config', config, 'new', 'briefing-note', '--notes', notes, ...args], { SOURCE_DATE_EPOCH: '1767225600' });
    expect(await cli()).toEqual({ code: 0, stdout: '', stderr: wrote(rel('p/briefing-4.md'), notes) });
    expect(await readFile(rel('p/briefing-4.md'), 'utf8')).toBe(`---
kind: briefing-note
issue: 4
code: 26-BR-XXX # the briefing's code
title: Topic of the briefing
languages: [en]
---

## Summary

Write here the summary of the briefing.

## Annex

Write here the annex section.
`);
    expect(await cli('--workshop', '3')).toEqual({ code: 2, stdout: '', stderr: `Issue 3 of test-programme is already ${path.relative(process.cwd(), rel('p/b3.md'))}: choose another number (the next free one is 5) or leave out --workshop.\n` });
    expect(await cli('--workshop', '21')).toEqual({ code: 2, stdout: '', stderr: '--workshop 21 is too high: issue numbers go from 1 to 20.\n' });
    expect((await cli('--workshop', '7', '--lang', 'fr,en')).code).toBe(0);
    expect(await readFile(rel('p/briefing-7.md'), 'utf8')).toContain('\nissue: 7\n');
    expect(await readFile(rel('p/briefing-7.md'), 'utf8')).toContain('\nlanguages: [fr, en]\n');
    expect((await cli('--workshop', '7')).stderr).toBe(`Issue 7 of test-programme is already ${path.relative(process.cwd(), rel('p/briefing-7.md'))}: choose another number (the next free one is 8) or leave out --workshop.\n`);

    const run = await runCli(['--config', config, 'validate', '--notes', notes, rel('p/briefing-4.md'), '--format', 'json']);
    const quoted = (JSON.parse(run.stdout) as { ruleId: string; message: string }[]).map((d) => `${d.ruleId} ${/^"([^"]*)"/.exec(d.message)?.[1] ?? d.message}`);
    expect(quoted).toEqual(['placeholder 26-BR-XXX', 'placeholder Topic of the briefing', 'placeholder Write here the summary of the briefing.', 'placeholder Write here the annex section.']);
  });
});

/** A kind.yaml of a numbered kind with a placeholder that has a pattern, and a section without an instruction. */
const BRIEFING_KIND = `collection: programme
order: 5
number: { field: issue, label: briefing }
sections:
  - { id: summary, headings: [Summary], instruction: Write here the summary of the briefing. }
  - { id: annex, headings: [Annex] }
placeholders:
  topic: { text: Topic of the briefing, means: the topic }
  code: { text: BR-XXX, pattern: '^\\d{2}-BR-XXX$', means: "the briefing's code, e.g. 26-BR-014" }
new:
  file: 'briefing-{n}.md'
  frontMatter: |
    kind: briefing-note
    issue: {{number}}
    code: {{year2}}-{{placeholder "code"}} # the briefing's code
    title: {{yaml (either title (placeholder "topic"))}}
    languages: {{flow languages}}
`;

const BRIEFING_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Briefing note',
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'title', 'issue', 'code'],
  properties: {
    kind: { const: 'briefing-note' },
    title: { type: 'string', minLength: 1 },
    issue: { type: 'integer', minimum: 1, maximum: 20 },
    code: { type: 'string' },
    languages: { type: 'array', items: { type: 'string' } },
    draft: { type: 'boolean' },
  },
};
