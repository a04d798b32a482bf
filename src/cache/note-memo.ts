import { createHash } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Position, Point } from 'unist';
import type { VFile } from 'vfile';
import type { RuleId } from '../diagnostics/catalog.js';
import { report } from '../diagnostics/report.js';
import type { EditionData, NoteData } from '../model/types.js';
import type { RenderMemoEntry } from '../render/documents.js';
import type { NoteView } from '../render/view.js';

export type { RenderMemoEntry };
import { hashOf } from '../model/hash.js';
import type { Segment } from '../translate/segments.js';
import { cacheProblem, cacheRoot } from './pdf-cache.js';
import { readNoFollow, writeInside } from '../write/safe-fs.js';

/**
 * The note memo: what validating and rendering one note taught us, kept between runs and keyed
 * by the content hash of the note and of everything its result depends on (see {@link noteKey}),
 * so an unchanged note is neither parsed nor checked nor rendered again. Cross-note checks always
 * run afresh over the remembered data. Pure data here; {@link openMemo} is the I/O edge.
 */

/** The layout of the memo; a memo of another layout is discarded. */
const FORMAT = 2;

/** A message as stored: enough to report it again exactly. */
export interface StoredMessage {
  ruleId: RuleId;
  reason: string;
  place?: Point | Position;
}

/** What validation of one note left in `file.data` and on the file. */
export interface NoteMemoEntry {
  messages: StoredMessage[];
  frontMatter?: Record<string, unknown>;
  note?: NoteData;
  collection?: string;
  edition?: Pick<EditionData, 'status' | 'stale'>;
  fixes?: { index: number; expected: string }[];
  /** Files of the notes folder the checks looked for, and whether each existed then. */
  probes: [string, boolean][];
  /** Places of front-matter fields that cross-note checks point at (see CROSS_NOTE_PATHS). */
  places: Record<string, Point | Position | null>;
  /** Local images and logos the note uses, relative to the notes folder. */
  images: string[];
  /** The source's segments, for its editions' stale checks (only when it has editions). */
  segments?: Segment[];
}


/** The memo of a notes folder, opened for one run. */
export interface NoteMemo {
  get(key: string): NoteMemoEntry | undefined;
  put(key: string, entry: NoteMemoEntry): void;
  getRender(key: string): Promise<RenderMemoEntry | undefined>;
  putRender(key: string, entry: RenderMemoEntry): Promise<void>;
  /** Write what this run used (and only that, when `prune`) back to disk. */
  save(options?: { prune?: boolean }): Promise<void>;
  /** How many notes came from the memo and how many were worked out. */
  readonly stats: { hits: number; misses: number; renderHits: number };
  /** Why the memo found on disk was not used, if it was not. */
  readonly discarded?: string;
}


/** The key of a note's validation: the run's fingerprint, its path, its bytes and what it depends on. */
export function noteKey(parts: { context: string; relative: string; bytes: Uint8Array | string; dependsOn: readonly string[] }): string {
  return hashOf(String(FORMAT), parts.context, parts.relative, parts.bytes, ...parts.dependsOn);
}

/** Record the messages validation put on `file` since it had `before` of them. */
export function storedMessages(file: VFile, before = 0): StoredMessage[] {
  return file.messages.slice(before).map((m) => ({ ruleId: m.ruleId as RuleId, reason: m.reason, ...(m.place && { place: m.place }) }));
}

/** Put a remembered entry back on `file`: its messages and data, as validation left them. */
export function restoreEntry(file: VFile, entry: NoteMemoEntry): void {
  for (const m of entry.messages) report(file, m.ruleId, m.reason, m.place);
  if (entry.frontMatter) file.data.frontMatter = entry.frontMatter;
  if (entry.note) file.data.note = entry.note;
  if (entry.collection !== undefined) file.data.collection = entry.collection;
  if (entry.edition && file.data.edition) Object.assign(file.data.edition, entry.edition);
  if (entry.fixes) file.data.fixes = entry.fixes;
  file.data.links = entry.probes.map(([p]) => p);
  file.data.places = entry.places;
  file.data.images = entry.images;
  if (entry.segments) file.data.segments = entry.segments;
}

/** Whether every file lookup the entry's checks made still gives the same answer. */
export function probesHold(entry: NoteMemoEntry, files: ReadonlySet<string>): boolean {
  return entry.probes.every(([p, existed]) => files.has(p) === existed);
}


/** Where the memo of a notes folder lives: in the cache folder, never in the notes or output folder. */
export function memoDirFor(notes: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cacheRoot(env), 'memo', createHash('sha256').update(path.resolve(notes)).digest('hex').slice(0, 16));
}

interface MemoFile {
  format: number;
  tool: string;
  /** SHA-256 of the entries' JSON: a damaged file is discarded, never trusted. */
  check: string;
  entries: Record<string, NoteMemoEntry>;
  /** Render keys in use, each naming a file `<key>.render` beside the index. */
  renders: string[];
}

/** A memo that remembers nothing (`--force`, or when asked not to cache). */
export function emptyMemo(): NoteMemo {
  const stats = { hits: 0, misses: 0, renderHits: 0 };
  return { stats, get: () => undefined, put: () => undefined, getRender: async () => undefined, putRender: async () => undefined, save: async () => undefined };
}

/**
 * Open the memo in `dir` for a run of notes version `tool` (its version and code fingerprint).
 * A memo that cannot be read, is damaged, or was written by another version is discarded. No
 * link in it is followed. When it cannot be written (a full or read-only disk), the run goes on
 * without it: `onNotice` is told once, naming the memo's folder.
 */
export async function openMemo(dir: string, tool: string, options: { fresh?: boolean; onNotice?: (message: string) => void } = {}): Promise<NoteMemo> {
  const indexFile = path.join(dir, 'index.json');
  let entries: Record<string, NoteMemoEntry> = {};
  let renders = new Set<string>();
  let discarded: string | undefined;
  // fresh (--force): remember this run's results, but use nothing from before.
  const text = options.fresh ? undefined : await readNoFollow(indexFile).then((b) => b.toString('utf8'), () => undefined);
  if (text !== undefined) {
    const found = parseMemo(text);
    if (!found) discarded = 'it could not be read';
    else if (found.format !== FORMAT || found.tool !== tool) discarded = 'it was written by another version of notes';
    else {
      entries = found.entries;
      renders = new Set(found.renders);
    }
    if (discarded) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
  // Set once the memo cannot be written: the run carries on without it.
  let broken: string | undefined;
  const give = (error: unknown): void => {
    if (broken !== undefined) return;
    broken = cacheProblem(error);
    options.onNotice?.(`The note memo in ${dir} cannot be written (${broken}): going on without it.`);
  };
  // Written below the cache root, through real folders only: a link planted there is refused.
  const write = async (file: string, data: string | Uint8Array): Promise<void> => {
    await mkdir(path.dirname(dir), { recursive: true });
    await writeInside(path.dirname(dir), file, data, { sync: false });
  };
  const used: Record<string, NoteMemoEntry> = {};
  const usedRenders = new Set<string>();
  const stats = { hits: 0, misses: 0, renderHits: 0 };
  let changed = false;
  return {
    stats,
    ...(discarded !== undefined && { discarded }),
    get(key) {
      const entry = Object.hasOwn(entries, key) ? entries[key] : undefined;
      if (entry) used[key] = entry;
      return entry;
    },
    put(key, entry) {
      used[key] = entry;
      changed = true;
    },
    async getRender(key) {
      if (!renders.has(key) || !/^[0-9a-f]{64}$/.test(key)) return undefined;
      const raw = await readNoFollow(path.join(dir, `${key}.render`)).catch(() => undefined);
      const entry = raw === undefined ? undefined : decodeRender(raw, key);
      if (entry) usedRenders.add(key);
      return entry;
    },
    async putRender(key, entry) {
      if (broken !== undefined || !/^[0-9a-f]{64}$/.test(key)) return;
      try {
        await write(path.join(dir, `${key}.render`), encodeRender(key, entry));
        usedRenders.add(key);
        changed = true;
      } catch (error) {
        give(error);
      }
    },
    async save({ prune = true } = {}) {
      const keep = prune ? used : { ...entries, ...used };
      const keepRenders = prune ? usedRenders : new Set([...renders, ...usedRenders]);
      const same = !changed && Object.keys(keep).length === Object.keys(entries).length && keepRenders.size === renders.size;
      if (same || broken !== undefined) return;
      const body = JSON.stringify(keep);
      const memo = `{"format":${FORMAT},"tool":${JSON.stringify(tool)},"check":"${hashOf(body)}","renders":${JSON.stringify([...keepRenders].sort())},"entries":${body}}\n`;
      try {
        await write(indexFile, memo);
        for (const key of renders) if (!keepRenders.has(key)) await rm(path.join(dir, `${key}.render`), { force: true });
      } catch (error) {
        give(error);
      }
    },
  };
}

function parseMemo(text: string): MemoFile | undefined {
  try {
    const value = JSON.parse(text) as Partial<MemoFile>;
    if (typeof value.format !== 'number' || typeof value.tool !== 'string' || typeof value.check !== 'string') return undefined;
    if (typeof value.entries !== 'object' || value.entries === null || !Array.isArray(value.renders)) return undefined;
    // The check is over the entries exactly as written: find their JSON text again.
    const start = text.indexOf('"entries":');
    if (start === -1 || hashOf(text.slice(start + 10, text.trimEnd().length - 1)) !== value.check) return undefined;
    if (!value.renders.every((k) => typeof k === 'string' && /^[0-9a-f]{64}$/.test(k))) return undefined;
    return value as MemoFile;
  } catch {
    return undefined;
  }
}

const RENDER_MAGIC = 'notes-render 1';

/**
 * One rendering as a file: a line `notes-render 1 <sha-256 of the key and the rest>`, a line of
 * the three parts' lengths in bytes, then the view (JSON), the page and the chapter as they are
 * (HTML is not escaped into JSON: a third of the time and size).
 */
export function encodeRender(key: string, entry: RenderMemoEntry): Uint8Array {
  const view = JSON.stringify(entry.view);
  const lengths = `${Buffer.byteLength(view)} ${Buffer.byteLength(entry.page)} ${Buffer.byteLength(entry.chapter)}\n`;
  const check = createHash('sha256').update(key).update(lengths).update(view).update(entry.page).update(entry.chapter).digest('hex');
  return Buffer.from(`${RENDER_MAGIC} ${check}\n${lengths}${view}${entry.page}${entry.chapter}`);
}

/** Read a rendering written by {@link encodeRender} for `key`; undefined when it is damaged or not one. */
export function decodeRender(raw: Uint8Array, key: string): RenderMemoEntry | undefined {
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const head = bytes.indexOf(10);
  if (head === -1) return undefined;
  const [magic, version, check] = bytes.subarray(0, head).toString('latin1').split(' ');
  if (`${magic} ${version}` !== RENDER_MAGIC) return undefined;
  const body = bytes.subarray(head + 1);
  if (createHash('sha256').update(key).update(body).digest('hex') !== check) return undefined;
  const line = body.indexOf(10);
  const lengths = body.subarray(0, Math.max(0, line)).toString('latin1').split(' ').map(Number);
  if (line === -1 || lengths.length !== 3 || !lengths.every((n) => Number.isInteger(n) && n >= 0)) return undefined;
  const [a = 0, b = 0, c = 0] = lengths;
  if (line + 1 + a + b + c !== body.length) return undefined;
  try {
    const view = JSON.parse(body.subarray(line + 1, line + 1 + a).toString('utf8')) as unknown;
    if (typeof view !== 'object' || view === null) return undefined;
    return { view: view as NoteView, page: body.subarray(line + 1 + a, line + 1 + a + b).toString('utf8'), chapter: body.subarray(line + 1 + a + b).toString('utf8') };
  } catch {
    return undefined;
  }
}
