import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';
import { report } from '../diagnostics/report.js';
import type { Collection, ConceptNoteData, DateRange } from '../model/types.js';
import { placeOf } from '../parse/yaml-source.js';

/** The collection a note belongs to: the one in its folder or the nearest folder above. */
export function collectionOf(relative: string, collections: readonly Collection[]): Collection | undefined {
  let best: Collection | undefined;
  for (const c of collections) {
    const inside = c.dir === '.' || relative.startsWith(`${c.dir}/`);
    if (inside && (!best || c.dir.length > best.dir.length)) best = c;
  }
  return best;
}

/** Report two collections with one id. */
export function checkCollectionIds(collections: readonly Collection[]): void {
  const seen = new Map<string, Collection>();
  for (const c of collections) {
    if (!c.data) continue;
    const first = seen.get(c.data.id);
    if (first) {
      report(c.file, 'collection-duplicate-id', `The collection id "${c.data.id}" is already used by ${first.file.path}: give each collection its own id.`, place(c.file, ['id']));
    } else {
      seen.set(c.data.id, c);
    }
  }
}

/** Report ranges that end before they start, at the range's end value. */
export function checkDateOrder(file: VFile, range: DateRange | undefined, path: string[]): void {
  if (range && range.end < range.start) {
    report(file, 'date-order', `The range ends (${range.end}) before it starts (${range.start}).`, place(file, [...path, 'end']));
  }
}

/**
 * The checks that need several notes at once: each concept note's forum matches its collection,
 * workshop numbers are unique within a forum, and workshop dates fall inside the forum's dates.
 */
export function checkForums(notes: readonly VFile[], collections: readonly Collection[]): void {
  const byForum = new Map<string, Map<number, VFile>>();
  for (const file of notes) {
    const note = file.data.note;
    if (note?.kind !== 'concept-note') continue;
    const collection = collections.find((c) => c.data?.id === file.data.collection);
    const forum = collection?.data;
    if (!forum) continue;
    if (forum.type !== 'forum') {
      report(file, 'forum-kind', `This concept note is in "${forum.id}", which is a ${forum.type}, not a forum: move it to a forum's folder.`, place(file, ['kind']));
      continue;
    }
    if (note.forum !== forum.id) {
      report(file, 'forum-mismatch', `The note says forum "${note.forum}" but its folder belongs to the forum "${forum.id}" (${collection.file.path}): correct the forum or move the note.`, place(file, ['forum']));
    }
    const numbers = byForum.get(forum.id) ?? new Map<number, VFile>();
    byForum.set(forum.id, numbers);
    const other = numbers.get(note.workshop);
    if (other) {
      report(file, 'workshop-duplicate', `Workshop ${note.workshop} is already the number of ${other.path}: each workshop of a forum needs its own number.`, place(file, ['workshop']));
    } else {
      numbers.set(note.workshop, file);
    }
    checkWorkshopDate(file, note, forum.dates);
  }
}

function checkWorkshopDate(file: VFile, note: ConceptNoteData, dates: DateRange | undefined): void {
  if (note.date === undefined || !dates) return;
  const range = typeof note.date === 'string' ? { start: note.date, end: note.date } : note.date;
  if (typeof note.date !== 'string') checkDateOrder(file, note.date, ['date']);
  for (const [key, day] of [['start', range.start], ['end', range.end]] as const) {
    if (day < dates.start || day > dates.end) {
      report(
        file,
        'date-outside-forum',
        `The workshop date ${day} is outside the forum's dates (${dates.start} to ${dates.end}).`,
        place(file, typeof note.date === 'string' ? ['date'] : ['date', key]),
      );
      return;
    }
  }
}

/** Every front-matter field the checks across notes point at: a note from the memo keeps their places. */
export const CROSS_NOTE_PATHS: readonly (readonly string[])[] = [['kind'], ['forum'], ['workshop'], ['date'], ['date', 'start'], ['date', 'end']];

/** The places of {@link CROSS_NOTE_PATHS} in a note's parsed front matter, to remember. */
export function crossNotePlaces(file: VFile): Record<string, Position | null> {
  return Object.fromEntries(CROSS_NOTE_PATHS.map((p) => [p.join('.'), file.data.yaml ? placeOf(file.data.yaml, p) ?? null : null]));
}

function place(file: VFile, path: string[]): Position | Point | undefined {
  if (file.data.yaml) return placeOf(file.data.yaml, path);
  return file.data.places?.[path.join('.')] ?? undefined;
}
