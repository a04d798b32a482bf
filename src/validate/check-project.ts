import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';
import { report } from '../diagnostics/report.js';
import type { Collection, CollectionData, DateRange, NoteData } from '../model/types.js';
import { asRange, keysOf, labelOf, valueAt, type KindDefinition, type Kinds } from '../model/kind.js';
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
 * The checks a kind's description asks for within one note: ranges that end before they start,
 * and dates that fall after the date they may not pass (a closing date after the start).
 */
export function checkDates(file: VFile, note: NoteData, kind: KindDefinition): void {
  for (const path of kind.ranges ?? []) {
    const range = valueAt(note, path);
    if (range && typeof range === 'object') checkDateOrder(file, asRange(range), keysOf(path));
  }
  for (const rule of kind.notAfter ?? []) {
    const value = valueAt(note, rule.field);
    const limit = valueAt(note, rule.limit);
    if (typeof value === 'string' && typeof limit === 'string' && /^\d{4}-\d{2}/.test(value) && value > limit) {
      report(file, 'date-order', rule.message.replaceAll('{value}', value).replaceAll('{limit}', limit), place(file, keysOf(rule.field)));
    }
  }
}

/**
 * The checks that need several notes at once, as each note's kind asks: the note is in a
 * collection of its kind's type, the field that names its collection names it, its number is
 * its own within the collection, and its dates fall inside the collection's. `labels` are the
 * English labels, for the numbers ("Workshop 3").
 */
export function checkAcrossNotes(notes: readonly VFile[], collections: readonly Collection[], kinds: Kinds, labels: Readonly<Record<string, string>> = {}): void {
  const numbers = new Map<string, VFile>();
  for (const file of notes) {
    const note = file.data.note;
    const kind = note ? kinds[note.kind] : undefined;
    const collection = collections.find((c) => c.data?.id === file.data.collection);
    const data = collection?.data;
    if (!note || !kind || !collection || !data) continue;
    const name = labels[`kind.${kind.name}`]?.toLowerCase() ?? kind.name;
    if (data.type !== kind.collection) {
      report(file, 'forum-kind', `This ${name} is in "${data.id}", which is a ${data.type}, not a ${kind.collection}: move it to a ${kind.collection}'s folder.`, place(file, ['kind']));
      continue;
    }
    if (kind.collectionField !== undefined) {
      const named = valueAt(note, kind.collectionField);
      if (named !== data.id) {
        report(file, 'forum-mismatch', `The note says ${kind.collectionField} "${String(named)}" but its folder belongs to the ${data.type} "${data.id}" (${collection.file.path}): correct the ${kind.collectionField} or move the note.`, place(file, keysOf(kind.collectionField)));
      }
    }
    const number = labelOf(note, kind);
    if (kind.number?.unique && number !== undefined) {
      const key = JSON.stringify([data.id, kind.name, String(number)]);
      const other = numbers.get(key);
      if (other) {
        const label = labels[kind.number.label]?.replaceAll('{n}', String(number)) ?? `${kind.number.field} ${number}`;
        report(file, 'workshop-duplicate', `${label} is already the number of ${other.path}: each ${name} of a ${data.type} needs its own number.`, place(file, keysOf(kind.number.field)));
      } else {
        numbers.set(key, file);
      }
    }
    if (kind.withinCollectionDates !== undefined) checkWithinDates(file, valueAt(note, kind.withinCollectionDates), kind.withinCollectionDates, data);
  }
}

/** Report the first day of a date or range that falls outside its collection's dates. */
function checkWithinDates(file: VFile, value: unknown, path: string, collection: CollectionData): void {
  const dates = collection.dates;
  if (!dates) return;
  if (Array.isArray(value)) {
    // Separate days: each one, at its place in the list.
    const i = value.findIndex((day) => typeof day === 'string' && (day < dates.start || day > dates.end));
    if (i !== -1) report(file, 'date-outside-forum', `The date ${String(value[i])} is outside the ${collection.type}'s dates (${dates.start} to ${dates.end}).`, place(file, [...keysOf(path), String(i)]));
    return;
  }
  const range = asRange(value);
  if (!range) return;
  for (const [key, day] of [['start', range.start], ['end', range.end]] as const) {
    if (day < dates.start || day > dates.end) {
      report(
        file,
        'date-outside-forum',
        `The date ${day} is outside the ${collection.type}'s dates (${dates.start} to ${dates.end}).`,
        // A day: at the field; a range: at its start or end.
        place(file, typeof value === 'string' ? keysOf(path) : [...keysOf(path), key]),
      );
      return;
    }
  }
}

/**
 * The places of the fields the checks across notes may point at, to remember: every field of the
 * front matter, and every field one level inside (a range's start and end).
 */
export function crossNotePlaces(file: VFile): Record<string, Position | null> {
  const yaml = file.data.yaml;
  const data = file.data.frontMatter;
  if (!yaml || !data) return {};
  const paths: string[][] = [];
  for (const [key, value] of Object.entries(data)) {
    paths.push([key]);
    if (value && typeof value === 'object' && !Array.isArray(value)) for (const inner of Object.keys(value)) paths.push([key, inner]);
    // A list of days: each day (a day of it outside its collection's dates is pointed at).
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) value.forEach((_, i) => paths.push([key, String(i)]));
  }
  return Object.fromEntries(paths.map((p) => [p.join('.'), placeOf(yaml, p) ?? null]));
}

function place(file: VFile, path: string[]): Position | Point | undefined {
  if (file.data.yaml) return placeOf(file.data.yaml, path);
  return file.data.places?.[path.join('.')] ?? undefined;
}
