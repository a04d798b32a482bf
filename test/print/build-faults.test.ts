import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conceptNote, FORUM_YAML, testdir } from '../helpers/project.js';
import { canMount } from '../helpers/mount.js';

// What happens to the output folder when the build itself is killed, interrupted, refused the
// disk, or meets another build: every file there is its previous complete version or its new
// complete one, the next build leaves no temporary file, no Chromium is left, and the notes are
// never touched. The builds here are the real CLI (bin/notes.js, built by `npm test`).

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/notes.js');
const SLOW = path.join(ROOT, 'test/helpers/slow-build.mjs');
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});
async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** Version 1 and version 2 of a forum of four notes (every note's text differs between them). */
function forum(version: 1 | 2): Record<string, string> {
  const files: Record<string, string> = { 'c/collection.yaml': FORUM_YAML };
  const long = Array.from({ length: 12 }, (_, i) => `Paragraph ${i + 1}. ${'Public services for everyone. '.repeat(12)}`).join('\n\n');
  for (let n = 1; n <= 4; n++) {
    files[`c/w${n}.md`] = conceptNote()
      .replace('workshop: 1', `workshop: ${n}`)
      .replace('Intro.', `${long}\n\nVersion ${version} of workshop ${n}.`);
  }
  return files;
}

/** path → sha256 of every file below `dir`, the build's own lock and staging left out. */
async function hashes(dir: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (!existsSync(dir)) return found;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const abs = path.join(entry.parentPath, entry.name);
    const rel = path.relative(dir, abs);
    if (rel.startsWith('.notes-')) continue;
    found.set(rel, createHash('sha256').update(await readFile(abs)).digest('hex'));
  }
  return found;
}

/** The build's own temporary files in `out` (lock, staging) that must not outlive a build. */
async function leftovers(out: string): Promise<string[]> {
  return (await readdir(out)).filter((name) => name.startsWith('.notes-'));
}

function cli(args: string[], extra: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...extra } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Chromium processes started by the build whose pid is `pid` (its profile folder names it). */
function chromiumOf(pid: number): string[] {
  return execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(`notes-chromium-${pid}-`));
}

async function until(condition: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`waited ${ms} ms for ${what}`);
    await sleep(25);
  }
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

let v1: string;
let v2: string;
/** What version 1 and version 2 build to, file by file (HTML only, and with PDFs). */
let ref1: Map<string, string>;
let ref2: Map<string, string>;
let ref1pdf: Map<string, string>;

beforeAll(async () => {
  v1 = await testdir(forum(1));
  v2 = await testdir(forum(2));
  temps.push(v1, v2);
  const [a, b, c] = await Promise.all([tempDir('notes-ref1-'), tempDir('notes-ref2-'), tempDir('notes-ref1pdf-')]);
  for (const [notes, out, pdf] of [[v1, a, false], [v2, b, false], [v1, c, true]] as const) {
    const { code, stderr } = await cli(['build', '--notes', notes, '--out', out, ...(pdf ? [] : ['--no-pdf'])]);
    expect(code, stderr).toBe(0);
  }
  ref1 = await hashes(a);
  ref2 = await hashes(b);
  ref1pdf = await hashes(c);
  // The two versions differ in every note's pages, so a mix of them can be seen.
  expect([...ref1].filter(([rel, hash]) => ref2.get(rel) !== hash).length).toBeGreaterThan(8);
}, 120_000);

/** An output folder holding a complete version-1 build, and a notes folder to change to version 2. */
async function previousBuild(pdf: boolean): Promise<{ notes: string; out: string }> {
  const notes = await tempDir('notes-src-');
  await cp(v1, notes, { recursive: true });
  const out = await tempDir('notes-out-');
  const { code, stderr } = await cli(['build', '--notes', notes, '--out', out, ...(pdf ? [] : ['--no-pdf'])]);
  expect(code, stderr).toBe(0);
  expect(await hashes(out)).toEqual(pdf ? ref1pdf : ref1);
  await cp(v2, notes, { recursive: true, force: true });
  return { notes, out };
}

describe('kill -9 of the build', () => {
  it('while files are moved into place: each is the old or the new version, whole; the next build leaves no temporary file', async () => {
    const { notes, out } = await previousBuild(false);
    const child = spawn(process.execPath, [SLOW, notes, out, '300'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let printed = '';
    child.stdout?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const half = Math.floor(ref1.size / 2);
    await until(() => (printed.match(/^written /gm) ?? []).length >= half, 'half the files written');
    child.kill('SIGKILL');
    await exited(child);

    const now = await hashes(out);
    expect([...now.keys()].sort()).toEqual([...ref1.keys()].sort());
    const fresh = [...now].filter(([rel, hash]) => hash === ref2.get(rel) && hash !== ref1.get(rel));
    const old = [...now].filter(([rel, hash]) => hash === ref1.get(rel) && hash !== ref2.get(rel));
    // Killed half-way: some files are new, some old, and every one is one or the other, whole.
    expect(fresh.length).toBeGreaterThan(0);
    expect(old.length).toBeGreaterThan(0);
    for (const [rel, hash] of now) expect([ref1.get(rel), ref2.get(rel)], rel).toContain(hash);
    // It left its lock and its staging folder …
    expect((await leftovers(out)).sort()).toEqual(['.notes-lock', '.notes-staging']);

    // … which the next build takes over and sweeps.
    const next = await cli(['build', '--notes', notes, '--out', out, '--no-pdf']);
    expect(next.code, next.stderr).toBe(0);
    expect(await leftovers(out)).toEqual([]);
    expect(await hashes(out)).toEqual(ref2);
  });

  it('while printing: the old files stay, Chromium goes with it, and the next build removes its profile', async () => {
    const { notes, out } = await previousBuild(true);
    const child = spawn(process.execPath, [BIN, 'build', '--notes', notes, '--out', out], { stdio: 'ignore' });
    const pid = child.pid as number;
    await until(() => chromiumOf(pid).length > 0, 'Chromium to start');
    await sleep(300);
    child.kill('SIGKILL');
    await exited(child);

    // No orphan: Chromium ends when the pipe to its parent closes.
    await until(() => chromiumOf(pid).length === 0, 'Chromium to end', 10_000);
    expect(await hashes(out)).toEqual(ref1pdf);
    const profiles = (await readdir(tmpdir())).filter((name) => name.startsWith(`notes-chromium-${pid}-`));
    expect(profiles.length, 'the killed build could not remove its browser profile').toBe(1);

    const next = await cli(['build', '--notes', notes, '--out', out]);
    expect(next.code, next.stderr).toBe(0);
    expect(await leftovers(out)).toEqual([]);
    expect((await readdir(tmpdir())).filter((name) => name.startsWith(`notes-chromium-${pid}-`))).toEqual([]);
    // The HTML pages are version 2's (the manifests differ: these list the PDFs too).
    const after = await hashes(out);
    for (const [rel, hash] of ref2) if (!rel.endsWith('manifest.json')) expect(after.get(rel), rel).toBe(hash);
  });
});

describe('Ctrl-C (SIGINT) of the build', () => {
  it('while printing: exits 130, keeps the old files, leaves no lock, staging, profile or Chromium', async () => {
    const { notes, out } = await previousBuild(true);
    const child = spawn(process.execPath, [BIN, 'build', '--notes', notes, '--out', out], { stdio: 'ignore' });
    const pid = child.pid as number;
    await until(() => chromiumOf(pid).length > 0, 'Chromium to start');
    await sleep(300);
    child.kill('SIGINT');
    const { code } = await exited(child);
    expect(code).toBe(130);
    expect(chromiumOf(pid)).toEqual([]);
    expect(await hashes(out)).toEqual(ref1pdf);
    expect(await leftovers(out)).toEqual([]);
    expect((await readdir(tmpdir())).filter((name) => name.startsWith(`notes-chromium-${pid}-`))).toEqual([]);
  });
});

describe('two builds into one output folder', () => {
  it('the second refuses at once (exit 3) and names the first; the first finishes', async () => {
    const { notes, out } = await previousBuild(false);
    const first = spawn(process.execPath, [BIN, 'build', '--notes', notes, '--out', out], { stdio: 'ignore' });
    const done = exited(first);
    await until(() => existsSync(path.join(out, '.notes-lock')), 'the first build to lock the folder');
    const second = await cli(['build', '--notes', notes, '--out', out]);
    expect(second.code).toBe(3);
    expect(second.stderr).toContain(`Another notes build (process ${first.pid}, started `);
    expect(second.stderr).toContain('Wait for it to finish');
    expect((await done).code).toBe(0);
    expect(await leftovers(out)).toEqual([]);
    // The HTML pages are version 2's (the manifests differ: these list the PDFs too).
    const after = await hashes(out);
    for (const [rel, hash] of ref2) if (!rel.endsWith('manifest.json')) expect(after.get(rel), rel).toBe(hash);
  });

  it('a lock left by a build that no longer runs is taken over', async () => {
    const { notes, out } = await previousBuild(false);
    // A process id that is not running (the highest possible, far above any real one).
    await writeFile(path.join(out, '.notes-lock'), JSON.stringify({ pid: 4_194_304, host: hostname(), started: '2026-01-01T00:00:00.000Z' }));
    const next = await cli(['build', '--notes', notes, '--out', out, '--no-pdf']);
    expect(next.code, next.stderr).toBe(0);
    expect(await hashes(out)).toEqual(ref2);
    expect(await leftovers(out)).toEqual([]);
  });
});

/**
 * In a mount namespace of its own: a tmpfs of `kb` KB at a fresh folder, a version-1 build into
 * it, then `between` (a shell command: $OUT is the folder), then a version-2 build. Prints the
 * second build's exit code and messages, and the folder's files with their hashes.
 */
async function onTmpfs(kb: number, between: string): Promise<{ code: number; stderr: string; before: string; after: string; notes: string }> {
  const notes = await tempDir('notes-src-');
  await cp(v1, notes, { recursive: true });
  const out = await tempDir('notes-tmpfs-');
  const v2copy = v2;
  const script = [
    'set -u',
    `mount -t tmpfs -o size=${kb}k tmpfs "$OUT"`,
    `node "$BIN" build --notes "$NOTES" --out "$OUT" --no-pdf >/dev/null 2>&1 || { echo "first build failed"; exit 9; }`,
    `(cd "$OUT" && find . -type f | sort | xargs sha256sum) > "$REPORT.before"`,
    between,
    `cp -r "$V2"/. "$NOTES"/`,
    `node "$BIN" build --notes "$NOTES" --out "$OUT" --no-pdf 2> "$REPORT.stderr" >/dev/null; echo $? > "$REPORT.code"`,
    `(cd "$OUT" && find . -type f | sort | xargs sha256sum; ls -a) > "$REPORT.after"`,
  ].join('\n');
  const report = path.join(await tempDir('notes-report-'), 'r');
  await run('unshare', ['-rm', 'sh', '-c', script], { env: { ...process.env, NO_COLOR: '1', OUT: out, BIN, NOTES: notes, V2: v2copy, REPORT: report } });
  const read = (ext: string): Promise<string> => readFile(`${report}.${ext}`, 'utf8');
  return { code: Number(await read('code')), stderr: await read('stderr'), before: await read('before'), after: await read('after'), notes };
}

describe.skipIf(!canMount())('an output folder that cannot be written', () => {
  it('read-only: a clear error, exit 1, the old files and the notes untouched', async () => {
    const { code, stderr, before, after, notes } = await onTmpfs(4096, 'mount -o remount,ro "$OUT"');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Could not write .*: the disk is read-only\. The notes were not changed; files written before this one are complete\.$/m);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(after.startsWith(before)).toBe(true);
    expect(await hashes(notes)).toEqual(await hashes(v2));
  });

  it('full: a clear error, exit 1, the old files whole, nothing half-written left', async () => {
    // Room for one build (about 200 KB here) but not for a second beside it in staging.
    const size = [...ref1.keys()].length;
    expect(size).toBeGreaterThan(5);
    const { code, stderr, before, after } = await onTmpfs(280, '');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Could not write .*: the disk is full\./m);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(after.startsWith(before)).toBe(true);
    expect(after).not.toContain('.notes-staging');
    expect(after).not.toContain('.notes-lock');
  });
});

describe('a file-size limit (ulimit -f)', () => {
  it('a clear error, exit 1, the old files whole, nothing half-written left', async () => {
    const { notes, out } = await previousBuild(false);
    // 16 KB: smaller than a note's HTML page, so the first file staged goes over it.
    const result = await run('sh', ['-c', `ulimit -f 16; "${process.execPath}" "${BIN}" build --notes "${notes}" --out "${out}" --no-pdf 2>&1; echo "exit $?"`], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(result.stdout).toMatch(/Could not write .*: the file is larger than this system allows\./);
    expect(result.stdout).toContain('exit 1');
    expect(result.stdout).not.toMatch(/^\s+at /m);
    expect(await hashes(out)).toEqual(ref1);
    expect(await leftovers(out)).toEqual([]);
  });
});
