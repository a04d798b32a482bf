import { createHash } from 'node:crypto';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { readNoFollow, UnsafePath, writeInside } from '../write/safe-fs.js';

/**
 * Where PDFs are cached: `$NOTES_CACHE_DIR`, else `$XDG_CACHE_HOME/notes`, else
 * `~/.cache/notes`; one folder per output folder in it. Never inside the output folder, which
 * is published.
 */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env['NOTES_CACHE_DIR']) return path.resolve(env['NOTES_CACHE_DIR']);
  if (env['XDG_CACHE_HOME']) return path.join(path.resolve(env['XDG_CACHE_HOME']), 'notes');
  return path.join(homedir(), '.cache', 'notes');
}

/** The cache folder of one output folder. */
export function cacheDirFor(out: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cacheRoot(env), createHash('sha256').update(path.resolve(out)).digest('hex').slice(0, 16));
}
/** The layout of the cache; a cache of another layout is discarded. */
const FORMAT = 1;

interface CacheIndex {
  format: number;
  /** notes' version that wrote it: a cache from another version is discarded. */
  tool: string;
  /** key → the SHA-256 of the cached PDF, checked on every read. */
  entries: Record<string, string>;
}

/** Cached PDFs, keyed by everything that shapes them (see {@link pdfKey}). */
export interface PdfCache {
  get(key: string): Promise<Uint8Array | undefined>;
  put(key: string, pdf: Uint8Array): Promise<void>;
  /** Where an entry's bytes lie, once `get` found it whole or `put` wrote it; none for a cache kept nowhere. */
  fileOf?(key: string): string | undefined;
  /** Write the index, keeping only the entries this build used. */
  save(): Promise<void>;
  /** Why the cache found on disk was not used, if it was not. */
  readonly discarded?: string;
}

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/**
 * The cache key of one PDF: the HTML printed (which already holds the note, the templates, the
 * styles, the labels and the assets), the PDF's metadata, notes' version, the browser and the
 * fixed date. Anything that changes the PDF changes one of these.
 */
export function pdfKey(parts: { html: string; meta: unknown; lang?: string | undefined; tool: string; browser: string; sourceDate?: Date | undefined }): string {
  return sha256(JSON.stringify([FORMAT, parts.tool, parts.browser, parts.sourceDate?.toISOString() ?? null, parts.lang ?? null, parts.meta, sha256(parts.html)]));
}

/** A cache that holds nothing and keeps nothing (`--force`, or no PDFs). */
export const noCache: PdfCache = { get: async () => undefined, put: async () => undefined, save: async () => undefined };

/** Why a cache folder cannot be written, in words (a full disk, a read-only one, a link planted there). */
export function cacheProblem(error: unknown): string {
  if (error instanceof UnsafePath) return 'a symbolic link was planted in it';
  const code = (error as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    EROFS: 'the disk is read-only',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EFBIG: 'the file is larger than this system allows',
    ENOTDIR: 'a file stands where a folder is needed',
  };
  return (code && words[code]) ?? `it cannot be written (${code ?? (error instanceof Error ? error.message : 'error')})`;
}

/**
 * Open the cache of an output folder. A cache that cannot be read, is of another layout or
 * version, or is not notes' own is discarded (removed), never trusted; each entry is also
 * checked against its hash when read. Nothing in it is followed if it is a link. When the cache
 * cannot be written (a full or read-only disk), the build goes on without it: `onNotice` is told
 * once, naming the cache folder, and nothing more is written there.
 */
export async function openCache(out: string, tool: string, dir: string = cacheDirFor(out), options: { onNotice?: (message: string) => void } = {}): Promise<PdfCache> {
  const indexFile = path.join(dir, 'index.json');
  let index: CacheIndex = { format: FORMAT, tool, entries: {} };
  let discarded: string | undefined;
  const text = await readNoFollow(indexFile, { maxBytes: 64 << 20 }).then((b) => b.toString('utf8'), () => undefined);
  if (text !== undefined) {
    const found = parseIndex(text);
    if (!found) discarded = 'its index could not be read';
    else if (found.format !== FORMAT || found.tool !== tool) discarded = `it was written by another version of notes (${found.tool})`;
    else index = found;
    if (discarded) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
  const used: Record<string, string> = {};
  // Set once the cache cannot be written: the build carries on without it.
  let broken: string | undefined;
  const give = (error: unknown): void => {
    if (broken !== undefined) return;
    broken = cacheProblem(error);
    options.onNotice?.(`The PDF cache in ${dir} cannot be written (${broken}): building without it. The output folder is not affected.`);
  };
  // Written below the cache root, through real folders only: a link planted there is refused.
  const write = async (file: string, data: string | Uint8Array): Promise<void> => {
    await mkdir(path.dirname(dir), { recursive: true });
    await writeInside(path.dirname(dir), file, data, { sync: false });
  };
  return {
    ...(discarded !== undefined && { discarded }),
    async get(key) {
      const hash = index.entries[key];
      if (!hash || !/^[0-9a-f]{64}$/.test(key)) return undefined;
      const pdf = await readNoFollow(path.join(dir, `${key}.pdf`)).catch(() => undefined);
      if (!pdf || sha256(pdf) !== hash) return undefined;
      used[key] = hash;
      return new Uint8Array(pdf);
    },
    async put(key, pdf) {
      if (broken !== undefined || !/^[0-9a-f]{64}$/.test(key)) return;
      try {
        await write(path.join(dir, `${key}.pdf`), pdf);
        used[key] = sha256(pdf);
      } catch (error) {
        give(error);
      }
    },
    fileOf(key) {
      return broken === undefined && used[key] !== undefined && /^[0-9a-f]{64}$/.test(key) ? path.join(dir, `${key}.pdf`) : undefined;
    },
    async save() {
      if (broken !== undefined) return;
      try {
        await write(indexFile, `${JSON.stringify({ format: FORMAT, tool, entries: used } satisfies CacheIndex)}\n`);
        // Entries of notes that changed or went, and what a killed build left: removed (a link is removed, not followed).
        for (const name of await readdir(dir)) {
          if (name === 'index.json' || used[name.replace(/\.pdf$/, '')] !== undefined) continue;
          await rm(path.join(dir, name), { force: true, recursive: true });
        }
      } catch (error) {
        give(error);
      }
    },
  };
}

function parseIndex(text: string): CacheIndex | undefined {
  try {
    const value = JSON.parse(text) as Partial<CacheIndex>;
    if (typeof value.format !== 'number' || typeof value.tool !== 'string' || typeof value.entries !== 'object' || value.entries === null) return undefined;
    const entries = Object.entries(value.entries);
    if (!entries.every(([key, hash]) => /^[0-9a-f]{64}$/.test(key) && typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash))) return undefined;
    return { format: value.format, tool: value.tool, entries: Object.fromEntries(entries) as Record<string, string> };
  } catch {
    return undefined;
  }
}
