import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/report.js';
import { loadResources } from '../../src/load/resources.js';
import { instructionFor, PLACEHOLDER_EMAIL, SESSION_TEXT, SHARED_PLACEHOLDERS } from '../../src/scaffold/placeholders.js';
import { runCli } from '../helpers/cli.js';
import { FORUM_YAML, PROGRAMME_YAML, testdir } from '../helpers/project.js';

const FILE_OF = { 'concept-note': 'f/workshop-1.md', 'project-notification': 'p/notification-1.md', 'project-summary': 'p/project-summary.md' } as const;
type Kind = keyof typeof FILE_OF;
const KINDS = Object.keys(FILE_OF) as Kind[];

/** The built-in kinds as notes reads them: their placeholders and instructions are in their kind.yaml. */
const { kinds } = await loadResources();
/** The text of a kind's own placeholder. */
function own(kind: Kind, name: string): string {
  const text = kinds[kind]?.placeholders?.[name]?.text;
  if (text === undefined) throw new Error(`${kind} has no placeholder ${name}`);
  return text;
}
/** The instruction under each of a kind's sections, in order. */
function instructions(kind: Kind): string[] {
  return (kinds[kind]?.sections ?? []).map(instructionFor);
}
/** The instruction under one section of a kind. */
function instruction(kind: Kind, id: string): string {
  const section = kinds[kind]?.sections.find((s) => s.id === id);
  if (!section) throw new Error(`${kind} has no section ${id}`);
  return instructionFor(section);
}
const SESSION_TITLE = SHARED_PLACEHOLDERS.sessionTitle.text;
const CONTACT_NAME = SHARED_PLACEHOLDERS.contactName.text;

/** A project with a forum (f) and a programme (p), and a new note of `kind` written by `notes new`. */
async function scaffolded(kind: Kind): Promise<{ notes: string; file: string; text: string }> {
  const dir = await testdir({ 'notes/f/collection.yaml': FORUM_YAML, 'notes/p/collection.yaml': PROGRAMME_YAML });
  const notes = path.join(dir, 'notes');
  const made = await runCli(['new', kind, '--notes', notes], { SOURCE_DATE_EPOCH: '1767225600' });
  expect(made.code, made.stderr).toBe(0);
  const file = path.join(notes, FILE_OF[kind]);
  return { notes, file, text: await readFile(file, 'utf8') };
}

async function validate(notes: string, ...extra: string[]): Promise<{ code: number; diagnostics: Diagnostic[] }> {
  const run = await runCli(['validate', '--notes', notes, '--format', 'json', ...extra]);
  return { code: run.code, diagnostics: JSON.parse(run.stdout) as Diagnostic[] };
}

/** The placeholder a warning quotes ("…" is a placeholder …). */
function quoted(d: Diagnostic): string {
  return /^"([^"]*)"/.exec(d.message)?.[1] ?? '';
}

/** What each kind's new note holds in place of what only its author knows. */
const EXPECTED: Record<Kind, string[]> = {
  'concept-note': [
    own('concept-note', 'workshopTitle'),
    own('concept-note', 'organiser'),
    SESSION_TITLE,
    CONTACT_NAME,
    PLACEHOLDER_EMAIL,
    instruction('concept-note', 'introduction'),
    instruction('concept-note', 'objective'),
    instruction('concept-note', 'focus'),
    instruction('concept-note', 'structure'),
    SESSION_TITLE,
    SESSION_TEXT.text,
    instruction('concept-note', 'organisation'),
  ],
  'project-notification': [
    `26-${own('project-notification', 'projectCode')}`,
    own('project-notification', 'projectTitle'),
    own('project-notification', 'hostingCountry'),
    own('project-notification', 'implementingOrganization'),
    own('project-notification', 'participatingCountries'),
    own('project-notification', 'signatoryName'),
    own('project-notification', 'signatoryTitle'),
    ...instructions('project-notification'),
  ],
  'project-summary': [
    own('project-summary', 'projectTitle'),
    own('project-summary', 'partner'),
    own('project-summary', 'targetCountries'),
    CONTACT_NAME,
    PLACEHOLDER_EMAIL,
    ...instructions('project-summary'),
  ],
};

describe('placeholders left from notes new', () => {
  it.each(KINDS)('a new %s validates with one placeholder warning at each placeholder, and no other problem', async (kind) => {
    const { notes, file, text } = await scaffolded(kind);
    const { code, diagnostics } = await validate(notes);
    expect(code).toBe(0);
    expect(diagnostics.every((d) => d.ruleId === 'placeholder' && d.severity === 'warning' && d.file === path.relative(process.cwd(), file))).toBe(true);
    expect(diagnostics.map(quoted).map((q) => q.replace(/…$/, ''))).toEqual(EXPECTED[kind].map((e) => (e.length > 60 ? e.slice(0, 57) : e)));
    // Each warning points at its placeholder: the file at line:column starts with it.
    const lines = text.split('\n');
    for (const d of diagnostics) {
      expect(lines[(d.line ?? 0) - 1]?.slice((d.column ?? 0) - 1), d.message).toMatch(new RegExp(`^"?${quoted(d).replace(/…$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      expect(d.message).toMatch(/is a placeholder notes new wrote: replace it with .+ before the note is circulated\.$/);
    }
  });

  it('points at the value in the front matter and at the line in the body, with its end', async () => {
    const { notes, text } = await scaffolded('concept-note');
    const { diagnostics } = await validate(notes);
    const lines = text.split('\n');
    const title = diagnostics.find((d) => quoted(d) === own('concept-note', 'workshopTitle'));
    expect(title).toMatchObject({ line: lines.indexOf('title: Title of the workshop') + 1, column: 8, endColumn: 8 + 'Title of the workshop'.length });
    const heading = diagnostics.filter((d) => quoted(d) === SESSION_TITLE)[1];
    expect(heading).toMatchObject({ line: lines.indexOf('### Session 1: Title of the first session') + 1, column: 16 });
    const email = diagnostics.find((d) => quoted(d) === PLACEHOLDER_EMAIL);
    expect(lines[(email?.line ?? 0) - 1]).toContain(`email: ${PLACEHOLDER_EMAIL}`);
  });

  it.each(KINDS)('the same %s with every placeholder replaced has no warning', async (kind) => {
    const { notes, file, text } = await scaffolded(kind);
    let n = 0;
    const real = (placeholder: string): string => {
      if (placeholder === PLACEHOLDER_EMAIL) return 'someone@un.org';
      if (placeholder.endsWith(own('project-notification', 'projectCode'))) return '26-IP-07-GE-WSP-A';
      if (placeholder === SESSION_TITLE) return 'Opening';
      return `Real text number ${++n}.`.replace(/\.$/, placeholder.endsWith('.') ? '.' : '');
    };
    const replaced = [...new Set(EXPECTED[kind])].reduce((t, p) => t.replaceAll(p, real(p)), text);
    await writeFile(file, replaced);
    expect(await validate(notes)).toEqual({ code: 0, diagnostics: [] });
  });

  it('fails with --strict: notes validate and notes build exit 1', async () => {
    const { notes } = await scaffolded('project-summary');
    expect((await validate(notes, '--strict')).code).toBe(1);
    const out = path.join(path.dirname(notes), 'out');
    const build = await runCli(['build', '--notes', notes, '--out', out, '--no-pdf', '--strict']);
    expect(build.code).toBe(1);
    expect(build.stderr).toContain('placeholder');
    expect((await runCli(['build', '--notes', notes, '--out', out, '--no-pdf'])).code).toBe(0);
  });

  it('finds them whatever their case and spacing in a value, and an email written in capitals', async () => {
    const { notes, file, text } = await scaffolded('concept-note');
    await writeFile(file, text.replace('title: Title of the workshop', 'title: "  title of THE   workshop "').replace(`email: ${PLACEHOLDER_EMAIL}`, 'email: Name@Example.org'));
    const quotedOnes = (await validate(notes)).diagnostics.map(quoted);
    expect(quotedOnes).toContain(own('concept-note', 'workshopTitle'));
    expect(quotedOnes).toContain(PLACEHOLDER_EMAIL);
  });
});
