import { valueAt, type KindDefinition } from '../model/kind.js';
import type { CollectionData, Kind } from '../model/types.js';

/** A collection as `notes new` sees it: its data and its folder relative to the notes folder. */
export interface ScaffoldCollection {
  data: CollectionData;
  /** `/`-separated, `.` for the notes folder itself. */
  dir: string;
}

/** A note already in the notes folder, as far as it could be read. */
export interface ExistingNote {
  /** Its path as shown to the user. */
  path: string;
  /** The id of its collection, when it has one. */
  collection?: string;
  /** Its front matter, when it could be parsed (valid or not). */
  frontMatter?: Record<string, unknown>;
}

/** A value, or what the user did wrong (said as a full sentence). */
export type Choice<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * The collection a new note of `kind` goes into: the one `--forum` names (of the kind's type),
 * else the only collection of that type. `notes` is the notes folder as given, for the messages.
 */
export function chooseCollection(kind: KindDefinition, collections: readonly ScaffoldCollection[], forum: string | undefined, notes: string): Choice<ScaffoldCollection> {
  const type = kind.collection;
  const ids = collections.map((c) => `${c.data.id} (${c.data.type})`).join(', ');
  if (forum !== undefined) {
    const found = collections.find((c) => c.data.id === forum);
    if (!found) {
      return {
        ok: false,
        message: collections.length > 0
          ? `There is no collection "${forum}" in ${notes}: use --forum with one of ${ids}.`
          : `There is no collection "${forum}" in ${notes}: it has no valid collection.yaml (run notes validate).`,
      };
    }
    if (found.data.type !== type) {
      return { ok: false, message: `"${forum}" is a ${found.data.type}: a note of kind ${kind.name} belongs to a ${type}${others(collections, type)}.` };
    }
    return { ok: true, value: found };
  }
  const candidates = collections.filter((c) => c.data.type === type);
  const [only] = candidates;
  if (only && candidates.length === 1) return { ok: true, value: only };
  if (candidates.length === 0) {
    return { ok: false, message: `There is no ${type} in ${notes} for a note of kind ${kind.name}: add a folder with a collection.yaml of type ${type}${collections.length > 0 ? `, or name one of ${ids} with --forum` : ''}.` };
  }
  return { ok: false, message: `There are ${candidates.length} ${type}s in ${notes}: choose one with --forum (${candidates.map((c) => c.data.id).join(', ')}).` };
}

function others(collections: readonly ScaffoldCollection[], type: CollectionData['type']): string {
  const ids = collections.filter((c) => c.data.type === type).map((c) => c.data.id);
  return ids.length > 0 ? ` (${ids.join(', ')})` : '';
}

/** The numbers a field (`a.b` for b inside a) already has in one collection's notes of `kind`, with the note that has each. */
export function usedNumbers(notes: readonly ExistingNote[], collection: string, kind: Kind, field: string): Map<number, string> {
  const used = new Map<number, string>();
  for (const note of notes) {
    const value = valueAt(note.frontMatter, field);
    if (note.collection !== collection || note.frontMatter?.['kind'] !== kind) continue;
    if (typeof value === 'number' && Number.isInteger(value) && !used.has(value)) used.set(value, note.path);
  }
  return used;
}

/**
 * The next free number: one more than the highest in use (gaps are usually numbers whose notes
 * are still being written elsewhere), else the lowest free one when the highest is `max`.
 */
export function nextFree(used: Iterable<number>, max: number): number | undefined {
  const taken = new Set(used);
  const highest = Math.max(0, ...taken);
  if (highest < max) return highest + 1;
  for (let n = 1; n <= max; n++) if (!taken.has(n)) return n;
  return undefined;
}

/** A file name from a title: lower case, letters and digits joined by dashes, accents dropped from Latin letters. */
export function slugOf(title: string, maxLength = 60): string {
  const words = title
    .normalize('NFKD')
    .replace(/([A-Za-z])\p{M}+/gu, '$1')
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > maxLength && slug) break;
    slug = next.slice(0, maxLength);
  }
  return slug;
}

/**
 * The file name of a new note of `kind`: with a title, the title's slug when the kind names its
 * files after the title (`new.fileFromTitle`); else its `new.file`, {n} its number (1 if none).
 */
export function fileNameFor(kind: KindDefinition, values: { number?: number; title?: string }): string {
  const slug = kind.new.fileFromTitle && values.title ? slugOf(values.title) : '';
  if (slug) return `${slug}.md`;
  return kind.new.file.replaceAll('{n}', String(values.number ?? 1));
}

/**
 * Today as YYYY-MM-DD: local time, or the UTC day of SOURCE_DATE_EPOCH (for reproducible output);
 * an epoch that is no date (past the year 275760) is ignored, as one that is not digits is.
 */
export function today(env: Record<string, string | undefined>, now: Date = new Date()): string {
  const epoch = env['SOURCE_DATE_EPOCH'];
  const fixed = epoch !== undefined && /^\d{1,15}$/.test(epoch) ? new Date(Number(epoch) * 1000) : undefined;
  if (fixed && !Number.isNaN(fixed.getTime())) return fixed.toISOString().slice(0, 10);
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}
