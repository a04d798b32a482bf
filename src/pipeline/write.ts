import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { lstat, mkdir, open, readFile, realpath, rename, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { isStored, type Output } from './pack.js';

/** Where a build writes its files before moving them into place (inside the output folder). */
export const STAGING = '.notes-staging';
/** The lock file that keeps two builds out of one output folder. */
export const LOCK = '.notes-lock';

/** Why the output folder cannot be used, or undefined when it can. */
export async function checkOutputFolder(out: string, notes: string): Promise<string | undefined> {
  const real = async (p: string): Promise<string> => realpath(p).catch(() => path.resolve(p));
  const o = await real(out);
  const n = await real(notes);
  if (o === n) return `The output folder ${out} is the notes folder: choose another with --out.`;
  if (o.startsWith(n + path.sep)) return `The output folder ${out} is inside the notes folder ${notes}: choose one outside it with --out.`;
  if (n.startsWith(o + path.sep)) return `The output folder ${out} contains the notes folder ${notes}: choose another with --out.`;
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
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        await rm(file, { force: true });
      };
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

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(file, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' && typeof owner.started === 'string' ? (owner as LockOwner) : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
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
  const bytes = await readFile(content.file);
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
