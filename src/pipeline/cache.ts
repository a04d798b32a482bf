import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';

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

/**
 * Open the cache of an output folder. A cache that cannot be read, is of another layout or
 * version, or is not notes' own is discarded (removed), never trusted; each entry is also
 * checked against its hash when read.
 */
export async function openCache(out: string, tool: string, dir: string = cacheDirFor(out)): Promise<PdfCache> {
  const indexFile = path.join(dir, 'index.json');
  let index: CacheIndex = { format: FORMAT, tool, entries: {} };
  let discarded: string | undefined;
  const text = await readFile(indexFile, 'utf8').catch(() => undefined);
  if (text !== undefined) {
    const found = parseIndex(text);
    if (!found) discarded = 'its index could not be read';
    else if (found.format !== FORMAT || found.tool !== tool) discarded = `it was written by another version of notes (${found.tool})`;
    else index = found;
    if (discarded) await rm(dir, { recursive: true, force: true });
  }
  const used: Record<string, string> = {};
  return {
    ...(discarded !== undefined && { discarded }),
    async get(key) {
      const hash = index.entries[key];
      if (!hash || !/^[0-9a-f]{64}$/.test(key)) return undefined;
      const pdf = await readFile(path.join(dir, `${key}.pdf`)).catch(() => undefined);
      if (!pdf || sha256(pdf) !== hash) return undefined;
      used[key] = hash;
      return new Uint8Array(pdf);
    },
    async put(key, pdf) {
      await mkdir(dir, { recursive: true });
      const temp = path.join(dir, `.${randomBytes(6).toString('hex')}.tmp`);
      await writeFile(temp, pdf);
      await rename(temp, path.join(dir, `${key}.pdf`));
      used[key] = sha256(pdf);
    },
    fileOf(key) {
      return used[key] !== undefined && /^[0-9a-f]{64}$/.test(key) ? path.join(dir, `${key}.pdf`) : undefined;
    },
    async save() {
      await mkdir(dir, { recursive: true });
      const temp = path.join(dir, `.index.${randomBytes(6).toString('hex')}.tmp`);
      await writeFile(temp, `${JSON.stringify({ format: FORMAT, tool, entries: used } satisfies CacheIndex)}\n`);
      await rename(temp, indexFile);
      // Entries of notes that changed or went, and what a killed build left: removed.
      for (const name of await readdir(dir)) {
        if (name === 'index.json' || used[name.replace(/\.pdf$/, '')] !== undefined) continue;
        await rm(path.join(dir, name), { force: true });
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
