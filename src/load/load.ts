import { constants } from 'node:fs';
import type { Dirent } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { VFile } from 'vfile';
import { report } from '../diagnostics/report.js';
import type { Collection, Project } from '../model/types.js';
import { fileTooLarge, LIMITS } from '../parse/limits.js';
import { nameProblem } from '../model/names.js';
import { IMAGE_TYPES } from '../model/media-types.js';

/** The file that makes a folder a collection. */
export const COLLECTION_FILE = 'collection.yaml';

/** How deep folders may nest in the notes folder (as lists and YAML may). */
export const MAX_DEPTH = 32;

/** Folders never searched for notes. */
const SKIP = new Set(['node_modules', '.git']);

/**
 * Read the notes folder: every collection.yaml, every `.md` note, and the list of all files (for
 * link checks). Symbolic links are never followed: a link could lead outside the notes folder.
 * `only`, when given, limits the notes read to those paths (files or folders, relative to cwd).
 */
export async function load(root: string, only: readonly string[] = []): Promise<Project> {
  const files = new Set<string>();
  const collections: Collection[] = [];
  const notes: VFile[] = [];
  const others: VFile[] = [];
  const absRoot = path.resolve(root);
  const wanted = only.map((p) => path.resolve(p));
  const selected = (abs: string): boolean =>
    wanted.length === 0 || wanted.some((w) => abs === w || abs.startsWith(w + path.sep));

  // Files are listed in order first, then read many at a time (one by one, the reads of a
  // thousand notes wait on the disk for a third of a second).
  const reads: (() => Promise<void>)[] = [];

  // Depth first, in name order, with a list of folders still to open instead of recursion: a
  // notes folder nested thousands deep neither overflows the stack nor reaches paths too long
  // to open (folders deeper than the limit are reported, not opened).
  const stack: { abs: string; depth: number }[] = [];
  const stat = await lstat(absRoot).catch(() => undefined);
  if (stat?.isDirectory()) stack.push({ abs: absRoot, depth: 0 });
  while (stack.length > 0) {
    const { abs: dir, depth } = stack.pop() as { abs: string; depth: number };
    const rel = toPosix(path.relative(absRoot, dir));
    if (depth > MAX_DEPTH) {
      others.push(folderProblem(dir, rel, 'limit-exceeded', `This folder is nested ${depth} levels deep in the notes folder, over the limit of ${MAX_DEPTH}: nothing in it is read. Move its notes up.`));
      continue;
    }
    let entries: Dirent[];
    try {
      entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    } catch (error) {
      others.push(folderProblem(dir, rel, 'file-unreadable', `This folder could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): nothing in it is checked.`));
      continue;
    }
    const folders: string[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith('.') || SKIP.has(entry.name)) continue;
      const abs = path.join(dir, entry.name);
      const rel = toPosix(path.relative(absRoot, abs));
      if (entry.isDirectory()) {
        folders.push(abs);
      } else if (entry.isFile()) {
        files.add(rel);
        if (entry.name === COLLECTION_FILE) {
          const collection: Collection = { file: new VFile(), dir: toPosix(path.dirname(rel)) };
          collections.push(collection);
          reads.push(async () => void (collection.file = await read(abs, rel)));
        } else if (entry.name.endsWith('.md') && selected(abs)) {
          const at = notes.push(new VFile()) - 1;
          reads.push(async () => {
            const file = await read(abs, rel);
            // The name becomes output names and links: one that cannot is this note's error.
            const problem = nameProblem(entry.name.slice(0, -'.md'.length));
            if (problem) report(file, 'name-unsafe', problem, { line: 1, column: 1 });
            notes[at] = file;
          });
        }
      }
      else if (entry.isSymbolicLink()) {
        // Left out on purpose (see above), and said so: the author may expect it to be read.
        const file = new VFile({ path: path.relative(process.cwd(), abs) || abs, data: { relative: rel } });
        report(file, 'file-symlink', `This is a symbolic link: notes never follow links, so what it points to is not read. Copy the ${entry.name.endsWith('.md') ? 'note' : 'file'} into the notes folder instead.`);
        others.push(file);
      }
      // Other special files (sockets, devices) are left out too.
    }
    // Popped last first, so the folders are walked in name order.
    for (const abs of folders.reverse()) stack.push({ abs, depth: depth + 1 });
  }

  const limit = pLimit(32);
  await Promise.all(reads.map((r) => limit(r)));
  return { root, collections, notes, files, others };
}

/** A problem with a folder of the notes folder, as a file of its own for the report. */
function folderProblem(abs: string, rel: string, rule: 'limit-exceeded' | 'file-unreadable', message: string): VFile {
  const file = new VFile({ path: path.relative(process.cwd(), abs) || abs, data: { relative: rel } });
  report(file, rule, message);
  return file;
}

async function read(abs: string, rel: string): Promise<VFile> {
  const display = path.relative(process.cwd(), abs) || abs;
  const file = new VFile({ path: display, data: { relative: rel } });
  try {
    file.value = await readNoFollow(abs, (bytes) => {
      report(file, 'limit-exceeded', fileTooLarge(bytes), { line: 1, column: 1 });
    });
  } catch (error) {
    file.value = '';
    report(file, 'file-unreadable', `This file could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  return file;
}

/**
 * Read a file without following a symbolic link (one put in its place after the folder was
 * listed is refused too), and without reading more than the size limit of a note when
 * `tooLarge` is given (it is told the size, and an empty file is returned).
 */
async function readNoFollow(abs: string, tooLarge?: (bytes: number) => void): Promise<Buffer> {
  const handle = await open(abs, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    const { size } = await handle.stat();
    if (tooLarge && size > LIMITS.fileBytes) {
      tooLarge(size);
      return Buffer.alloc(0);
    }
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}


/** Read the local images notes use (paths relative to the notes folder that `load` listed). */
export async function loadAssets(root: string, paths: Iterable<string>): Promise<Map<string, { bytes: Uint8Array; type: string }>> {
  const assets = new Map<string, { bytes: Uint8Array; type: string }>();
  for (const rel of paths) {
    const type = IMAGE_TYPES[rel.split('.').pop()?.toLowerCase() ?? ''];
    if (!type) continue;
    try {
      assets.set(rel, { bytes: await readNoFollow(path.join(root, ...rel.split('/'))), type });
    } catch {
      // validate already reported missing files; an unreadable one is left out of the output.
    }
  }
  return assets;
}
