import { createHash } from 'node:crypto';
import { homedir, hostname } from 'node:os';
import { constants } from 'node:fs';
import { lstat, mkdir, open, readFile, realpath, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { isStored, type Output } from '../pack/pack.js';
import { readNoFollow } from './safe-fs.js';
import { processAlive as alive } from '../model/process-alive.js';

/** Where a build writes its files before moving them into place (inside the output folder). */
export const STAGING = '.notes-staging';
/** The lock file that keeps two builds out of one output folder. */
export const LOCK = '.notes-lock';

/**
 * `p` as the kernel resolves it: each existing part by its real path (so a symbolic link, and a
 * `..` after one, lead where they really lead), the parts that do not exist yet appended as
 * written. `missing` is the first part that does not exist (undefined when all do).
 */
export async function realPathOf(p: string, cwd: string = process.cwd()): Promise<{ path: string; missing?: string }> {
  let current = path.isAbsolute(p) ? path.parse(p).root : await realpath(cwd).catch(() => path.resolve(cwd));
  let missing: string | undefined;
  for (const part of p.split(path.sep === '\\' ? /[\\/]+/ : /\/+/)) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      current = path.dirname(current);
      continue;
    }
    const next = path.join(current, part);
    const real = missing === undefined ? await realpath(next).catch(() => undefined) : undefined;
    if (real === undefined) missing ??= next;
    current = real ?? next;
  }
  return { path: current, ...(missing !== undefined && { missing }) };
}

/** How the command line or the config named the folders, for messages: e.g. `--out` or `"out" in notes.config.yaml`. */
export interface FolderNames {
  notes: string;
  out: string;
}

/** Kernel file systems where no folder of files can be made (Linux). */
const VIRTUAL = ['/proc', '/sys', '/dev'];

/** Whether `inner` is `outer` or inside it (both real, absolute paths). */
function within(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The virtual file system `p` is in, if any. */
function virtualOf(p: string): string | undefined {
  return process.platform === 'linux' ? VIRTUAL.find((v) => within(p, v)) : undefined;
}

/** How to say where a value came from and how to change it: a flag goes unsaid, a config key is named. */
function origin(name: string): { label: string; change: string } {
  return name.startsWith('--') ? { label: '', change: `choose another with ${name}` } : { label: ` (${name})`, change: `change ${name}` };
}

/**
 * Why `notes` cannot be the notes folder, or undefined when it can: a notes folder is read
 * whole, so it may not be the root of the file system nor a kernel file system (/proc, /sys, /dev).
 */
export async function checkNotesFolder(notes: string, name = '--notes'): Promise<string | undefined> {
  const n = (await realPathOf(notes)).path;
  const { label, change } = origin(name);
  if (path.parse(n).root === n) return `The notes folder ${notes}${label} is the root of the file system: ${change}, naming the folder that holds your notes.`;
  const virtual = virtualOf(n);
  if (virtual) return `The notes folder ${notes}${label} is in ${virtual}, which holds no notes: ${change}, naming the folder that holds your notes.`;
  return undefined;
}

/**
 * Why `out` cannot be the output folder, or undefined when it can. Both folders are compared by
 * their real paths (a symbolic link or a `..` cannot make the notes folder look like another):
 * the output folder may not be the notes folder, be inside it or contain it; it may not be a file;
 * and, as a build writes its folders and indexes there, it may not be the root of the file system,
 * the home folder, a folder that contains the current folder, nor in /proc, /sys or /dev. An
 * existing folder is fine otherwise (a rebuild writes into its own previous output).
 */
export async function checkOutputFolder(
  out: string,
  notes: string,
  names: FolderNames = { notes: '--notes', out: '--out' },
  cwd: string = process.cwd(),
  home: string = homedir(),
): Promise<string | undefined> {
  const notesProblem = await checkNotesFolder(notes, names.notes);
  if (notesProblem) return notesProblem;
  const { path: o, missing } = await realPathOf(out, cwd);
  const n = (await realPathOf(notes, cwd)).path;
  const here = (await realPathOf('.', cwd)).path;
  const { label, change } = origin(names.out);
  const named = `The output folder ${out}${label}`;
  const own = `${change}, naming a folder of its own such as output`;
  if (missing !== undefined) {
    // The first missing part must be creatable: nothing may stand there (a broken link), and the
    // folder above it must be a folder.
    if (await lstat(missing).catch(() => undefined)) return `${named} cannot be made: ${missing} is a broken symbolic link. Remove it, or ${change}.`;
    const above = await stat(path.dirname(missing)).catch(() => undefined);
    if (above && !above.isDirectory()) return `${named} cannot be made: ${path.dirname(missing)} is a file, not a folder: ${change}.`;
  } else if (!(await stat(o)).isDirectory()) {
    return `${named} is a file, not a folder: ${change}.`;
  }
  if (path.parse(o).root === o) return `${named} is the root of the file system: ${own}.`;
  if (o === (await realPathOf(home, cwd)).path) return `${named} is your home folder: ${own}.`;
  if (o === n) return `${named} is the notes folder: ${change}.`;
  if (within(o, n)) return `${named} is inside the notes folder ${notes}: choose one outside it${label ? `, in ${names.out}` : ` with ${names.out}`}.`;
  if (within(n, o)) return `${named} contains the notes folder ${notes}: ${change}.`;
  if (within(here, o) && o !== here) return `${named} contains the current folder: ${own}.`;
  const virtual = virtualOf(o);
  if (virtual) return `${named} is in ${virtual}, where no files can be written: ${change}.`;
  return undefined;
}

/** Another build holds the output folder. */
export class OutputBusy extends Error {}

interface LockOwner {
  pid: number;
  host: string;
  started: string;
}

/**
 * Take the output folder for this build: create `.notes-lock` in it, or fail with
 * {@link OutputBusy} when a running build holds it. A lock left by a build that was killed (its
 * process is gone, on this machine) is taken over. Returns the release function.
 */
export async function lockOutput(out: string, now: Date = new Date()): Promise<() => Promise<void>> {
  await mkdir(out, { recursive: true });
  const file = path.join(out, LOCK);
  const me: LockOwner = { pid: process.pid, host: hostname(), started: now.toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(file, `${JSON.stringify(me)}\n`, { flag: 'wx' });
      // Released once; a second caller (the interrupt's clean-up racing the build's own end) waits for the same removal.
      let releasing: Promise<void> | undefined;
      return () => (releasing ??= rm(file, { force: true }));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = await readOwner(file);
    if (owner && owner.host === me.host && !alive(owner.pid)) {
      // A build that was killed: its lock is stale.
      await rm(file, { force: true });
      continue;
    }
    if (!owner) {
      // Being written by another build this instant, or not ours: look again shortly.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const again = await readOwner(file);
      if (!again) throw new OutputBusy(`The output folder ${out} is locked by ${file}, which notes did not write: delete it if no build is running.`);
      continue;
    }
    throw new OutputBusy(
      `Another notes build (process ${owner.pid}${owner.host === me.host ? '' : ` on ${owner.host}`}, started ${owner.started}) is writing to ${out}. Wait for it to finish, or choose another folder with --out; if no build is running, delete ${file}.`,
    );
  }
  throw new OutputBusy(`Could not lock the output folder ${out}: another build keeps taking it.`);
}

/**
 * The output folder's lock is something notes never writes (a folder, a FIFO, a symbolic link, a
 * device): it is not a live lock, but not notes' to remove either.
 */
export class LockNotAFile extends Error {}

/** The most of a lock file that is read: notes writes about 100 bytes. */
const LOCK_BYTES = 4096;

/**
 * Who holds the lock `file`, or undefined when it is not a lock notes wrote (or is gone). It is
 * opened without following a link and without waiting (a FIFO would block a plain read
 * forever), checked to be a regular file, and at most {@link LOCK_BYTES} of it are read.
 */
async function readOwner(file: string): Promise<LockOwner | undefined> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    if (error.code === 'ELOOP') throw new LockNotAFile(notALock(file, 'a symbolic link'));
    if (error.code === 'ENXIO') throw new LockNotAFile(notALock(file, 'a socket'));
    throw error;
  });
  if (!handle) return undefined;
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new LockNotAFile(notALock(file, info.isDirectory() ? 'a folder' : info.isFIFO() ? 'a named pipe (FIFO)' : 'a special file'));
    const buffer = Buffer.alloc(LOCK_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, LOCK_BYTES, 0);
    const owner = JSON.parse(buffer.subarray(0, bytesRead).toString('utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' && typeof owner.started === 'string' ? (owner as LockOwner) : undefined;
  } catch (error) {
    if (error instanceof LockNotAFile) throw error;
    return undefined;
  } finally {
    await handle.close();
  }
}

function notALock(file: string, what: string): string {
  return `${file} is ${what}, not a lock file written by notes, so notes leaves it alone: remove it, then build again.`;
}

/** Remove what an interrupted build left in the output folder (its staging folder). */
export async function sweepOutput(out: string): Promise<void> {
  await rm(path.join(out, STAGING), { recursive: true, force: true });
}

/**
 * Store every planned output below `out`, so that each file there is always either its previous
 * complete version or its new complete one, whatever stops the build:
 * 1. every file is written and flushed in `out/.notes-staging/` first;
 * 2. then each is renamed into place (an atomic step), after making sure that no folder on its way
 *    and no file in its place is a symbolic link (a link is replaced, never written through, and
 *    `notice` is told);
 * 3. the staging folder is removed. A build that is killed leaves it behind; the next one sweeps it.
 * Call it with the output folder locked ({@link lockOutput}).
 */
export async function writeOutputs(
  out: string,
  outputs: readonly Output[],
  notice: (message: string) => void = () => undefined,
  onWritten: (relative: string) => void | Promise<void> = () => undefined,
): Promise<void> {
  const root = path.resolve(out);
  try {
    await stageAndMove(root, out, outputs, notice, onWritten);
  } finally {
    // Also when writing failed (a full disk): nothing half-written stays behind.
    await rm(path.join(root, STAGING), { recursive: true, force: true }).catch(() => undefined);
  }
}

async function stageAndMove(
  root: string,
  out: string,
  outputs: readonly Output[],
  notice: (message: string) => void,
  onWritten: (relative: string) => void | Promise<void>,
): Promise<void> {
  await mkdir(root, { recursive: true });
  const staging = path.join(root, STAGING);
  await rm(staging, { recursive: true, force: true });
  const targets = outputs.map((output) => {
    const target = path.resolve(root, output.path);
    if (!target.startsWith(root + path.sep) || output.path.split('/')[0] === STAGING) throw new Error(`refusing to write outside ${out}: ${output.path}`);
    return { output, target, staged: path.join(staging, path.relative(root, target)) };
  });
  // Comparing and staging wait on the disk (each staged file is flushed): many at a time. Every
  // one has ended before this goes on, or fails, so nothing is written after the clean-up.
  const limit = pLimit(16);
  const all = async <T>(tasks: Promise<T>[]): Promise<T[]> => {
    const settled = await Promise.allSettled(tasks);
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
  };
  // A file already there with the same bytes (a rebuild) is left as it is.
  const same = await all(targets.map((entry) => limit(() => unchanged(root, entry.target, entry.output.content))));
  const changed = targets.filter((_, i) => !same[i]);
  await all(
    changed.map(({ output, staged }) =>
      limit(async () => {
        await mkdir(path.dirname(staged), { recursive: true });
        // A stored content (a PDF in the cache) is read now, a few at a time, and checked.
        const bytes = await contentBytes(output.content);
        const handle = await open(staged, 'wx');
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
      }),
    ),
  );
  for (const { output, target, staged } of changed) {
    await realFolders(root, path.dirname(target), out, notice);
    const existing = await lstat(target).catch(() => undefined);
    if (existing?.isSymbolicLink()) {
      notice(`${path.join(out, output.path)} was a symbolic link: it is replaced by the file, and what it pointed to is left untouched.`);
    }
    await rename(staged, target);
    await onWritten(output.path);
  }
}

/** The bytes of an output's content; a stored one is read from its file and must match its hash. */
export async function contentBytes(content: Output['content']): Promise<Uint8Array> {
  if (!isStored(content)) return typeof content === 'string' ? Buffer.from(content) : content;
  // The cached PDF is read back without following a link planted in the cache folder.
  const bytes = await readNoFollow(content.file);
  if (bytes.byteLength !== content.bytes || createHash('sha256').update(bytes).digest('hex') !== content.sha256) {
    throw new Error(`${content.file} changed after it was printed: build again`);
  }
  return bytes;
}

/** Whether `target` is a regular file, reached through real folders only, holding `content` already. */
async function unchanged(root: string, target: string, content: Output['content']): Promise<boolean> {
  let current = root;
  for (const part of path.relative(root, target).split(path.sep)) {
    current = path.join(current, part);
    const stat = await lstat(current).catch(() => undefined);
    if (!stat || stat.isSymbolicLink()) return false;
    if (current === target) {
      if (isStored(content)) {
        if (!stat.isFile() || stat.size !== content.bytes) return false;
        return createHash('sha256').update(await readFile(target)).digest('hex') === content.sha256;
      }
      const bytes = typeof content === 'string' ? Buffer.from(content) : content;
      if (!stat.isFile() || stat.size !== bytes.byteLength) return false;
      return (await readFile(target)).equals(bytes);
    }
    if (!stat.isDirectory()) return false;
  }
  return false;
}

/** Make `dir` (below `root`) a chain of real folders: a symbolic link on the way is replaced by a folder. */
async function realFolders(root: string, dir: string, out: string, notice: (message: string) => void): Promise<void> {
  let current = root;
  for (const part of path.relative(root, dir).split(path.sep).filter(Boolean)) {
    current = path.join(current, part);
    const stat = await lstat(current).catch(() => undefined);
    if (stat?.isSymbolicLink()) {
      notice(`${path.join(out, path.relative(root, current))} was a symbolic link: it is replaced by a folder, and what it pointed to is left untouched.`);
      await unlink(current);
    }
    if (!stat || stat.isSymbolicLink()) await mkdir(current);
  }
}
