import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import { report } from '../diagnostics/report.js';
import type { Collection, Project } from '../model/types.js';

/** The file that makes a folder a collection. */
export const COLLECTION_FILE = 'collection.yaml';

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
  const absRoot = path.resolve(root);
  const wanted = only.map((p) => path.resolve(p));
  const selected = (abs: string): boolean =>
    wanted.length === 0 || wanted.some((w) => abs === w || abs.startsWith(w + path.sep));

  async function walk(dir: string): Promise<void> {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || SKIP.has(entry.name)) continue;
      const abs = path.join(dir, entry.name);
      const rel = toPosix(path.relative(absRoot, abs));
      if (entry.isDirectory()) {
        await walk(abs);
      } else if (entry.isFile()) {
        files.add(rel);
        if (entry.name === COLLECTION_FILE) {
          collections.push({ file: await read(abs, rel), dir: toPosix(path.dirname(rel)) });
        } else if (entry.name.endsWith('.md') && selected(abs)) {
          notes.push(await read(abs, rel));
        }
      }
      // Symbolic links and special files are left out on purpose (see above).
    }
  }

  const stat = await lstat(absRoot).catch(() => undefined);
  if (stat?.isDirectory()) await walk(absRoot);
  return { root, collections, notes, files };
}

async function read(abs: string, rel: string): Promise<VFile> {
  const display = path.relative(process.cwd(), abs) || abs;
  const file = new VFile({ path: display, data: { relative: rel } });
  try {
    file.value = await readFile(abs);
  } catch (error) {
    file.value = '';
    report(file, 'file-unreadable', `This file could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  return file;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

const MEDIA_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
};

/** Read the local images notes use (paths relative to the notes folder that `load` listed). */
export async function loadAssets(root: string, paths: Iterable<string>): Promise<Map<string, { bytes: Uint8Array; type: string }>> {
  const assets = new Map<string, { bytes: Uint8Array; type: string }>();
  for (const rel of paths) {
    const type = MEDIA_TYPES[rel.split('.').pop()?.toLowerCase() ?? ''];
    if (!type) continue;
    try {
      assets.set(rel, { bytes: await readFile(path.join(root, ...rel.split('/'))), type });
    } catch {
      // validate already reported missing files; an unreadable one is left out of the output.
    }
  }
  return assets;
}
