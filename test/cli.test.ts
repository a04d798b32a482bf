import { execFile, execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { conceptNote, FORUM_YAML, testdir } from './helpers/project.js';

const run = promisify(execFile);

async function brokenEmailProject(): Promise<string> {
  return testdir({ 'notes/f/collection.yaml': FORUM_YAML, 'notes/f/w1.md': conceptNote().replace('ada@un.org', 'ada@un') });
}

describe('notes validate', () => {
  it('passes the sample with exit 0', async () => {
    const result = await runCli(['validate']);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '7 notes checked: no problems.\n' });
  });

  it('names the file, line and column of a broken email, exit 1', async () => {
    const dir = await brokenEmailProject();
    const notes = path.join(dir, 'notes');
    const result = await runCli(['validate', '--notes', notes]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `${path.relative(process.cwd(), path.join(notes, 'f/w1.md'))}:14:12  error  "ada@un" is not a valid email address (contacts › 1 › email): write it as name@domain, e.g. name@un.org.  schema-format\n1 error, 0 warnings\n`,
    );
  });

  it('prints JSON for machines on stdout', async () => {
    const dir = await brokenEmailProject();
    const result = await runCli(['validate', '--notes', path.join(dir, 'notes'), '--format', 'json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const [d] = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(d).toMatchObject({ line: 14, column: 12, endLine: 14, endColumn: 18, severity: 'error', ruleId: 'schema-format' });
    expect(String(d?.['file'])).toMatch(/notes\/f\/w1\.md$/);
  });

  it('checks only the paths given, with cross-note rules still seeing every note', async () => {
    const dir = await testdir({
      'notes/f/collection.yaml': FORUM_YAML,
      'notes/f/a.md': conceptNote(),
      'notes/f/b.md': conceptNote().replace('ada@un.org', 'ada@un'),
    });
    const notes = path.join(dir, 'notes');
    const only = await runCli(['validate', '--notes', notes, path.join(notes, 'f/a.md')]);
    expect(only).toMatchObject({ code: 0, stderr: '1 note checked: no problems.\n' });
  });

  it.each([
    [['validate', '--bogus'], "error: unknown option '--bogus'"],
    [['validate', '--format', 'xml'], "argument 'xml' is invalid. Allowed choices are text, json."],
    [['validate', 'no/such/file.md'], 'no/such/file.md does not exist.'],
    [['validate', '--notes', 'no-such-folder'], 'The notes folder no-such-folder does not exist'],
    [['validate', 'README.md'], 'README.md is not inside the notes folder notes'],
    [['build', '--workshop', 'abc'], 'expected a workshop number such as 7.'],
    [['build', '--no-pdf', '--workshop', '9'], 'There is no workshop 9.'],
    [['build', '--no-pdf', '--forum', 'nope', '--out', '/tmp/notes-cli-nope'], 'There is no collection "nope"'],
    [['build', '--out', 'notes/unpsf-2025'], 'is inside the notes folder'],
    [['frobnicate'], "error: unknown command 'frobnicate'"],
  ])('usage error %j → exit 2', async (args, says) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(says);
  });

  it('prints the version from package.json', async () => {
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { version: string };
    expect(await runCli(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });
});

describe('notes build', () => {
  it('says clearly when the output folder cannot be written, exit 1', async () => {
    const dir = await testdir({ 'notes/f/collection.yaml': FORUM_YAML, 'notes/f/w1.md': conceptNote(), 'blocker': 'a file, not a folder' });
    const result = await runCli(['build', '--no-pdf', '--notes', path.join(dir, 'notes'), '--out', path.join(dir, 'blocker', 'out')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('a file stands where a folder is needed. The notes were not changed');
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
    expect(result.stderr).toContain('schema-format');
    expect(await readFile(path.join(out, 'test-forum/good/good.en.html'), 'utf8')).toContain('A Test Workshop');
    await expect(readFile(path.join(out, 'test-forum/bad/bad.en.html'))).rejects.toThrow();
  });
});

describe('the installed binary', () => {
  beforeAll(() => {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'ignore' });
  }, 120_000);

  it('validates the sample from a shell, exit 0', async () => {
    const { stderr } = await run('node', ['bin/notes.js', 'validate']);
    expect(stderr).toBe('7 notes checked: no problems.\n');
  });

  it('exits 1 on a broken note and 2 on a usage error', async () => {
    const dir = await brokenEmailProject();
    const broken = await run('node', ['bin/notes.js', 'validate', '--notes', path.join(dir, 'notes')]).catch((e: { code: number; stderr: string }) => e);
    expect('code' in broken ? broken.code : 0).toBe(1);
    expect(broken.stderr).toContain(':14:12  error  "ada@un" is not a valid email address');
    const usage = await run('node', ['bin/notes.js', 'validate', '--format', 'xml']).catch((e: { code: number }) => e);
    expect('code' in usage ? usage.code : 0).toBe(2);
  });
});
