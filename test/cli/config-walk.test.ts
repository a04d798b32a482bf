import { existsSync, realpathSync } from 'node:fs';
import { chown } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findConfig, folderDefaults } from '../../src/config/load.js';
import { runCli } from '../helpers/cli.js';
import { conceptNote, FORUM_YAML, testdir } from '../helpers/project.js';

// The config is found as git finds .git: in the current folder, else in the nearest folder above.
// These tests change the current folder (vitest runs each file in a process of its own) and put it back.

const home = process.cwd();
afterEach(() => process.chdir(home));

/** A project: a config at its top, notes/f with one note, and an empty folder deep inside. */
async function project(config: Record<string, string>): Promise<string> {
  const dir = await testdir({ 'notes/f/collection.yaml': FORUM_YAML, 'notes/f/w1.md': conceptNote(), 'drafts/deep/er/.keep': '', ...config });
  return realpathSync(dir);
}

/** Run `notes …args` with `cwd` as the current folder. */
async function runIn(cwd: string, args: string[]): ReturnType<typeof runCli> {
  process.chdir(cwd);
  try {
    return await runCli(args);
  } finally {
    process.chdir(home);
  }
}

describe('findConfig walks up from the current folder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await project({ 'notes.config.yaml': 'pdf: false\n', 'drafts/notes.config.json': '{}\n', 'drafts/notes.config.yml': '' });
  });

  it('finds the config of the current folder first, else the nearest one above, as a path relative to the current folder', async () => {
    expect(await findConfig(dir)).toBe('notes.config.yaml');
    expect(await findConfig(path.join(dir, 'notes', 'f'))).toBe(path.join('..', '..', 'notes.config.yaml'));
  });

  it('refuses two config files in the folder where it stops, naming that folder, and does not go on above it', async () => {
    await expect(findConfig(path.join(dir, 'drafts'))).rejects.toThrow('There are 2 config files here (notes.config.json, notes.config.yml): keep one, or choose one with --config.');
    await expect(findConfig(path.join(dir, 'drafts', 'deep', 'er'))).rejects.toThrow(`There are 2 config files in ${path.join(dir, 'drafts')} (notes.config.json, notes.config.yml): keep one, or choose one with --config.`);
  });

  // Run as root (as CI is), the test can give the file to another user.
  it.runIf(process.getuid?.() === 0)('does not take a config above the current folder that another user owns, but takes one here', async () => {
    const shared = await testdir({ 'notes.config.yaml': 'browser: /tmp/their-program\n', 'mine/a/.keep': '' });
    await chown(path.join(shared, 'notes.config.yaml'), 12345, 12345);
    await expect(findConfig(path.join(shared, 'mine', 'a'))).rejects.toThrow(`${path.join(shared, 'notes.config.yaml')} belongs to another user, so notes does not read it (a config can name a program to run). If you trust it, pass it with --config; else add a config of your own here.`);
    expect(await findConfig(shared)).toBe('notes.config.yaml');
  });

  it('stops at the root of the file system', async () => {
    expect(await findConfig(path.parse(dir).root)).toBeUndefined();
  });

  it('moves only the defaults of project folders, and only when the config is above the current folder', () => {
    const options = [
      { flags: '--notes <dir>', attributeName: () => 'notes' },
      { flags: '--out <dir>', attributeName: () => 'out' },
      { flags: '--out <file>', attributeName: () => 'outFile' },
    ];
    const sources: Record<string, { source: string; value: unknown }> = {
      notes: { source: 'default', value: 'notes' },
      out: { source: 'config', value: 'site' },
      outFile: { source: 'default', value: 'x.xlf' },
    };
    const current = (name: string): { source: string; value: unknown } => sources[name] as { source: string; value: unknown };
    expect(folderDefaults(options, '/p', '/p/a/b', current)).toEqual([{ name: 'notes', value: path.join('..', '..', 'notes') }]);
    expect(folderDefaults(options, '/p', '/p', current)).toEqual([]);
    expect(folderDefaults(options, '/p', '/p/a', (name) => ({ ...current(name), source: 'cli' }))).toEqual([]);
  });
});

describe('notes run in a subfolder of the project', () => {
  it('validates the project: the notes folder defaults to the one beside the config', async () => {
    const dir = await project({ 'notes.config.yaml': 'pdf: false\n' });
    expect(await runIn(path.join(dir, 'drafts', 'deep'), ['validate'])).toEqual({ code: 0, stdout: '', stderr: '1 note checked: no problems.\n' });
    const verbose = await runIn(path.join(dir, 'drafts', 'deep'), ['--verbose', 'validate']);
    expect(verbose.stderr).toContain(`Config file: ${path.join('..', '..', 'notes.config.yaml')}.\n`);
    expect(verbose.stderr).toContain(`Notes folder: ${path.join('..', '..', 'notes')} (the default, in the folder of ${path.join('..', '..', 'notes.config.yaml')}).\n`);
  });

  it('builds the project into its output/ (the config sets neither folder)', async () => {
    const dir = await project({ 'notes.config.yaml': 'pdf: false\n' });
    const result = await runIn(path.join(dir, 'notes', 'f'), ['build']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`^Wrote 6 files to \\.\\./\\.\\./output: 1 HTML and 0 PDF note editions`));
    expect(existsSync(path.join(dir, 'output', 'test-forum', 'w1', 'w1.en.html'))).toBe(true);
    expect(existsSync(path.join(dir, 'notes', 'f', 'output'))).toBe(false);
  });

  it('resolves the folders the config sets from its own folder, and a flag from the current folder', async () => {
    const dir = await project({ 'notes.config.json': '{ "out": "site", "pdf": false }\n' });
    const built = await runIn(path.join(dir, 'drafts'), ['build']);
    expect(built.code).toBe(0);
    expect(existsSync(path.join(dir, 'site', 'index.html'))).toBe(true);
    const flagged = await runIn(path.join(dir, 'drafts'), ['build', '--out', 'here', '--notes', '../notes']);
    expect(flagged.code).toBe(0);
    expect(existsSync(path.join(dir, 'drafts', 'here', 'index.html'))).toBe(true);
  });

  it('names the config key when the config set the folder, and the flag when it is the default', async () => {
    const set = await project({ 'notes.config.yaml': 'out: notes/f/site\n' });
    const config = path.join('..', 'notes.config.yaml');
    expect(await runIn(path.join(set, 'drafts'), ['build', '--no-pdf'])).toMatchObject({
      code: 2,
      stderr: `The output folder ${path.join('..', 'notes', 'f', 'site')} ("out" in ${config}) is inside the notes folder ${path.join('..', 'notes')}: choose one outside it, in "out" in ${config}.\n`,
    });
    const defaulted = await project({ 'notes.config.yaml': 'notes: .\n' });
    expect(await runIn(path.join(defaulted, 'drafts'), ['build', '--no-pdf'])).toMatchObject({
      code: 2,
      stderr: `The output folder ${path.join('..', 'output')} is inside the notes folder ..: choose one outside it with --out.\n`,
    });
  });

  it('does not move the defaults for a config given with --config', async () => {
    const dir = await project({ 'ci.yaml': 'pdf: false\n' });
    const result = await runIn(path.join(dir, 'drafts'), ['validate', '--config', '../ci.yaml']);
    expect(result).toEqual({ code: 2, stdout: '', stderr: "The notes folder notes does not exist: run notes in your project's folder or pass --notes DIR.\n" });
  });
});
