import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, lstat, mkdir, open, realpath, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * File operations that never go through a symbolic link: the notes folder is untrusted, and a
 * link planted in it (a file, or a folder on the way) could lead a read or a write outside it.
 * Reads open with O_NOFOLLOW and check that the folder's real path is the one named; writes go
 * to a temporary file in the same (real) folder, then are renamed into place, which replaces a
 * link instead of writing through it. The folder given as `root` is the user's own choice and is
 * trusted as it is; everything below it is checked.
 */

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
// A FIFO or a device opened for reading would block (or never end): open without waiting, then refuse it.
const NONBLOCK = constants.O_NONBLOCK ?? 0;

/** A path that notes refuses to read or write: a link, a link on its way, a special file, or outside its folder. */
export class UnsafePath extends Error {
  constructor(
    /** The path refused, as given. */
    readonly file: string,
    reason: string,
  ) {
    super(`${shown(file)} ${reason}`);
  }
}

/** A file larger than the caller allows; it was not read. */
export class FileTooLarge extends Error {
  constructor(
    readonly file: string,
    readonly size: number,
    readonly limit: number,
  ) {
    super(`${shown(file)} is ${megabytes(size)}, more than the ${megabytes(limit)} notes reads`);
  }
}

const LINK = 'is a symbolic link: notes never reads or writes through a link (it could lead outside the notes folder), so it was left as it is. Replace it with a plain file, or delete it.';

/**
 * Read a regular file without following a link at its name and without blocking on a FIFO or a
 * device; `maxBytes` refuses a larger file before reading it ({@link FileTooLarge}).
 */
export async function readNoFollow(file: string, options: { maxBytes?: number; follow?: boolean } = {}): Promise<Buffer> {
  const flags = constants.O_RDONLY | NONBLOCK | (options.follow ? 0 : NOFOLLOW);
  const handle = await open(file, flags).catch((error: NodeJS.ErrnoException) => {
    // O_NOFOLLOW on a link: ELOOP on Linux and macOS, EMLINK on FreeBSD.
    if (error.code === 'ELOOP' || error.code === 'EMLINK') throw new UnsafePath(file, LINK);
    throw error;
  });
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new UnsafePath(file, 'is not a regular file (a folder, a pipe or a device): notes only reads plain files.');
    if (options.maxBytes !== undefined && stat.size > options.maxBytes) throw new FileTooLarge(file, stat.size, options.maxBytes);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/**
 * Read `file`, which must lie below `root`, reached through real folders only (their real path
 * is the one named) and not be a link itself.
 */
export async function readInside(root: string, file: string, options: { maxBytes?: number } = {}): Promise<Buffer> {
  await assertRealFolder(root, path.dirname(path.resolve(file)), file);
  return readNoFollow(file, options);
}

/** Throw {@link UnsafePath} unless `dir` is `root` or below it and no folder between them is a link. */
export async function assertRealFolder(root: string, dir: string, file: string = dir): Promise<void> {
  const rel = relativeInside(root, dir, file);
  const [realRoot, realDir] = await Promise.all([realpath(root), realpath(dir)]);
  if (realDir !== path.join(realRoot, rel)) throw new UnsafePath(file, `is reached through a symbolic link to a folder: notes never follows links out of ${shown(root)}, so it was left as it is.`);
}

/**
 * Throw {@link UnsafePath} if `file` (below `root`) is a link or lies in a link to a folder: what
 * exists of its path is checked with lstat, so a command can check every path it will write
 * before it writes any, and refuse the whole command rather than do half of it.
 */
export async function assertNoLinks(root: string, file: string): Promise<void> {
  let current = path.resolve(root);
  const parts = relativeInside(root, file, file).split(path.sep).filter(Boolean);
  for (const [i, part] of parts.entries()) {
    current = path.join(current, part);
    const stat = await lstat(current).catch(() => undefined);
    if (!stat) return;
    const last = i === parts.length - 1;
    if (stat.isSymbolicLink()) throw new UnsafePath(file, last ? LINK : `is in ${shown(current)}, which is a symbolic link to a folder: notes never reads or writes through links, so nothing was read or written. Replace the link with a folder, or delete it.`);
    if (!last && !stat.isDirectory()) throw new UnsafePath(file, `is in ${shown(current)}, which is not a folder.`);
  }
}

/** Temporary files being written, removed if the process is interrupted ({@link discardPending}). */
const pending = new Set<string>();

/** Remove the temporary files of writes still in progress (on SIGINT/SIGTERM): nothing half-written stays. */
export async function discardPending(): Promise<void> {
  const files = [...pending];
  pending.clear();
  await Promise.all(files.map((f) => unlink(f).catch(() => undefined)));
}

/**
 * Write `file` below `root` whole or not at all: into a temporary file in its folder, flushed,
 * then renamed over it (a link in its place is replaced, never written through). Missing folders
 * are made one by one; a link or a file on the way is refused ({@link UnsafePath}). `exclusive`
 * keeps anything already there (an EEXIST error, as `open(…, 'wx')` gives). `sync: false` skips
 * the flush, for caches, whose entries are checked against their hashes when read.
 */
export async function writeInside(root: string, file: string, data: string | Uint8Array, options: { exclusive?: boolean; sync?: boolean } = {}): Promise<void> {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  await makeRealFolders(root, dir, file);
  const existing = await lstat(target).catch(() => undefined);
  if (existing?.isDirectory()) throw new UnsafePath(file, 'is a folder: name a file.');
  if (options.exclusive && existing) throw Object.assign(new Error(`${shown(file)} exists already`), { code: 'EEXIST', path: file });
  const temp = path.join(dir, `.notes-${randomBytes(6).toString('hex')}.tmp`);
  pending.add(temp);
  let placed = false;
  try {
    const mode = existing?.isFile() ? existing.mode & 0o777 : 0o666;
    const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, mode);
    try {
      await handle.writeFile(data);
      if (options.sync !== false) await handle.sync();
    } finally {
      await handle.close();
    }
    // The folder could have been swapped for a link meanwhile: check again just before the move.
    await assertRealFolder(root, dir, file);
    if (options.exclusive) await placeExclusive(temp, target);
    else await rename(temp, target);
    placed = true;
  } finally {
    pending.delete(temp);
    if (!placed) await unlink(temp).catch(() => undefined);
  }
}

/** Move `temp` to `target` unless something (a file, a link) is there: a hard link fails then. */
async function placeExclusive(temp: string, target: string): Promise<void> {
  try {
    await link(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // File systems without hard links: check, then rename (a race here only loses the other file).
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
    if (await lstat(target).catch(() => undefined)) throw Object.assign(new Error(`${shown(target)} exists already`), { code: 'EEXIST', path: target });
    await rename(temp, target);
    return;
  }
  await unlink(temp);
}

/** Make every folder from `root` (exclusive) down to `dir`, refusing a link or a file on the way. */
async function makeRealFolders(root: string, dir: string, file: string): Promise<void> {
  let current = path.resolve(root);
  for (const part of relativeInside(root, dir, file).split(path.sep).filter(Boolean)) {
    current = path.join(current, part);
    let stat = await lstat(current).catch(() => undefined);
    if (!stat) {
      await mkdir(current).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
      stat = await lstat(current);
    }
    if (stat.isSymbolicLink()) throw new UnsafePath(file, `is in ${shown(current)}, which is a symbolic link to a folder: notes never writes through links, so nothing was written.`);
    if (!stat.isDirectory()) throw new UnsafePath(file, `is in ${shown(current)}, which is not a folder: nothing was written.`);
  }
}

/** `dir` relative to `root`, or {@link UnsafePath} when it is not below it. */
function relativeInside(root: string, dir: string, file: string): string {
  const rel = path.relative(path.resolve(root), path.resolve(dir));
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) throw new UnsafePath(file, `is outside ${shown(root)}: notes only reads and writes inside it.`);
  return rel;
}

/** A path as people read it: relative to the current folder when it is below it. */
function shown(file: string): string {
  const rel = path.relative(process.cwd(), path.resolve(file));
  const name = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : path.resolve(file);
  // A file name is the notes' data: its control characters are shown, never sent to the terminal.
  return name.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function megabytes(bytes: number): string {
  return `${(bytes / (1 << 20)).toFixed(bytes < 1 << 20 ? 2 : 0)} MB`;
}
