import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { builtInsOf, resourcesFor } from '../../src/cli/theme.js';
import { mkdir } from 'node:fs/promises';
import { loadConfig } from '../../src/config/load.js';
import { UsageError } from '../../src/diagnostics/usage-error.js';
import type { Diagnostic } from '../../src/diagnostics/report.js';
import { loadKinds, SCHEMA_BASE } from '../../src/kinds/load.js';
import { loadResources } from '../../src/load/resources.js';

/*
 * loadKinds on kind folders broken in one way each: every problem is a kind-invalid error at its
 * file, line and column, with a message that says what to do. Each case starts from the valid
 * kind of the project-kind fixture (which the first test shows loads with no problem), so each
 * failure comes from the one thing broken.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KIND = path.join(ROOT, 'test/kinds/fixture/kinds/information-note');
const resources = await loadResources();
/** What a project's kinds are read with, as resourcesFor reads them: the built-in kinds (to adjust), the package's partials known. */
const ORIGIN = { shown: 'kinds', builtIn: false, builtIns: builtInsOf(resources), partials: new Set(Object.keys(resources.templates.partials)) };

const made: string[] = [];
afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true });
});

/** A project folder with `kinds/<name>/`, a copy of the fixture's information-note, changed by `edit` (file → new text, or null to delete). */
async function kindsFolder(edit: Record<string, ((text: string) => string) | null> = {}, name = 'information-note'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'notes-kinds-'));
  made.push(dir);
  const folder = path.join(dir, 'kinds', name);
  await cp(KIND, folder, { recursive: true });
  for (const [file, change] of Object.entries(edit)) {
    const target = path.join(folder, file);
    if (change === null) await rm(target);
    else await writeFile(target, change(await readFile(target, 'utf8').catch(() => '')));
  }
  return dir;
}

/** loadKinds on `dir`/kinds, shown as `kinds`: its diagnostics (none when it loaded). */
async function problemsOf(dir: string): Promise<Diagnostic[]> {
  const loaded = await loadKinds(path.join(dir, 'kinds'), ORIGIN, ROOT);
  return 'diagnostics' in loaded ? loaded.diagnostics : [];
}

/** Exactly one kind-invalid error, at `file:line:column`, whose message holds each of `says`. */
function expectOne(diagnostics: Diagnostic[], file: string, line: number, column: number, ...says: string[]): void {
  expect(diagnostics.map((d) => [d.ruleId, d.severity, d.file, d.line, d.column])).toEqual([['kind-invalid', 'error', file, line, column]]);
  for (const text of says) expect(diagnostics[0]?.message).toContain(text);
}

/** The line (from 1) of the first line of `text` that holds `fragment`. */
function lineOf(text: string, fragment: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(fragment));
  if (i < 0) throw new Error(`no line holds ${fragment}`);
  return i + 1;
}

describe('loadKinds: a valid kind folder', () => {
  it('reads the fixture kind: its description, schema (with its $id set), template, partial and labels', async () => {
    const loaded = await loadKinds(path.join(await kindsFolder(), 'kinds'), ORIGIN, ROOT);
    if ('diagnostics' in loaded) throw new Error(`unexpected problems: ${JSON.stringify(loaded.diagnostics, null, 2)}`);
    const { files } = loaded;
    expect(files.kinds.map((k) => [k.name, k.source, k.builtIn, k.collection, k.order, k.date])).toEqual([['information-note', path.join('kinds', 'information-note'), false, 'forum', 4, 'issued']]);
    expect(files.kinds[0]?.sections.map((s) => [s.id, s.headings])).toEqual([
      ['practical', ['Practical information']],
      ['arrival', ['Arrival', 'Travel']],
    ]);
    expect(files.kinds[0]?.facts?.map((f) => f.label)).toEqual(['issuedOn', 'meetingName', 'meetingVenue']);
    expect(Object.keys(files.schemas)).toEqual(['information-note.schema.json']);
    expect(files.schemas['information-note.schema.json']?.['$id']).toBe(`${SCHEMA_BASE}information-note.schema.json`);
    expect(files.templates['information-note']).toContain('<article class="note kind-information-note"');
    expect(Object.keys(files.partials)).toEqual(['information-note-audience']);
    expect(files.messages['en']?.['kind.information-note']).toBe('Information Note');
    expect(files.messages['fr']?.['kind.information-note']).toBe("Note d'information");
  });
});

describe('loadKinds: a kind folder broken in one way', () => {
  it('a kind.yaml with an unknown key: at the key', async () => {
    const dir = await kindsFolder({ 'kind.yaml': (t) => t.replace('order: 4\n', 'order: 4\ncolour: blue\n') });
    const line = lineOf(await readFile(path.join(dir, 'kinds/information-note/kind.yaml'), 'utf8'), 'colour: blue');
    expectOne(await problemsOf(dir), 'kinds/information-note/kind.yaml', line, 1, '`colour` is not a key of kind.yaml', 'Allowed here: collection, order');
  });

  it('a kind.yaml with a value of the wrong type: at the value', async () => {
    const dir = await kindsFolder({ 'kind.yaml': (t) => t.replace('order: 4', 'order: fourth') });
    const line = lineOf(await readFile(path.join(dir, 'kinds/information-note/kind.yaml'), 'utf8'), 'order: fourth');
    expectOne(await problemsOf(dir), 'kinds/information-note/kind.yaml', line, 8, 'order');
  });

  it('no template.hbs', async () => {
    const dir = await kindsFolder({ 'template.hbs': null });
    expectOne(await problemsOf(dir), 'kinds/information-note/template.hbs', 1, 1, 'kinds/information-note/template.hbs is missing: every kind needs kind.yaml, schema.json and template.hbs.');
  });

  it('a schema.json that does not fix `kind` to the kind’s name: at its "kind"', async () => {
    const dir = await kindsFolder({ 'schema.json': (t) => t.replace('"const": "information-note"', '"const": "information"') });
    const text = await readFile(path.join(dir, 'kinds/information-note/schema.json'), 'utf8');
    const line = lineOf(text, '"kind"');
    expectOne(await problemsOf(dir), 'kinds/information-note/schema.json', line, (text.split('\n')[line - 1] ?? '').indexOf('"kind"') + 1, 'The schema should require "kind" and fix it to the kind\'s name: "kind": { "const": "information-note" }.');
  });

  it('a kind.yaml naming a field the schema lacks: at the field in kind.yaml', async () => {
    const dir = await kindsFolder({ 'kind.yaml': (t) => t.replace('{ label: meetingName, field: meeting }', '{ label: meetingName, field: room }') });
    const text = await readFile(path.join(dir, 'kinds/information-note/kind.yaml'), 'utf8');
    const line = lineOf(text, 'field: room');
    expectOne(await problemsOf(dir), 'kinds/information-note/kind.yaml', line, (text.split('\n')[line - 1] ?? '').indexOf('room') + 1, '"room" is not a field of the kind\'s schema.json (its fields: kind, title, meeting, issued, venue, contacts, draft).');
  });

  it('a template calling a partial that does not exist: at the call', async () => {
    const dir = await kindsFolder({ 'template.hbs': (t) => t.replace('{{> information-note-audience}}', '{{> sponsors}}') });
    const text = await readFile(path.join(dir, 'kinds/information-note/template.hbs'), 'utf8');
    const line = lineOf(text, '{{> sponsors}}');
    const column = (text.split('\n')[line - 1] ?? '').indexOf('{{> sponsors}}') + 1;
    expect([line, column]).toEqual([4, 40]);
    expectOne(await problemsOf(dir), 'kinds/information-note/template.hbs', line, column, 'The template calls the partial "sponsors", which neither notes nor this kind has', 'information-note-audience', 'note-header');
  });

  it('no English name', async () => {
    const dir = await kindsFolder({ 'locales/en.json': (t) => JSON.stringify({ ...(JSON.parse(t) as object), 'kind.information-note': undefined }) });
    expectOne(await problemsOf(dir), 'kinds/information-note/locales/en.json', 1, 1, 'The kind has no English name: write locales/en.json with "kind.information-note": "…"');
  });

  it('a whole kind under a built-in kind’s name: its schema, template and partials cannot replace the package’s', async () => {
    const dir = await kindsFolder({ 'kind.yaml': null }, 'concept-note');
    const problems = await problemsOf(dir);
    expect(problems.map((d) => [d.ruleId, d.file, d.line, d.column])).toEqual([
      ['kind-invalid', 'kinds/concept-note/schema.json', 1, 1],
      ['kind-invalid', 'kinds/concept-note/template.hbs', 1, 1],
      ['kind-invalid', 'kinds/concept-note/partials', 1, 1],
    ]);
    expect(problems[0]?.message).toContain('"concept-note" is a kind of notes: a folder of that name adjusts it with kind.yaml (its sections, facts, …) and locales/, and cannot replace its schema.json');
  });

  it('a partial of its own named as one of the package’s', async () => {
    const dir = await kindsFolder({ 'partials/facts.hbs': () => '<p>facts</p>\n' });
    expectOne(await problemsOf(dir), 'kinds/information-note/partials/facts.hbs', 1, 1, 'A partial "facts" exists already');
  });
});

describe('resourcesFor with a config whose kinds folder is broken', () => {
  it('throws a UsageError listing every problem at its place', async () => {
    const dir = await kindsFolder({
      'kind.yaml': (t) => t.replace('order: 4\n', 'order: 4\ncolour: blue\n'),
      'template.hbs': null,
    });
    await writeFile(path.join(dir, 'notes.config.yaml'), 'kinds: kinds\n');
    const config = await loadConfig(path.join(dir, 'notes.config.yaml'));
    expect(config?.settings.kinds).toBeDefined();
    const shown = path.join(config?.settings.kinds ?? '', 'information-note');
    const error = await resourcesFor(config).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UsageError);
    const lines = (error as Error).message.split('\n');
    // One line per problem (in file order or not), then the count.
    expect(lines.at(-1)).toBe('2 errors, 0 warnings');
    expect(lines.slice(0, -1).sort()).toEqual([
      expect.stringMatching(new RegExp(`^${escape(path.join(shown, 'kind.yaml'))}:5:1  error  \`colour\` is not a key of kind.yaml.*  kind-invalid$`)),
      `${path.join(shown, 'template.hbs')}:1:1  error  ${path.join(shown, 'template.hbs')} is missing: every kind needs kind.yaml, schema.json and template.hbs.  kind-invalid`,
    ]);
  });

  it('gives the resources with the kind when the folder is valid', async () => {
    const dir = await kindsFolder();
    await writeFile(path.join(dir, 'notes.config.yaml'), 'kinds: kinds\n');
    const loaded = await resourcesFor(await loadConfig(path.join(dir, 'notes.config.yaml')));
    expect(loaded.kinds['information-note']?.builtIn).toBe(false);
    expect(loaded.kinds['concept-note']?.builtIn).toBe(true);
    expect(loaded.schemas['information-note.schema.json']).toBeDefined();
    expect(loaded.templates.partials['information-note-audience']).toBeDefined();
    expect(loaded.messages['en']?.['meetingVenue']).toBe('Place of the meeting');
    // The shared labels are still there beside the kind's.
    expect(loaded.messages['en']?.['venue']).toBe('Venue');
  });
});

/** `text` as a regular expression that matches it literally. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('loadKinds: a project adjusts a built-in kind', () => {
  /** A project folder with kinds/<name>/ holding only `files`. */
  async function adjusting(name: string, files: Record<string, string>): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'notes-kinds-'));
    made.push(dir);
    for (const [file, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, 'kinds', name, file)), { recursive: true });
      await writeFile(path.join(dir, 'kinds', name, file), text);
    }
    return dir;
  }

  it('takes the keys its kind.yaml gives over the built-in’s, keeps the rest, and its labels', async () => {
    const dir = await adjusting('concept-note', {
      'kind.yaml': 'sections:\n  - id: background\n    headings: [Background]\n  - id: structure\n    headings: [Programme, Structure]\n',
      'locales/en.json': '{ "kind.concept-note": "Workshop Note" }\n',
    });
    const loaded = await loadKinds(path.join(dir, 'kinds'), ORIGIN, ROOT);
    if ('diagnostics' in loaded) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
    const [kind] = loaded.files.kinds;
    expect(kind?.sections.map((s) => s.id)).toEqual(['background', 'structure']);
    expect([kind?.name, kind?.builtIn, kind?.number?.field, kind?.collection]).toEqual(['concept-note', true, 'workshop', 'forum']);
    expect(kind?.source).toBe('kinds/concept-note, adjusted by kinds/concept-note/kind.yaml');
    expect(loaded.files.messages['en']?.['kind.concept-note']).toBe('Workshop Note');
    expect(loaded.files.schemas).toEqual({});
    expect(loaded.files.templates).toEqual({});
  });

  it('checks what it says against the built-in kind: a field the schema lacks, a sessions section that is gone', async () => {
    const dir = await adjusting('concept-note', { 'kind.yaml': 'date: day\nsections:\n  - id: background\n    headings: [Background]\n' });
    const problems = await problemsOf(dir);
    expect(problems.map((d) => [d.file, d.line, d.column])).toEqual([
      ['kinds/concept-note/kind.yaml', 1, 1],
      ['kinds/concept-note/kind.yaml', 1, 7],
    ]);
    expect(problems.map((d) => d.message)).toEqual([
      'There is no section "structure" in sections: the session headings go in one of background.',
      expect.stringContaining('"day" is not a field of the kind\'s schema.json'),
    ]);
  });

  it('is what the commands get from resourcesFor: the adjusted sections, beside the other built-in kinds', async () => {
    const dir = await adjusting('concept-note', { 'kind.yaml': 'sections:\n  - id: structure\n    headings: [Programme]\n' });
    await writeFile(path.join(dir, 'notes.config.yaml'), 'kinds: kinds\n');
    const loaded = await resourcesFor(await loadConfig(path.join(dir, 'notes.config.yaml')));
    expect(loaded.kinds['concept-note']?.sections.map((s) => s.headings)).toEqual([['Programme']]);
    expect(loaded.kinds['project-summary']?.builtIn).toBe(true);
  });
});
