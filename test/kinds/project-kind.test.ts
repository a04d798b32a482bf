import { execFile, execFileSync } from 'node:child_process';
import { access, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/report.js';
import { page } from '../helpers/html.js';
import { pdfText } from '../helpers/pdf.js';

/*
 * A kind of note is data: the project in test/kinds/fixture adds its own kind,
 * information-note (kinds/information-note/, named by `kinds: kinds` in its notes.config.yaml),
 * and a forum holds two concept notes and one information note. The installed binary is run in a
 * copy of it, as a user would run it, for every command a kind takes part in.
 */

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = path.join(ROOT, 'test/kinds/fixture');
const NOTE = 'notes/info-forum/information-note.md';

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

beforeAll(() => {
  // bin/notes.js imports dist/: compile it, so the test works on a clean clone.
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore' });
}, 120_000);

/** A fresh copy of the fixture project; `edit` changes the information note's text. */
async function project(edit?: (text: string) => string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'notes-project-kind-'));
  temps.push(dir);
  await cp(FIXTURE, dir, { recursive: true });
  if (edit) await writeFile(path.join(dir, NOTE), edit(await readFile(path.join(dir, NOTE), 'utf8')));
  return dir;
}

/** Run `node bin/notes.js …args` in `cwd`, as `npx notes` would; resolves with the exit code whatever it is. */
async function notes(cwd: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return run('node', [path.join(ROOT, 'bin/notes.js'), ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 16 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

/** One diagnostic as `notes validate --format json` prints it. */
type Printed = Pick<Diagnostic, 'file' | 'line' | 'column' | 'severity' | 'ruleId' | 'message'>;

/** `notes validate --format json` in `dir`: the exit code and each problem, its file relative to `dir`. */
async function validate(dir: string, ...args: string[]): Promise<{ code: number; problems: Printed[]; stderr: string }> {
  const { code, stdout, stderr } = await notes(dir, ['validate', '--format', 'json', ...args]);
  const printed = stdout.trim() === '' ? [] : (JSON.parse(stdout) as Printed[]);
  return { code, stderr, problems: printed.map((d) => ({ ...d, file: path.relative(dir, path.resolve(dir, d.file)).split(path.sep).join('/') })) };
}

/** The rule, severity, place of each problem. */
const places = (problems: Printed[]): unknown[] => problems.map((d) => [d.ruleId, d.severity, d.file, d.line, d.column]);

describe('a project with a kind of its own (kinds/information-note)', () => {
  it('notes validate: the project is valid, exit 0, no problems', async () => {
    expect(await notes(await project(), ['validate'])).toEqual({ code: 0, stdout: '', stderr: '3 notes checked: no problems.\n' });
  });

  // The note's lines: 2 kind, 3 title, 4 meeting, 5 issued, 6 venue, 7-9 its place, city, country.
  it.each([
    ['a date that is no date', (t: string) => t.replace('issued: 2025-05-15', 'issued: 2025-13-45'), ['schema-format', 'error', NOTE, 5, 9], '"2025-13-45" is not a valid date'],
    ['a field the kind does not have', (t: string) => t.replace('issued: 2025-05-15\n', 'issued: 2025-05-15\nagenda: Opening\n'), ['schema-unknown-key', 'error', NOTE, 6, 1], '`agenda` is not a field of this kind of note: check its spelling. Allowed here: kind, title, meeting, issued, venue, contacts, draft.'],
    ['a required field left out', (t: string) => t.replace('meeting: Forum on Public Service Information\n', ''), ['schema-required', 'error', NOTE, 2, 1], 'The field `meeting` is missing.'],
    ['a venue that is not the common venue (a $ref to common.schema.json)', (t: string) => t.replace('  place: Silk Road Samarkand Congress Centre\n  city: Samarkand\n', '  place: Silk Road Samarkand Congress Centre\n'), ['schema-required', 'error', NOTE, 7, 3], '`city`'],
  ] as const)('notes validate, %s: the error at its file:line:column, exit 1', async (_case, edit, place, says) => {
    const { code, problems } = await validate(await project(edit));
    expect(places(problems)).toEqual([place]);
    expect(problems[0]?.message).toContain(says);
    expect(code).toBe(1);
  });

  it('notes validate: a body section the kind expects is missing, a warning with the kind’s headings', async () => {
    const { code, problems } = await validate(await project((t) => t.replace('## Arrival', '## Getting there')));
    expect(places(problems)).toEqual([['section-missing', 'warning', NOTE, 15, 1]]);
    expect(problems[0]?.message).toContain('The section "Arrival" is missing: add a heading `## Arrival` with its text. These headings count as it, in any order: Arrival, Travel');
    expect(code).toBe(0);
    // Any of the section's headings counts.
    const travel = await validate(await project((t) => t.replace('## Arrival', '## Travel')));
    expect({ code: travel.code, problems: travel.problems }).toEqual({ code: 0, problems: [] });
  });

  it('notes build: the note in its own template with its own labels, its PDF, and its chapter where its order puts it', async () => {
    const dir = await project();
    const built = await notes(dir, ['build']);
    expect(built.code, built.stderr).toBe(0);
    const out = path.join(dir, 'output/info-forum');

    const html = page(await readFile(path.join(out, 'information-note/information-note.en.html'), 'utf8'));
    // The kind's own template and partial (an element no built-in template has), with the note's fields.
    expect(html.one('article.note.kind-information-note')).toBeDefined();
    expect(html.text('article .information-note-audience')).toBe('For the participants of Forum on Public Service Information');
    expect(html.text('.doc-kind')).toBe('Information Note');
    expect(html.text('.doc-title')).toBe('Information for Participants');
    // The facts of its kind.yaml, labelled from its locales/en.json.
    expect(html.texts('table.facts th')).toEqual(['Date of issue', 'Meeting', 'Place of the meeting']);
    expect(html.texts('table.facts td')).toEqual(['15 May 2025', 'Forum on Public Service Information', 'Silk Road Samarkand Congress Centre, Samarkand, Republic of Uzbekistan']);
    expect(html.texts('.body h2')).toEqual(['Practical information', 'Arrival']);
    expect(html.texts('.contacts .contact-name')).toEqual(['Grace Hopper']);

    const pdf = (await pdfText(path.join(out, 'information-note/information-note.en.pdf'))).replace(/\s+/g, ' ');
    expect(pdf).toContain('Information for Participants');
    expect(pdf).toContain('Date of issue');
    expect(pdf).toContain('For the participants of Forum on Public Service Information');

    // The combined document: the information note (order 4) after the concept notes (order 1),
    // though its title and its file name come first in the alphabet.
    const combined = page(await readFile(path.join(out, 'info-forum.en.html'), 'utf8'));
    const chapters = combined.all('.chapter > article').map((a) => (a.properties['className'] as string[]).filter((c) => c.startsWith('kind-')).join(' '));
    expect(chapters).toEqual(['kind-concept-note', 'kind-concept-note', 'kind-information-note']);
    const titles = combined.texts('.chapter .doc-title');
    expect(titles).toHaveLength(3);
    expect(titles[0]).toContain('Workshop on Digital Services');
    expect(titles[1]).toContain('Workshop on Open Data');
    expect(titles[2]).toBe('Information for Participants');
    expect(combined.texts('.toc li a').at(2)).toBe('Information for Participants');
    expect(combined.text('.chapter:last-of-type .information-note-audience')).toBe('For the participants of Forum on Public Service Information');
    const combinedPdf = (await pdfText(path.join(out, 'info-forum.en.pdf'))).replace(/\s+/g, ' ');
    expect(combinedPdf).toContain('Information for Participants');
    expect(combinedPdf).toContain('Place of the meeting');
    expect(combinedPdf.indexOf('Practical information')).toBeGreaterThan(combinedPdf.indexOf('Organisational Details'));
  }, 180_000);

  it('notes new information-note --title: a note that validates with only placeholder warnings', async () => {
    const dir = await project();
    // 2025-05-20, so the date of issue is known.
    const made = await notes(dir, ['new', 'information-note', '--title', 'Visa and Travel'], { SOURCE_DATE_EPOCH: '1747699200' });
    const file = 'notes/info-forum/visa-and-travel.md';
    expect(made.stderr.split('\n')[0]).toMatch(new RegExp(`^Wrote ${file.replace(/[.]/g, '\\.')}: replace each placeholder`));
    expect(made.code).toBe(0);
    const text = await readFile(path.join(dir, file), 'utf8');
    expect(text).toMatch(/^---\nkind: information-note\ntitle: Visa and Travel\n/);
    expect(text).toContain('issued: 2025-05-20');
    // The venue comes from the forum.
    expect(text).toMatch(/\n {2}city: Samarkand\n/);
    expect(text).toMatch(/\n {2}country: Republic of Uzbekistan\n/);
    expect(text).toContain('\n## Practical information\n');
    expect(text).toContain('\n## Arrival\n');

    const { code, problems } = await validate(dir);
    expect(code).toBe(0);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.map((d) => [d.ruleId, d.severity, d.file])).toEqual(problems.map(() => ['placeholder', 'warning', file]));
    const messages = problems.map((d) => d.message).join('\n');
    expect(messages).toContain('"Name of the meeting" is a placeholder notes new wrote');
    expect(messages).toContain('Write here the practical information');
    expect(messages).toContain('Write here how participants get there');
    // The place of the meeting's placeholder: the line `meeting: …`, at its value.
    const meetingLine = text.split('\n').findIndex((l) => l.startsWith('meeting: ')) + 1;
    expect(problems.find((d) => d.message.includes('Name of the meeting'))).toMatchObject({ line: meetingLine, column: 10 });
    expect((await validate(dir, '--strict')).code).toBe(1);
  });

  it('notes schema docs: a section for kind: information-note with its fields and sections', async () => {
    const { code, stdout, stderr } = await notes(await project(), ['schema', 'docs']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const start = stdout.indexOf('\n## Information note (`kind: information-note`)\n');
    expect(start).toBeGreaterThan(0);
    const end = stdout.indexOf('\n## ', start + 1);
    const section = stdout.slice(start, end < 0 ? undefined : end);
    expect(section).toContain('An information note to participants of a meeting');
    expect(section).toContain('“Practical information”; “Arrival” or “Travel”');
    const rows = section
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .map((l) => /^\| `([^`]+)`/.exec(l)?.[1]);
    expect(rows).toEqual([
      'kind',
      'title',
      'meeting',
      'issued',
      'venue',
      'venue.city',
      'venue.country',
      'venue.place',
      'venue.modality',
      'venue.link',
      'contacts',
      'contacts[].honorific',
      'contacts[].name',
      'contacts[].role',
      'contacts[].organisation',
      'contacts[].email',
      'contacts[].phone',
      'draft',
    ]);
    expect(section).toMatch(/\| `kind` \| always `information-note` \| required \|/);
    expect(section).toMatch(/\| `issued` \| [^|]*date[^|]* \| required \|/);
    expect(section).toMatch(/\| `contacts` \| [^|]* \| optional \|/);
    // The built-in kinds are still there, and the contents list it.
    expect(stdout).toContain('\n## Concept note (`kind: concept-note`)\n');
    expect(stdout).toContain('- [Information note (kind: information-note)](#information-note-kind-information-note)');
  });

  it('notes doctor lists the project’s kind beside the package’s', async () => {
    const { stdout } = await notes(await project(), ['doctor']);
    expect(stdout).toContain('OK    kinds of note: concept-note, project-notification, project-summary; from kinds: information-note\n');
  });

  it('without the config, the kind is unknown: what passes above comes from the project’s kinds folder', async () => {
    const dir = await project();
    await rm(path.join(dir, 'notes.config.yaml'));
    const { code, problems } = await validate(dir);
    expect(places(problems)).toEqual([['kind-unknown', 'error', NOTE, 2, 7]]);
    expect(code).toBe(1);
  });
});

describe('a project whose kinds folder is broken', () => {
  it('notes validate stops before any note: the problem at its place, exit 2', async () => {
    const dir = await project();
    const yaml = path.join(dir, 'kinds/information-note/kind.yaml');
    await writeFile(yaml, (await readFile(yaml, 'utf8')).replace('order: 4\n', 'order: 4\ncolour: blue\n'));
    const { code, stdout, stderr } = await notes(dir, ['validate']);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(/^kinds\/information-note\/kind\.yaml:5:1 {2}error {2}`colour` is not a key of kind.yaml[^\n]* {2}kind-invalid\n/);
  });

  it('notes doctor fails the kinds check at the problem’s place', async () => {
    const dir = await project();
    await rm(path.join(dir, 'kinds/information-note/template.hbs'));
    const { code, stdout } = await notes(dir, ['doctor']);
    expect(code).toBe(1);
    expect(stdout).toContain('FAIL  kinds of note: kinds/information-note/template.hbs:1:1: kinds/information-note/template.hbs is missing');
  });

  it('notes build writes nothing', async () => {
    const dir = await project();
    await rm(path.join(dir, 'kinds/information-note/template.hbs'));
    const { code, stderr } = await notes(dir, ['build', '--no-pdf']);
    expect(code).toBe(2);
    expect(stderr).toContain('kinds/information-note/template.hbs:1:1  error  kinds/information-note/template.hbs is missing');
    await expect(access(path.join(dir, 'output'))).rejects.toThrow();
  });
});
