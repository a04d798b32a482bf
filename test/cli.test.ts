import { execFile, execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { conceptNote, FORUM_YAML, testdir } from './helpers/project.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A project whose one note has a broken contact email (line 14, column 12: `ada@un`). */
async function brokenEmailProject(): Promise<{ notes: string; note: string }> {
  const dir = await testdir({ 'notes/f/collection.yaml': FORUM_YAML, 'notes/f/w1.md': conceptNote().replace('ada@un.org', 'ada@un') });
  const notes = path.join(dir, 'notes');
  return { notes, note: path.relative(process.cwd(), path.join(notes, 'f/w1.md')) };
}

/** The exact line the text reporter prints for the broken email of {@link brokenEmailProject}. */
function brokenEmailLine(note: string): string {
  return `${note}:14:12  error  "ada@un" is not a valid email address (contacts › 1 › email): write it as name@domain, e.g. name@un.org.  schema-format`;
}

describe('notes validate', () => {
  it('passes the sample notes folder with exit 0', async () => {
    // notes/ holds 5 source notes and 2 language editions (workshop-7.uz-Latn.md, workshop-7.uz-Cyrl.md).
    expect(await runCli(['validate'])).toEqual({ code: 0, stdout: '', stderr: '7 notes checked: no problems.\n' });
  });

  it('names the file, line and column of a broken email and the rule, exit 1', async () => {
    const { notes, note } = await brokenEmailProject();
    expect(await runCli(['validate', '--notes', notes])).toEqual({
      code: 1,
      stdout: '',
      stderr: `${brokenEmailLine(note)}\n1 error, 0 warnings\n`,
    });
  });

  it('lists several problems sorted by file and line, with a count', async () => {
    const dir = await testdir({
      'notes/f/collection.yaml': FORUM_YAML,
      'notes/f/a.md': conceptNote().replace('workshop: 1', 'workshop: 0'),
      'notes/f/b.md': `${conceptNote().replace('workshop: 1', 'workshop: 2').replace('Intro.', 'Intro.[^1]')}\n[^2]: Unused.\n`,
    });
    const notes = path.join(dir, 'notes');
    const rel = (f: string): string => path.relative(process.cwd(), path.join(notes, f));
    const result = await runCli(['validate', '--notes', notes]);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n').map((l) => l.replace(/  .*  /, '  …  '))).toEqual([
      `${rel('f/a.md')}:4:11  …  schema-value`,
      `${rel('f/b.md')}:19:7  …  footnote-undefined`,
      `${rel('f/b.md')}:39:1  …  footnote-unused`,
      '2 errors, 1 warning',
      '',
    ]);
  });

  it('exits 0 when there are only warnings, and still prints them', async () => {
    const dir = await testdir({ 'notes/f/collection.yaml': FORUM_YAML, 'notes/f/w1.md': `${conceptNote()}\n[^1]: Unused.\n` });
    const result = await runCli(['validate', '--notes', path.join(dir, 'notes')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/w1\.md:39:1 {2}warning {2}The footnote \[\^1\] is defined but never referenced.* {2}footnote-unused\n0 errors, 1 warning\n$/);
  });

  it('prints JSON for machines on stdout, and nothing on stderr', async () => {
    const { notes, note } = await brokenEmailProject();
    const result = await runCli(['validate', '--notes', notes, '--format', 'json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual([
      {
        file: note,
        line: 14,
        column: 12,
        endLine: 14,
        endColumn: 18,
        severity: 'error',
        ruleId: 'schema-format',
        message: '"ada@un" is not a valid email address (contacts › 1 › email): write it as name@domain, e.g. name@un.org.',
      },
    ]);
  });

  it('prints an empty JSON list for a clean project, exit 0', async () => {
    const dir = await testdir({ 'notes/f/collection.yaml': FORUM_YAML, 'notes/f/w1.md': conceptNote() });
    expect(await runCli(['validate', '--notes', path.join(dir, 'notes'), '--format', 'json'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });

  it('checks only the paths given, with cross-note rules still seeing every note', async () => {
    const dir = await testdir({
      'notes/f/collection.yaml': FORUM_YAML,
      'notes/f/a.md': conceptNote(),
      'notes/f/b.md': conceptNote().replace('ada@un.org', 'ada@un'),
    });
    const notes = path.join(dir, 'notes');
    const only = await runCli(['validate', '--notes', notes, path.join(notes, 'f/a.md')]);
    expect(only).toEqual({ code: 0, stdout: '', stderr: '1 note checked: no problems.\n' });
    const both = await runCli(['validate', '--notes', notes]);
    expect(both.code).toBe(1);
  });

  it('says so when the folder holds no notes, exit 1', async () => {
    const dir = await testdir({ 'notes/f/collection.yaml': FORUM_YAML });
    const notes = path.join(dir, 'notes');
    expect(await runCli(['validate', '--notes', notes])).toEqual({ code: 1, stdout: '', stderr: `No notes found in ${notes}.\n` });
  });
});

describe('usage errors exit 2 and say what is wrong', () => {
  const HINT = '(run notes --help for usage)\n';
  it.each([
    [['validate', '--bogus'], `error: unknown option '--bogus'\n${HINT}`],
    [['validate', '--format', 'xml'], `error: option '--format <format>' argument 'xml' is invalid. Allowed choices are text, json, github, junit.\n${HINT}`],
    [['build', '--workshop', 'abc'], `error: option '--workshop <n>' argument 'abc' is invalid. expected a workshop number from 1 to 999, such as 7.\n${HINT}`],
    [['frobnicate'], `error: unknown command 'frobnicate'\n${HINT}`],
    [['validate', 'no/such/file.md'], 'no/such/file.md does not exist.\n'],
    [['validate', '--notes', 'no-such-folder'], "The notes folder no-such-folder does not exist: run notes in your project's folder or pass --notes DIR.\n"],
    [['validate', 'README.md'], 'README.md is not inside the notes folder notes: pass --notes DIR for another folder.\n'],
  ])('%j', async (args, stderr) => {
    expect(await runCli(args)).toEqual({ code: 2, stdout: '', stderr });
  });

  it.each([
    [['build', '--no-pdf', '--workshop', '9'], 'There is no workshop 9.'],
    [['build', '--no-pdf', '--forum', 'nope', '--out', '/tmp/notes-cli-nope'], 'There is no collection "nope"'],
    [['build', '--out', 'notes/unpsf-2025'], 'is inside the notes folder'],
  ])('%j', async (args, says) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(says);
  });
});

describe('notes --version', () => {
  it('prints the version from package.json', async () => {
    const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(await runCli(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });
});

describe('notes build', () => {
  it('refuses an output folder that cannot be made, before writing anything, exit 2', async () => {
    const dir = await testdir({ 'notes/f/collection.yaml': FORUM_YAML, 'notes/f/w1.md': conceptNote(), 'blocker': 'a file, not a folder' });
    const result = await runCli(['build', '--no-pdf', '--notes', path.join(dir, 'notes'), '--out', path.join(dir, 'blocker', 'out')]);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `The output folder ${path.join(dir, 'blocker', 'out')} cannot be made: ${path.join(dir, 'blocker')} is a file, not a folder: choose another with --out.\n`,
    });
  });

  it('builds the valid notes and reports the broken one, exit 1', async () => {
    const dir = await testdir({
      'notes/f/collection.yaml': FORUM_YAML,
      'notes/f/good.md': conceptNote(),
      'notes/f/bad.md': conceptNote().replace('workshop: 1', 'workshop: 2').replace('ada@un.org', 'ada@un'),
    });
    const out = path.join(dir, 'out');
    const result = await runCli(['build', '--no-pdf', '--notes', path.join(dir, 'notes'), '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(':14:12  error  "ada@un" is not a valid email address');
    expect(await readFile(path.join(out, 'test-forum/good/good.en.html'), 'utf8')).toContain('A Test Workshop');
    await expect(readFile(path.join(out, 'test-forum/bad/bad.en.html'))).rejects.toThrow();
  });
});

describe('the installed binary (node bin/notes.js)', () => {
  beforeAll(() => {
    // bin/notes.js imports dist/: compile it, so the test works on a clean clone.
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore' });
  }, 120_000);

  /** Run the binary; resolves with its exit code and output whatever the code. */
  async function notes(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run('node', ['bin/notes.js', ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  it('validates the sample from a shell, exit 0', async () => {
    expect(await notes(['validate'])).toEqual({ code: 0, stdout: '', stderr: '7 notes checked: no problems.\n' });
  });

  it('exits 1 on a broken note, with the exact report', async () => {
    const { notes: folder } = await brokenEmailProject();
    const note = path.relative(ROOT, path.join(folder, 'f/w1.md'));
    expect(await notes(['validate', '--notes', folder])).toEqual({ code: 1, stdout: '', stderr: `${brokenEmailLine(note)}\n1 error, 0 warnings\n` });
  });

  it('exits 2 on a usage error', async () => {
    expect(await notes(['validate', '--format', 'xml'])).toEqual({
      code: 2,
      stdout: '',
      stderr: "error: option '--format <format>' argument 'xml' is invalid. Allowed choices are text, json, github, junit.\n(run notes --help for usage)\n",
    });
  });

  it('prints its version', async () => {
    const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await notes(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });
});
