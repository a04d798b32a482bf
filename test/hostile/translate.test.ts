import { execFile, execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { translateTransliterate } from '../../src/cli/commands/translate.js';
import { openCache } from '../../src/cache/pdf-cache.js';
import { openMemo } from '../../src/cache/note-memo.js';
import { readXliff, writeXliff, XLIFF_LIMIT_BYTES } from '../../src/translate/xliff.js';
import { runCli, type CliRun } from '../helpers/cli.js';
import { conceptNote, FORUM_YAML } from '../helpers/project.js';
import { assertInvariants, PASSWD, snapshot, STACK } from './invariants.js';
import { canMount } from '../helpers/mount.js';

// Translators' commands, `validate --fix` and the caches, against a notes folder (or a cache
// folder) with planted symbolic links, and XLIFF files that try to corrupt an edition or to hold
// the command: each is refused with a clear message, nothing outside the notes folder is read or
// written, nothing is half-written, no stack trace, no internal error.

// `validate --fix` reads the notes, then writes: a hook between the two plays a link planted meanwhile.
const hooks = vi.hoisted(() => ({ afterValidate: undefined as undefined | (() => Promise<void>) }));
vi.mock('../../src/pipeline/index.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/pipeline/index.js')>();
  return {
    ...actual,
    runValidate: async (...args: Parameters<typeof actual.runValidate>) => {
      const result = await actual.runValidate(...args);
      await hooks.afterValidate?.();
      return result;
    },
  };
});

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/notes.js');
const FORUM_UZ = FORUM_YAML.replace('languages: [en]', 'languages: [en, uz-Latn, uz-Cyrl]');
/** Characters no XML 1.0 file may hold, even as references. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/u;

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

interface Project {
  root: string;
  notes: string;
  token: string;
  canary: string;
  /** Path below the project root. */
  at(rel: string): string;
}

/** A project: a forum in three languages with one note, a secret outside the notes folder, and `files`. */
async function project(files: Record<string, string> = {}): Promise<Project> {
  const root = await mkdtemp(path.join(tmpdir(), 'notes-hostile-tr-'));
  temps.push(root);
  const token = `SECRET-${randomBytes(8).toString('hex')}`;
  const all: Record<string, string> = {
    'notes/f/collection.yaml': FORUM_UZ,
    'notes/f/w1.md': conceptNote(),
    'outside/secret.md': `---\ntitle: ${token}\n---\n\n${token}\n`,
    'outside/snap.json': JSON.stringify({ 'body.1': token }),
    ...files,
  };
  for (const [rel, content] of Object.entries(all)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), content);
  }
  return { root, notes: path.join(root, 'notes'), token, canary: path.join(root, 'canary'), at: (rel) => path.join(root, rel) };
}

/** Plant a link at `rel` (below the project) pointing at `target` (as written). */
async function plant(p: Project, rel: string, target: string): Promise<void> {
  await mkdir(path.dirname(p.at(rel)), { recursive: true });
  await rm(p.at(rel), { recursive: true, force: true });
  await symlink(target, p.at(rel));
}

/** A uz-Latn edition of w1 made by `translate init`, and the XLIFF exported for it. */
async function withEdition(p: Project): Promise<string> {
  const init = await runCli(['translate', 'init', p.at('notes/f/w1.md'), '--lang', 'uz-Latn', '--notes', p.notes]);
  expect(init.code, init.stderr).toBe(0);
  const exported = await runCli(['translate', 'export', p.at('notes/f/w1.md'), '--lang', 'uz-Latn', '--notes', p.notes]);
  expect(exported.code, exported.stderr).toBe(0);
  return exported.stdout;
}

/** The exported XLIFF with unit `id` translated as `text`. */
function translated(xliff: string, id: string, text: string): string {
  const unit = new RegExp(`(<trans-unit id="${id.replace('.', '\\.')}"[^>]*>\\s*<source>[^<]*</source>\\s*)<target state="[^"]*">[^<]*</target>`);
  expect(xliff).toMatch(unit);
  return xliff.replace(unit, `$1<target state="translated">${text}</target>`);
}

/** No secret, and not /etc/passwd, in what the command printed or in any file of the notes folder. */
async function expectNoLeak(p: Project, result: CliRun): Promise<void> {
  expect(`${result.stdout}${result.stderr}`).not.toContain(p.token);
  for (const entry of await readdir(p.notes, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const text = await readFile(path.join(entry.parentPath, entry.name), 'utf8');
    expect(text, entry.name).not.toContain(p.token);
    expect(text, entry.name).not.toContain(PASSWD);
  }
}

/** Assert the shared invariants, with nothing changed anywhere in the project. */
async function unchanged(p: Project, result: CliRun, before: Map<string, string>): Promise<void> {
  await assertInvariants({ result, root: p.root, before, canary: p.canary, token: p.token });
  await expectNoLeak(p, result);
}

/** Run a command function in-process with captured streams. */
async function capture(run: (io: Parameters<typeof translateTransliterate>[2]) => Promise<number>): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env: { NO_COLOR: '1' } };
  try {
    return { code: await run(io), stdout, stderr };
  } catch (error) {
    // What main() would print: a usage error is exit 2, anything else would be exit 70.
    const usage = (error as Error).constructor.name === 'UsageError';
    return { code: usage ? 2 : 70, stdout, stderr: `${stderr}${usage ? '' : 'internal error: '}${(error as Error).message}\n` };
  }
}

const LINK_MESSAGE = /symbolic link/;

describe('no translate command reads or writes through a symbolic link', () => {
  it('import refuses a .translations snapshot that is a link to a file outside (the issue), and writes nothing', async () => {
    const p = await project();
    const xliff = translated(await withEdition(p), 'body.1', 'Kirish matni.');
    await plant(p, 'notes/f/.translations/w1.uz-Latn.json', '../../../outside/snap.json');
    await writeFile(p.at('w1.xlf'), xliff);
    const before = await snapshot(p.root);
    const result = await runCli(['translate', 'import', p.at('w1.xlf'), '--notes', p.notes]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\.translations\/w1\.uz-Latn\.json is a symbolic link/);
    await unchanged(p, result, before);
  });

  it('import refuses a .translations folder that is a link to a folder outside', async () => {
    const p = await project({ 'outside/t/w1.uz-Latn.json': '{}' });
    const xliff = translated(await withEdition(p), 'body.1', 'Kirish matni.');
    await plant(p, 'notes/f/.translations', '../../outside/t');
    await writeFile(p.at('w1.xlf'), xliff);
    const before = await snapshot(p.root);
    const result = await runCli(['translate', 'import', p.at('w1.xlf'), '--notes', p.notes]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/notes\/f\/\.translations, which is a symbolic link to a folder/);
    await unchanged(p, result, before);
  });

  it('import refuses a dangling .translations link (it would create the file outside)', async () => {
    const p = await project();
    const xliff = translated(await withEdition(p), 'body.1', 'Kirish matni.');
    await mkdir(p.at('outside/empty'));
    await plant(p, 'notes/f/.translations', '../../outside/empty/not-yet');
    await writeFile(p.at('w1.xlf'), xliff);
    const before = await snapshot(p.root);
    const result = await runCli(['translate', 'import', p.at('w1.xlf'), '--notes', p.notes]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(LINK_MESSAGE);
    await unchanged(p, result, before);
    expect(existsSync(p.at('outside/empty/not-yet'))).toBe(false);
  });

  it('import into a new edition refuses a planted .translations link before it writes the edition (no half import)', async () => {
    const p = await project();
    await withEdition(p);
    const xliff = (await runCli(['translate', 'export', p.at('notes/f/w1.md'), '--lang', 'uz-Cyrl', '--notes', p.notes])).stdout;
    await plant(p, 'notes/f/.translations/w1.uz-Cyrl.json', '../../../outside/snap.json');
    await writeFile(p.at('w1.xlf'), xliff.replace(/<target state="[^"]*">/g, '<target state="translated">'));
    const before = await snapshot(p.root);
    const result = await runCli(['translate', 'import', p.at('w1.xlf'), '--notes', p.notes]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(LINK_MESSAGE);
    expect(existsSync(p.at('notes/f/w1.uz-Cyrl.md'))).toBe(false);
    await unchanged(p, result, before);
  });

  it('init refuses a .translations folder linked outside, and leaves no edition behind', async () => {
    const p = await project();
    await mkdir(p.at('outside/t'));
    await plant(p, 'notes/f/.translations', '../../outside/t');
    const before = await snapshot(p.root);
    const result = await runCli(['translate', 'init', p.at('notes/f/w1.md'), '--lang', 'uz-Latn', '--notes', p.notes]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(LINK_MESSAGE);
    expect(existsSync(p.at('notes/f/w1.uz-Latn.md'))).toBe(false);
    await unchanged(p, result, before);
  });

  it('transliterate --force refuses a target edition that is a link to a file outside (the issue)', async () => {
    const p = await project({ 'outside/target.md': 'do not touch\n' });
    await withEdition(p);
    await plant(p, 'notes/f/w1.uz-Cyrl.md', '../../outside/target.md');
    const before = await snapshot(p.root);
    const result = await runCli(['translate', 'transliterate', p.at('notes/f/w1.uz-Latn.md'), '--to', 'uz-Cyrl', '--force']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/w1\.uz-Cyrl\.md is a symbolic link/);
    await unchanged(p, result, before);
  });

  it('transliterate refuses an edition that is a link to a file outside (the issue): nothing is copied in', async () => {
    const p = await project();
    await plant(p, 'notes/f/w1.uz-Latn.md', '../../outside/secret.md');
    const before = await snapshot(p.root);
    const result = await runCli(['translate', 'transliterate', p.at('notes/f/w1.uz-Latn.md'), '--to', 'uz-Cyrl']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/w1\.uz-Latn\.md is a symbolic link/);
    expect(existsSync(p.at('notes/f/w1.uz-Cyrl.md'))).toBe(false);
    await unchanged(p, result, before);
  });

  it('transliterate refuses an edition linked to /etc/passwd', async () => {
    const p = await project();
    await plant(p, 'notes/f/w1.uz-Latn.md', '/etc/passwd');
    const before = await snapshot(p.root);
    const result = await runCli(['translate', 'transliterate', p.at('notes/f/w1.uz-Latn.md'), '--to', 'uz-Cyrl']);
    expect(result.code).toBe(1);
    expect(`${result.stdout}${result.stderr}`).not.toContain(PASSWD);
    expect(existsSync(p.at('notes/f/w1.uz-Cyrl.md'))).toBe(false);
    await unchanged(p, result, before);
  });

  it('transliterate --force refuses a hard-to-see chain: a link to a link inside a hidden folder, to a file outside', async () => {
    const p = await project({ 'outside/target.md': 'do not touch\n' });
    await withEdition(p);
    await plant(p, 'notes/f/.cache/a.md', '../../../outside/target.md');
    await plant(p, 'notes/f/w1.uz-Cyrl.md', '.cache/a.md');
    const before = await snapshot(p.root);
    const result = await runCli(['translate', 'transliterate', p.at('notes/f/w1.uz-Latn.md'), '--to', 'uz-Cyrl', '--force']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(LINK_MESSAGE);
    await unchanged(p, result, before);
  });

  it('transliterate refuses an edition in a folder of the notes that is a link to a folder outside', async () => {
    const p = await project({ 'outside/g/w1.uz-Latn.md': '---\ntitle: Salom\n---\n\nSalom.\n' });
    await plant(p, 'notes/g', '../outside/g');
    const before = await snapshot(p.root);
    const result = await capture((io) => translateTransliterate(p.at('notes/g/w1.uz-Latn.md'), { to: 'uz-Cyrl', notes: p.notes }, io));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/notes\/g, which is a symbolic link to a folder/);
    expect(existsSync(p.at('outside/g/w1.uz-Cyrl.md'))).toBe(false);
    await unchanged(p, result, before);
  });

  it('transliterate refuses a snapshot that is a FIFO (it would wait forever) and writes nothing', async () => {
    const p = await project();
    await withEdition(p);
    await rm(p.at('notes/f/.translations/w1.uz-Latn.json'));
    execFileSync('mkfifo', [p.at('notes/f/.translations/w1.uz-Latn.json')]);
    const before = await snapshot(p.root);
    const result = await runCli(['translate', 'transliterate', p.at('notes/f/w1.uz-Latn.md'), '--to', 'uz-Cyrl']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/w1\.uz-Latn\.json is not a regular file/);
    expect(existsSync(p.at('notes/f/w1.uz-Cyrl.md'))).toBe(false);
    await unchanged(p, result, before);
  });

  it('export refuses a snapshot linked to a JSON file outside (its text would be shown as the old source)', async () => {
    const p = await project();
    await withEdition(p);
    const source = p.at('notes/f/w1.md');
    await writeFile(source, (await readFile(source, 'utf8')).replace('Intro.', 'Intro, revised.'));
    await plant(p, 'notes/f/.translations/w1.uz-Latn.json', '../../../outside/snap.json');
    const before = await snapshot(p.root);
    const result = await runCli(['translate', 'export', source, '--lang', 'uz-Latn', '--notes', p.notes]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(LINK_MESSAGE);
    await unchanged(p, result, before);
  });

  it('export --out into the notes folder refuses a planted link there', async () => {
    const p = await project({ 'outside/target.md': 'do not touch\n' });
    await plant(p, 'notes/f/w1.xlf', '../../outside/target.md');
    const before = await snapshot(p.root);
    const result = await runCli(['translate', 'export', p.at('notes/f/w1.md'), '--lang', 'uz-Latn', '--notes', p.notes, '--out', p.at('notes/f/w1.xlf')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/w1\.xlf is a symbolic link/);
    await unchanged(p, result, before);
  });

  it('import: a file naming a note through a folder linked outside is refused', async () => {
    const p = await project({ 'outside/g/collection.yaml': FORUM_UZ.replace('test-forum', 'other-forum'), 'outside/g/w1.md': conceptNote().replace('test-forum', 'other-forum') });
    const xliff = (await withEdition(p)).replace('original="f/w1.md"', 'original="g/w1.md"');
    await plant(p, 'notes/g', '../outside/g');
    await writeFile(p.at('w1.xlf'), xliff);
    const before = await snapshot(p.root);
    const result = await runCli(['translate', 'import', p.at('w1.xlf'), '--notes', p.notes]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not a valid source note');
    await unchanged(p, result, before);
  });

  it('transliterate --force into a target linked to a secret outside: refused, the secret neither read nor overwritten, no temporary file left', async () => {
    const p = await project();
    await withEdition(p);
    await plant(p, 'notes/f/w1.uz-Cyrl.md', '../../outside/secret.md');
    const before = await snapshot(p.root);
    const result = await runCli(['translate', 'transliterate', p.at('notes/f/w1.uz-Latn.md'), '--to', 'uz-Cyrl', '--force']);
    expect(result.code).toBe(1);
    const names = (await readdir(p.notes, { recursive: true })).map(String);
    expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([]);
    await unchanged(p, result, before);
  });
});

describe('validate --fix never writes through a link', () => {
  const latin = conceptNote().replace('Intro.', "O'zbekiston va g'oya.");

  it('a note replaced by a link to a file outside after it was read: refused, the file outside untouched', async () => {
    const p = await project({ 'outside/target.md': 'do not touch\n' });
    const init = await runCli(['translate', 'init', p.at('notes/f/w1.md'), '--lang', 'uz-Latn', '--notes', p.notes]);
    expect(init.code).toBe(0);
    const edition = p.at('notes/f/w1.uz-Latn.md');
    await writeFile(edition, (await readFile(edition, 'utf8')).replace('Intro.', "O'zbekiston va g'oya."));
    let before = new Map<string, string>();
    hooks.afterValidate = async () => {
      hooks.afterValidate = undefined;
      await unlink(edition);
      await symlink('../../outside/target.md', edition);
      before = await snapshot(p.root);
    };
    try {
      const result = await runCli(['validate', '--fix', '--notes', p.notes]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/w1\.uz-Latn\.md is a symbolic link/);
      expect(await readFile(p.at('outside/target.md'), 'utf8')).toBe('do not touch\n');
      await unchanged(p, result, before);
    } finally {
      hooks.afterValidate = undefined;
    }
  });

  it('a note in a folder replaced by a link after it was read: refused', async () => {
    const p = await project({ 'outside/g/w1.uz-Latn.md': 'do not touch\n' });
    const init = await runCli(['translate', 'init', p.at('notes/f/w1.md'), '--lang', 'uz-Latn', '--notes', p.notes]);
    expect(init.code).toBe(0);
    const edition = p.at('notes/f/w1.uz-Latn.md');
    await writeFile(edition, (await readFile(edition, 'utf8')).replace('Intro.', "O'zbekiston va g'oya."));
    let before = new Map<string, string>();
    hooks.afterValidate = async () => {
      hooks.afterValidate = undefined;
      await rm(p.at('notes/f'), { recursive: true });
      await symlink('../outside/g', p.at('notes/f'));
      before = await snapshot(p.root);
    };
    try {
      const result = await runCli(['validate', '--fix', '--notes', p.notes]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/notes\/f, which is a symbolic link to a folder/);
      expect(await readFile(p.at('outside/g/w1.uz-Latn.md'), 'utf8')).toBe('do not touch\n');
      await unchanged(p, result, before);
    } finally {
      hooks.afterValidate = undefined;
    }
  });

  it('a note that is a link from the start is reported and never fixed', async () => {
    const p = await project({ 'outside/w1.uz-Latn.md': latin });
    await plant(p, 'notes/f/w1.uz-Latn.md', '../../outside/w1.uz-Latn.md');
    const before = await snapshot(p.root);
    const result = await runCli(['validate', '--fix', '--notes', p.notes, '--format', 'json']);
    expect(result.stdout).toContain('file-symlink');
    expect(await readFile(p.at('outside/w1.uz-Latn.md'), 'utf8')).toBe(latin);
    await unchanged(p, result, before);
  });

  it('the fix still applies to a real note (and only it changes)', async () => {
    const p = await project();
    const init = await runCli(['translate', 'init', p.at('notes/f/w1.md'), '--lang', 'uz-Latn', '--notes', p.notes]);
    expect(init.code).toBe(0);
    const edition = p.at('notes/f/w1.uz-Latn.md');
    await writeFile(edition, (await readFile(edition, 'utf8')).replace('Intro.', "O'zbekiston va g'oya."));
    const before = await snapshot(p.root);
    const result = await runCli(['validate', '--fix', '--notes', p.notes]);
    expect(result.stderr).toContain('Fixed 2 in');
    expect(await readFile(edition, 'utf8')).toContain('Oʻzbekiston va gʻoya.');
    before.set('notes/f/w1.uz-Latn.md', (await snapshot(p.root)).get('notes/f/w1.uz-Latn.md') as string);
    await unchanged(p, result, before);
  });
});

describe('the caches never follow a link planted in them, and a full cache disk is not a full output folder', () => {
  const KEY = 'a'.repeat(64);

  it('a PDF cache entry planted as a link (to a FIFO outside, which would hang a read) is never read, and is replaced', { timeout: 30_000 }, async () => {
    const p = await project();
    execFileSync('mkfifo', [p.at('outside/fifo')]);
    const dir = p.at('cache/0123456789abcdef');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'index.json'), JSON.stringify({ format: 1, tool: 't', entries: { [KEY]: 'b'.repeat(64) } }));
    await symlink(p.at('outside/fifo'), path.join(dir, `${KEY}.pdf`));
    const cache = await openCache(p.at('out'), 't', dir);
    expect(await cache.get(KEY)).toBeUndefined();
    await cache.put(KEY, new Uint8Array([1, 2, 3]));
    await cache.save();
    expect((await lstat(p.at('outside/fifo'))).isFIFO()).toBe(true);
    expect(await readFile(path.join(dir, `${KEY}.pdf`))).toEqual(Buffer.from([1, 2, 3]));
  });

  it('a FIFO planted as the cache index, a cache entry or the memo index does not hang: it is passed over', { timeout: 30_000 }, async () => {
    const p = await project();
    const dir = p.at('cache/0123456789abcdef');
    const memoDir = p.at('cache/memo/0123456789abcdef');
    await mkdir(dir, { recursive: true });
    await mkdir(memoDir, { recursive: true });
    execFileSync('mkfifo', [path.join(dir, 'index.json'), path.join(memoDir, 'index.json'), path.join(memoDir, `${KEY}.render`)]);
    const cache = await openCache(p.at('out'), 't', dir);
    expect(await cache.get(KEY)).toBeUndefined();
    const memo = await openMemo(memoDir, 't');
    expect(await memo.getRender(KEY)).toBeUndefined();
  });

  it('a PDF cache index planted as a link is not read (its entries are not trusted), and is replaced', async () => {
    const pdf = Buffer.from('%PDF-planted');
    const p = await project({ 'outside/index.json': JSON.stringify({ format: 1, tool: 't', entries: { [KEY]: createHash('sha256').update(pdf).digest('hex') } }) });
    const dir = p.at('cache/0123456789abcdef');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, `${KEY}.pdf`), pdf);
    await symlink(p.at('outside/index.json'), path.join(dir, 'index.json'));
    const before = await readFile(p.at('outside/index.json'), 'utf8');
    const cache = await openCache(p.at('out'), 't', dir);
    expect(await cache.get(KEY)).toBeUndefined();
    await cache.save();
    expect(await readFile(p.at('outside/index.json'), 'utf8')).toBe(before);
  });

  it('a PDF cache folder planted as a link: the build carries on without the cache, told once, naming the cache folder', async () => {
    const p = await project();
    await mkdir(p.at('outside/elsewhere'));
    const dir = p.at('cache/0123456789abcdef');
    await plant(p, 'cache/0123456789abcdef', '../outside/elsewhere');
    const notices: string[] = [];
    const cache = await openCache(p.at('out'), 't', dir, { onNotice: (m) => notices.push(m) });
    await cache.put(KEY, new Uint8Array([1]));
    await cache.put('b'.repeat(64), new Uint8Array([2]));
    await cache.save();
    expect(await readdir(p.at('outside/elsewhere'))).toEqual([]);
    expect(notices).toEqual([`The PDF cache in ${dir} cannot be written (a symbolic link was planted in it): building without it. The output folder is not affected.`]);
    expect(cache.fileOf?.(KEY)).toBeUndefined();
  });

  it('the note memo: an index (a link to a FIFO outside) and a rendering planted as links are not read, and are replaced', { timeout: 30_000 }, async () => {
    const p = await project({ 'outside/x.render': 'notes-render 1 x\n' });
    execFileSync('mkfifo', [p.at('outside/fifo')]);
    const dir = p.at('cache/memo/0123456789abcdef');
    await mkdir(dir, { recursive: true });
    await symlink(p.at('outside/fifo'), path.join(dir, 'index.json'));
    await symlink(p.at('outside/x.render'), path.join(dir, `${KEY}.render`));
    const memo = await openMemo(dir, 't');
    expect(await memo.getRender(KEY)).toBeUndefined();
    await memo.putRender(KEY, { view: {} as never, page: '<p>a</p>', chapter: '' });
    await memo.save();
    expect((await lstat(p.at('outside/fifo'))).isFIFO()).toBe(true);
    expect(await readFile(p.at('outside/x.render'), 'utf8')).toBe('notes-render 1 x\n');
  });

  it('the note memo in a folder planted as a link: not written there, told once', async () => {
    const p = await project();
    await mkdir(p.at('outside/elsewhere'));
    await plant(p, 'cache/memo/0123456789abcdef', '../../outside/elsewhere');
    const notices: string[] = [];
    const memo = await openMemo(p.at('cache/memo/0123456789abcdef'), 't', { onNotice: (m) => notices.push(m) });
    await memo.putRender(KEY, { view: {} as never, page: '', chapter: '' });
    memo.put('k', { messages: [], probes: [], places: {}, images: [] });
    await memo.save();
    expect(await readdir(p.at('outside/elsewhere'))).toEqual([]);
    expect(notices).toHaveLength(1);
  });

  it.skipIf(!canMount())('a full cache disk (the issue): the build succeeds, every PDF written, and nothing says the output folder is full', { timeout: 180_000 }, async () => {
    const p = await project();
    await mkdir(p.at('cache'));
    const before = await snapshot(p.root, p.at('out'));
    // A 4 KB file system of its own for the cache: no PDF fits in it.
    const script = 'mount -t tmpfs -o size=4k tmpfs "$CACHE" && NOTES_CACHE_DIR="$CACHE" "$NODE" "$BIN" build --notes "$NOTES" --out "$OUT"';
    const result = await new Promise<CliRun>((resolve) => {
      execFile('unshare', ['-rm', 'sh', '-c', script], { env: { ...process.env, NO_COLOR: '1', CACHE: p.at('cache'), NODE: process.execPath, BIN, NOTES: p.notes, OUT: p.at('out') } }, (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
    });
    expect(result.stderr).not.toMatch(/Could not write .*out.*full/);
    expect(result.stderr).not.toMatch(/could not be printed/);
    expect(result.code, result.stderr).toBe(0);
    for (const file of ['test-forum/w1/w1.en.pdf', 'test-forum/test-forum.en.pdf']) expect(existsSync(p.at(`out/${file}`)), file).toBe(true);
    await assertInvariants({ result, root: p.root, before, out: p.at('out'), canary: p.canary, token: p.token });
  });
});

describe('XLIFF: a file that would corrupt an edition is refused whole', () => {
  async function importing(p: Project, xliff: string): Promise<{ result: CliRun; before: Map<string, string>; edition: string }> {
    await writeFile(p.at('in.xlf'), xliff);
    const edition = await readFile(p.at('notes/f/w1.uz-Latn.md'), 'utf8');
    const before = await snapshot(p.root);
    const result = await runCli(['translate', 'import', p.at('in.xlf'), '--notes', p.notes]);
    return { result, before, edition };
  }

  /** The unit `id` of `xliff`, as exported. */
  function rawUnit(xliff: string, id: string): string {
    const unit = new RegExp(`      <trans-unit id="${id.replace('.', '\\.')}"[\\s\\S]*?</trans-unit>\\n`).exec(xliff)?.[0];
    expect(unit).toBeDefined();
    return unit as string;
  }

  /** The unit `id` of `xliff`, translated as `text`. */
  function unitOf(xliff: string, id: string, text: string): string {
    return rawUnit(xliff, id).replace(/<target state="[^"]*">[^<]*<\/target>/, `<target state="translated">${text}</target>`);
  }

  it('three units with the same id (the issue): refused, naming the id and its lines; nothing imported', async () => {
    const p = await project();
    const xliff = await withEdition(p);
    const unit = unitOf(xliff, 'body.1', 'Intro traduit.');
    const { result, before, edition } = await importing(p, xliff.replace(rawUnit(xliff, 'body.1'), unit + unit + unit));
    expect(result.code).toBe(1);
    const lines = (await readFile(p.at('in.xlf'), 'utf8')).split('\n').flatMap((l, i) => (l.includes('<trans-unit id="body.1"') ? [i + 1] : []));
    expect(lines).toHaveLength(3);
    expect(result.stderr).toContain(`unit body.1 (lines ${lines.join(', ')}) appears 3 times`);
    expect(result.stderr).toContain('nothing was imported');
    expect(await readFile(p.at('notes/f/w1.uz-Latn.md'), 'utf8')).toBe(edition);
    expect(edition).not.toContain('traduit');
    await unchanged(p, result, before);
  });

  it('repeated ids in another order, interleaved with good units: refused whole, each named', async () => {
    const p = await project();
    const xliff = await withEdition(p);
    const body = [unitOf(xliff, 'body.3', 'Maqsad.'), unitOf(xliff, 'body.1', 'Kirish.'), unitOf(xliff, 'body.5', 'Fokus.'), unitOf(xliff, 'body.3', 'Maqsad 2.'), unitOf(xliff, 'body.1', 'Kirish 2.')].join('');
    const { result, before, edition } = await importing(p, xliff.replace(/    <body>\n[\s\S]*    <\/body>/, `    <body>\n${body}    </body>`));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/unit body\.3 \(lines \d+, \d+\) appears 2 times/);
    expect(result.stderr).toMatch(/unit body\.1 \(lines \d+, \d+\) appears 2 times/);
    expect(result.stderr).not.toMatch(/body\.5/);
    expect(await readFile(p.at('notes/f/w1.uz-Latn.md'), 'utf8')).toBe(edition);
    await unchanged(p, result, before);
  });

  it('the same id in two <file> elements of one import: refused', async () => {
    const p = await project();
    const xliff = await withEdition(p);
    const file = /  <file [\s\S]*<\/file>\n/.exec(xliff)?.[0] as string;
    const { result, before } = await importing(p, xliff.replace(file, translated(file, 'body.1', 'Bir.') + translated(file, 'body.1', 'Ikki.')));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/unit body\.1 \(lines \d+, \d+\) appears 2 times/);
    await unchanged(p, result, before);
  });

  it('the same id repeated, once without a target: still refused (the file is ambiguous)', async () => {
    const p = await project();
    const xliff = await withEdition(p);
    const bare = rawUnit(xliff, 'body.1').replace(/\s*<target[^>]*>[^<]*<\/target>/, '');
    const { result, before } = await importing(p, xliff.replace(rawUnit(xliff, 'body.1'), unitOf(xliff, 'body.1', 'Kirish.') + bare));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/unit body\.1 .*appears 2 times/);
    await unchanged(p, result, before);
  });

  it('a unit that is not a segment of the note, a fact offered as a translation, and an id with control characters: refused whole', async () => {
    const p = await project();
    const xliff = await withEdition(p);
    const good = unitOf(xliff, 'body.1', 'Kirish.');
    const extra = [
      good.replaceAll('body.1', 'body.999'),
      rawUnit(xliff, 'fact.workshop').replace(' translate="no"', '').replace('</source>', '</source><target state="translated">7</target>'),
      good.replaceAll('body.1', 'body.1&#27;[2K'),
    ].join('');
    const { result, before } = await importing(p, xliff.replace(rawUnit(xliff, 'body.1'), good + extra));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unit body.999');
    expect(result.stderr).toContain('is not a segment of the source note');
    expect(result.stderr).toContain('unit fact.workshop');
    expect(result.stderr).not.toContain('\u001b');
    await unchanged(p, result, before);
  });

  it('a file for another language of the source, or for a note outside the notes folder: refused', async () => {
    const p = await project();
    const xliff = await withEdition(p);
    let { result, before } = await importing(p, translated(xliff, 'body.1', 'Kirish.').replace('source-language="en"', 'source-language="fr"'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('translates from fr');
    await unchanged(p, result, before);
    ({ result, before } = await importing(p, xliff.replace('original="f/w1.md"', 'original="../../outside/secret.md"')));
    expect(result.code).toBe(2);
    await unchanged(p, result, before);
  });
});

describe('XLIFF: text XML 1.0 cannot carry is encoded, and round-trips', () => {
  /** Lone surrogates too: a YAML escape such as "\\uD800" can put one in a front-matter string. */
  const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

  for (const [name, char] of [
    ["Word's manual line break U+000B", '\u000B'],
    ['U+0001', '\u0001'],
    ['U+000C', '\u000C'],
    ['U+001F', '\u001F'],
    ['U+FFFE', '\uFFFE'],
    ['U+FFFF', '\uFFFF'],
    ['a lone surrogate U+D800', '\uD800'],
  ] as const) {
    it(`${name} in a source, a target and an old source: valid XML, read back exactly`, () => {
      const unit = { id: 'body.1', source: `Intro${char}second${char}.`, target: `Kirish${char}ikkinchi.`, state: 'translated', translate: true };
      const xliff = writeXliff(
        { original: `f/w1${char}.md`, sourceLanguage: 'en', targetLanguage: 'uz-Latn', units: [{ ...unit, note: `Introduction${char}`, previousSource: `Old${char}intro.` }] },
        { name: 'notes', version: '1' },
      );
      expect(xliff).not.toMatch(NOT_XML);
      expect(xliff).not.toMatch(LONE);
      expect(xliff).toMatch(/<x id="(lb|cp)\d+" ctype="(lb|x-cp-[0-9A-F]{4})"\/>/);
      const [read] = readXliff(xliff).units;
      expect(read).toEqual({ ...unit, line: 6 });
    });
  }

  /** A note whose title (a YAML double-quoted string) and first paragraph hold `char`. */
  async function noteWith(title: string, intro: string): Promise<Project> {
    return project({ 'notes/f/w1.md': conceptNote().replace('title: A Test Workshop', `title: "${title}"`).replace('Intro.', intro) });
  }

  for (const [name, title, intro] of [
    ['U+FFFE', 'A Test\\uFFFEWorkshop', 'Intro\uFFFE text.'],
    ['U+FFFF', 'A Test\\uFFFFWorkshop', 'Intro\uFFFF text.'],
  ] as const) {
    it(`${name} in a note's field and body: the exported XLIFF is valid, and export → import leaves the edition byte for byte`, async () => {
      const p = await noteWith(title, intro);
      const xliff = await withEdition(p);
      expect(xliff).not.toMatch(NOT_XML);
      const units = readXliff(xliff).units;
      expect(units.find((u) => u.id === 'body.1')?.source).toBe(intro);
      await writeFile(p.at('in.xlf'), xliff);
      const edition = await readFile(p.at('notes/f/w1.uz-Latn.md'));
      const before = await snapshot(p.root);
      const result = await runCli(['translate', 'import', p.at('in.xlf'), '--notes', p.notes]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain('0 units updated');
      expect(await readFile(p.at('notes/f/w1.uz-Latn.md'))).toEqual(edition);
      await unchanged(p, result, before);
    });
  }

  it('a translated unit keeps its placeholder: the character comes back into the edition at its place, and exports the same again', async () => {
    const p = await noteWith('A Test\\uFFFEWorkshop', 'Intro\uFFFE text.');
    const xliff = await withEdition(p);
    const changed = xliff.replace(
      /(<trans-unit id="body\.1"[\s\S]*?)<target state="[^"]*">Intro(<x id="cp1" ctype="x-cp-FFFE"\/>) text\.<\/target>/,
      '$1<target state="translated">Kirish$2 matni.</target>',
    );
    expect(changed).not.toBe(xliff);
    await writeFile(p.at('in.xlf'), changed);
    const result = await runCli(['translate', 'import', p.at('in.xlf'), '--notes', p.notes]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('1 unit updated');
    expect(await readFile(p.at('notes/f/w1.uz-Latn.md'), 'utf8')).toContain('\nKirish\uFFFE matni.\n');
    const again = (await runCli(['translate', 'export', p.at('notes/f/w1.md'), '--lang', 'uz-Latn', '--notes', p.notes])).stdout;
    expect(again).toContain('<target state="translated">Kirish<x id="cp1" ctype="x-cp-FFFE"/> matni.</target>');
    expect(again).not.toMatch(NOT_XML);
  });

  it("a CAT tool's line break placeholder (<x ctype=\"lb\"/>) is read as U+000B at its place", async () => {
    const p = await project();
    const xliff = translated(await withEdition(p), 'body.1', 'Kirish<x id="lb1" ctype="lb"/>ikkinchi qator.');
    await writeFile(p.at('in.xlf'), xliff);
    const result = await runCli(['translate', 'import', p.at('in.xlf'), '--notes', p.notes]);
    expect(result.code, result.stderr).toBe(0);
    expect(await readFile(p.at('notes/f/w1.uz-Latn.md'), 'utf8')).toContain('\nKirish\u000Bikkinchi qator.\n');
  });

  it('a numeric reference to NUL or past U+10FFFF is kept as text, never a crash', () => {
    const file = '<?xml version="1.0"?><xliff version="1.2"><file original="f/w1.md" source-language="en" target-language="uz-Latn"><body><trans-unit id="body.1"><source>a</source><target>b&#0;c&#x110000;d</target></trans-unit></body></file></xliff>';
    expect(readXliff(file).units[0]?.target).toBe('b&#0;c&#x110000;d');
  });
});

describe('XLIFF: size is bounded, and an import can be stopped', () => {
  /** A file of about `mb` MB for w1: the same unit again and again. */
  function big(mb: number, unit = '<trans-unit id="body.1"><source>Intro.</source><target state="translated">Intro traduit.</target></trans-unit>\n'): Buffer {
    const head = '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n<file original="f/w1.md" source-language="en" target-language="uz-Latn" datatype="x-markdown"><body>\n';
    const tail = '</body></file></xliff>\n';
    const count = Math.ceil((mb * (1 << 20) - head.length - tail.length) / unit.length);
    return Buffer.from(head + unit.repeat(count) + tail);
  }

  for (const mb of [100, 17, 9]) {
    it(`a ${mb} MB file is refused before it is read, naming the file and the limit`, { timeout: 60_000 }, async () => {
      const p = await project();
      await withEdition(p);
      await writeFile(p.at('big.xlf'), big(mb));
      const before = await snapshot(p.root);
      const result = await runCli(['translate', 'import', p.at('big.xlf'), '--notes', p.notes]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`big.xlf is ${mb} MB, more than the ${XLIFF_LIMIT_BYTES >> 20} MB notes reads`);
      await unchanged(p, result, before);
    });
  }

  it('a small file whose entities would expand to a 100 MB attribute is refused, in bounded time', { timeout: 60_000 }, async () => {
    const p = await project();
    await withEdition(p);
    const entities = ['<!ENTITY a "' + 'a'.repeat(9000) + '">', ...Array.from({ length: 4 }, (_, i) => `<!ENTITY ${'bcde'[i]} "${`&${'abcd'[i]};`.repeat(10)}">`)];
    const file = `<?xml version="1.0"?>\n<!DOCTYPE xliff [\n${entities.join('\n')}\n]>\n<xliff version="1.2"><file original="&e;" source-language="en" target-language="uz-Latn"><body><trans-unit id="body.1"><source>x</source><target>&e;</target></trans-unit></body></file></xliff>\n`;
    expect(file.length).toBeLessThan(20_000);
    await writeFile(p.at('bomb.xlf'), file);
    const before = await snapshot(p.root);
    const result = await runCli(['translate', 'import', p.at('bomb.xlf'), '--notes', p.notes]);
    expect(result.code).not.toBe(0);
    await unchanged(p, result, before);
  });

  it('a file with an XXE entity reads nothing from the disk', async () => {
    const p = await project();
    await withEdition(p);
    const file = `<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY x SYSTEM "file://${p.at('outside/secret.md')}">]>\n<xliff version="1.2"><file original="f/w1.md" source-language="en" target-language="uz-Latn"><body><trans-unit id="fm.title"><source>A Test Workshop</source><target state="translated">&x;</target></trans-unit></body></file></xliff>\n`;
    await writeFile(p.at('xxe.xlf'), file);
    const before = await snapshot(p.root);
    const result = await runCli(['translate', 'import', p.at('xxe.xlf'), '--notes', p.notes]);
    before.delete('notes/f/w1.uz-Latn.md');
    before.delete('notes/f/.translations/w1.uz-Latn.json');
    const after = await snapshot(p.root);
    after.delete('notes/f/w1.uz-Latn.md');
    after.delete('notes/f/.translations/w1.uz-Latn.json');
    expect(after).toEqual(before);
    await expectNoLeak(p, result);
    expect(result.stderr).not.toMatch(STACK);
  });

  it('an XLIFF argument that is a FIFO is refused at once (it would wait forever)', async () => {
    const p = await project();
    execFileSync('mkfifo', [p.at('pipe.xlf')]);
    const before = await snapshot(p.root);
    const result = await runCli(['translate', 'import', p.at('pipe.xlf'), '--notes', p.notes]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not a regular file');
    await unchanged(p, result, before);
  });

  it('the real binary, a 100 MB file and SIGTERM after a second (the issue): it ends at once, refused or stopped, nothing written', { timeout: 120_000 }, async () => {
    const p = await project();
    await withEdition(p);
    await writeFile(p.at('big.xlf'), big(100));
    const before = await snapshot(p.root);
    const child = spawn(process.execPath, [BIN, 'translate', 'import', p.at('big.xlf'), '--notes', p.notes], { env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    const exited = new Promise<number>((resolve) => child.on('exit', (c, s) => resolve(c ?? (s === 'SIGKILL' ? -9 : -1))));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    child.kill('SIGTERM');
    // Before the fix it parsed for 15 to 30 s with the signal pending; now it is refused in about a second.
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const exit = await exited;
    clearTimeout(killer);
    expect([2, 143], stderr).toContain(exit);
    await unchanged(p, { code: exit, stdout: '', stderr }, before);
  });

  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`the real binary stops on ${signal} during an import of a file just under the limit (exit ${code}), nothing half-written`, { timeout: 120_000 }, async () => {
      // Many notes beside it, so the import is still at work when the signal comes.
      const notes = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`notes/f/n${i}.md`, conceptNote().replace('workshop: 1', `workshop: ${i + 2}`)]));
      const p = await project(notes);
      await withEdition(p);
      const file = big((XLIFF_LIMIT_BYTES >> 20) - 0.2);
      expect(file.length).toBeLessThan(XLIFF_LIMIT_BYTES);
      await writeFile(p.at('big.xlf'), file);
      const before = await snapshot(p.root);
      const child = spawn(process.execPath, [BIN, 'translate', 'import', p.at('big.xlf'), '--notes', p.notes], { env: { ...process.env, NO_COLOR: '1' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += String(d)));
      child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
      const exited = new Promise<number>((resolve) => child.on('exit', (c, s) => resolve(c ?? (s === 'SIGKILL' ? -9 : -1))));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      child.kill(signal);
      // Bounded: a process that ignores the signal is killed, and the test fails on its code.
      const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const exit = await exited;
      clearTimeout(killer);
      const result = { code: exit, stdout, stderr };
      expect(exit, stderr).toBe(code);
      await unchanged(p, result, before);
    });
  }
});
