import { access, lstat, mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadResources } from '../../src/load/resources.js';
import type { KindDefinition } from '../../src/model/kind.js';
import { addDays, forumIdFor, initKind, planInit } from '../../src/scaffold/init.js';
import { runCli } from '../helpers/cli.js';

const ALL = ['.github/workflows/notes.yml', '.gitignore', 'notes.config.yaml', 'notes/unpsf-2026/collection.yaml', 'notes/unpsf-2026/workshop-1.md'];

/** A fresh, empty temporary folder. */
async function empty(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'notes-init-'));
}

/** Every file under `dir` (links included), as sorted `/`-separated paths. */
async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => !e.isDirectory())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

async function exists(p: string): Promise<boolean> {
  return access(p).then(
    () => true,
    () => false,
  );
}

describe('planInit', () => {
  let kind: KindDefinition;
  beforeAll(async () => {
    kind = initKind((await loadResources()).kinds) as KindDefinition;
  });

  it('writes its sample note of the first kind that says new.init', () => {
    expect(kind.name).toBe('concept-note');
    expect(initKind({})).toBeUndefined();
  });

  it('plans the five files, the forum dates 90 days after today', () => {
    const { files } = planInit({ forum: 'unpsf-2026', name: 'Forum: 2026', today: '2026-11-30', kind });
    expect(files.map((f) => f.path)).toEqual(['notes.config.yaml', 'notes/unpsf-2026/collection.yaml', 'notes/unpsf-2026/workshop-1.md', '.gitignore', '.github/workflows/notes.yml']);
    const collection = parse(files[1]!.content) as Record<string, unknown>;
    expect(collection).toMatchObject({ id: 'unpsf-2026', type: 'forum', name: 'Forum: 2026', dates: { start: '2027-02-28', end: '2027-03-02' }, languages: ['en'] });
    expect(parse(files[0]!.content)).toEqual({ notes: 'notes', out: 'output' });
    expect(files[2]!.content).toContain('\nforum: unpsf-2026\nworkshop: 1\n');
    expect(files[2]!.content).toContain('\ndate: 2027-02-28 ');
    expect(files[3]!.content).toMatch(/^output\/$/m);
  });

  it('derives the forum id from the folder name, else my-forum', () => {
    expect(forumIdFor('UNPSF 2026')).toBe('unpsf-2026');
    expect(forumIdFor('Форум')).toBe('my-forum');
    expect(forumIdFor('--')).toBe('my-forum');
    expect(addDays('2024-12-31', 60)).toBe('2025-03-01');
  });

  it('writes the workflow of docs/ci/github-actions.yml, below its first comment lines', async () => {
    const { files } = planInit({ forum: 'f', today: '2026-01-01', kind });
    const workflow = files[4]!.content;
    const docs = await readFile('docs/ci/github-actions.yml', 'utf8');
    const body = (text: string): string => text.slice(text.indexOf('\nname: '));
    expect(body(workflow)).toBe(body(docs));
    const parsed = parse(workflow) as { jobs: { validate: { steps: { run?: string }[] } } };
    const runs = parsed.jobs.validate.steps.flatMap((s) => (s.run ? [s.run] : []));
    expect(runs.some((r) => r.startsWith('npx notes validate'))).toBe(true);
  });
});

describe('notes init', () => {
  it('starts a project in an empty folder, the forum named after it, that validates with no warnings and builds HTML', async () => {
    const dir = path.join(await empty(), 'UNPSF 2026');
    const init = await runCli(['init', dir], { SOURCE_DATE_EPOCH: '1767225600' });
    expect(init.code).toBe(0);
    expect(init.stdout).toBe('');
    for (const file of ALL) expect(init.stderr).toContain(`Wrote ${path.join(dir, file)}\n`);
    expect(init.stderr).toContain('notes validate');
    expect(init.stderr).toContain('notes build');
    expect(init.stderr).toContain('notes preview');
    expect(await tree(dir)).toEqual(ALL);
    expect(await readFile(path.join(dir, 'notes/unpsf-2026/collection.yaml'), 'utf8')).toContain('  start: 2026-04-01\n');

    const config = path.join(dir, 'notes.config.yaml');
    expect(await runCli(['validate', '--config', config])).toEqual({ code: 0, stdout: '', stderr: '1 note checked: no problems.\n' });
    expect(await runCli(['validate', '--config', config, '--strict', '--format', 'json'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    const build = await runCli(['build', '--no-pdf', '--config', config]);
    expect(build.code, build.stderr).toBe(0);
    const built = await tree(path.join(dir, 'output'));
    expect(built.some((f) => f.endsWith('.html'))).toBe(true);
    expect(built.some((f) => f.endsWith('.pdf'))).toBe(false);
  });

  it('builds the PDF of its note with a real browser', { timeout: 120_000 }, async () => {
    const dir = await empty();
    expect((await runCli(['init', dir, '--forum', 'unpsf-2026'])).code).toBe(0);
    const build = await runCli(['build', '--config', path.join(dir, 'notes.config.yaml')], { PUPPETEER_EXECUTABLE_PATH: process.env['PUPPETEER_EXECUTABLE_PATH'] });
    expect(build.code, build.stderr).toBe(0);
    const pdfs = (await tree(path.join(dir, 'output'))).filter((f) => f.endsWith('.pdf'));
    expect(pdfs.length).toBeGreaterThan(0);
    const bytes = await readFile(path.join(dir, 'output', pdfs[0]!));
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('creates a folder that does not exist yet, with --forum and --name', async () => {
    const dir = path.join(await empty(), 'a', 'b');
    expect((await runCli(['init', dir, '--forum', 'unpsf-2026', '--name', '2026 UN Public Service Forum'])).code).toBe(0);
    const collection = parse(await readFile(path.join(dir, 'notes/unpsf-2026/collection.yaml'), 'utf8')) as Record<string, unknown>;
    expect(collection).toMatchObject({ id: 'unpsf-2026', name: '2026 UN Public Service Forum' });
  });

  it('refuses a folder that is not empty, naming it and what it holds, and writes nothing (exit 2)', async () => {
    const dir = await empty();
    await writeFile(path.join(dir, 'README.md'), 'hello\n');
    await mkdir(path.join(dir, 'src'));
    const run = await runCli(['init', dir]);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        `${dir} is not empty (it holds README.md, src): notes init starts a project only in an empty folder, and never replaces a file. ` +
        'To add some of its files here, name them with --only, e.g. --only gitignore,workflow (the files: config, collection, note, gitignore, workflow).\n',
    });
    expect(await tree(dir)).toEqual(['README.md']);
  });

  it('--only gitignore,workflow in a folder that is not empty writes only those', async () => {
    const dir = await empty();
    await writeFile(path.join(dir, 'package.json'), '{}\n');
    const run = await runCli(['init', dir, '--only', 'gitignore,workflow']);
    expect(run.code, run.stderr).toBe(0);
    expect(await tree(dir)).toEqual(['.github/workflows/notes.yml', '.gitignore', 'package.json']);
    expect(run.stderr).not.toContain('replace each placeholder');
  });

  it('never overwrites a file: it stays byte for byte, nothing else is written, exit 1', async () => {
    const dir = await empty();
    const mine = 'node_modules/\r\n# mine\n';
    await writeFile(path.join(dir, '.gitignore'), mine);
    const run = await runCli(['init', dir, '--only', 'gitignore,workflow,config']);
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `${path.join(dir, '.gitignore')} exists already and was left as it is.\nNothing was written: leave it out of --only (config, collection, note, gitignore, workflow).\n`,
    });
    expect(await readFile(path.join(dir, '.gitignore'), 'utf8')).toBe(mine);
    expect(await tree(dir)).toEqual(['.gitignore']);
  });

  it('never writes through a symbolic link: a linked file, or a linked folder on the way', async () => {
    const dir = await empty();
    const outside = await empty();
    await symlink(path.join(outside, 'config.yaml'), path.join(dir, 'notes.config.yaml'));
    await symlink(outside, path.join(dir, '.github'));
    const run = await runCli(['init', dir, '--only', 'config,workflow,gitignore']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${path.join(dir, 'notes.config.yaml')} is a symbolic link`);
    expect(run.stderr).toContain(`${path.join(dir, '.github')} is a symbolic link`);
    expect(await readdir(outside)).toEqual([]);
    expect((await lstat(path.join(dir, 'notes.config.yaml'))).isSymbolicLink()).toBe(true);
    expect(await exists(path.join(dir, '.gitignore'))).toBe(false);
  });

  it('usage errors exit 2 and write nothing: a bad --forum, an unknown --only file', async () => {
    const dir = await empty();
    const bad = await runCli(['init', dir, '--forum', 'UNPSF 2026']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"UNPSF 2026" is not a forum id');
    const only = await runCli(['init', dir, '--only', 'gitignore,readme']);
    expect(only).toEqual({ code: 2, stdout: '', stderr: '"readme" is not a file notes init writes: use --only with some of config, collection, note, gitignore, workflow, comma-separated.\n' });
    expect(await readdir(dir)).toEqual([]);
  });
});
