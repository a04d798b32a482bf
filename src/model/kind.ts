import type { CollectionData, NoteData, RequiredSection } from './types.js';
import { isDay } from './dates.js';

/*
 * A kind of note is data: one folder (kinds/<name>/ in the package, or in the project's `kinds`
 * folder) with its schema (schema.json), its template (template.hbs, partials/), its labels
 * (locales/<lang>.json) and this description (kind.yaml, checked against
 * schemas/config/kind.schema.json). The code reads the description; no TypeScript names a kind.
 */

/** One row of a kind's facts table. */
export interface FactRule {
  /** The label's key. */
  label: string;
  /** The front-matter field, `a.b` for b inside a. */
  field: string;
  as?: 'text' | 'date' | 'dates' | 'months' | 'time' | 'list' | 'items' | 'languages' | 'venue' | 'writtenDate' | 'period' | 'participants' | 'organisations' | 'money' | 'sdgs';
  /** The label printed when the field is missing or an empty list; else the row is left out. */
  empty?: string;
}

/** A section the body must have: its id, the headings that count as it (in English and, by language, its aliases), what notes new and init write there. */
export type SectionRule = RequiredSection;

/** A placeholder notes new writes, and what the warning asks for in its place. */
export interface PlaceholderRule {
  text: string;
  means: string;
  /** A regular expression for a value that holds the placeholder (after a year, say). */
  pattern?: string;
  /** What notes init writes in its place. */
  sample?: string;
}

/** A kind of note as its kind.yaml describes it (JSON data: it goes to worker threads as it is). */
export interface KindDefinition {
  /** The folder's name, the `kind:` of its notes. */
  name: string;
  /** Where it was read from, for messages: the folder as the user would write it. */
  source: string;
  /** Whether it comes with notes (else the project's). */
  builtIn: boolean;
  collection: CollectionData['type'];
  order: number;
  number?: { field: string; label: string; suffix?: string; inTitle?: boolean; unique?: boolean };
  collectionField?: string;
  date?: string;
  withinCollectionDates?: string;
  ranges?: string[];
  notAfter?: { field: string; limit: string; message: string }[];
  organisers?: string;
  /** The field with the note's hours and time zone (a workshop's `time`). */
  time?: string;
  sessions?: { field: string; section: string };
  contactsHeading?: string;
  keywords?: string[];
  facts?: FactRule[];
  sections: SectionRule[];
  placeholders?: Record<string, PlaceholderRule>;
  new: { file: string; fileFromTitle?: boolean; init?: boolean; frontMatter: string };
}

/** Every kind a run knows, by name: the built-in ones and the project's. */
export type Kinds = Readonly<Record<string, KindDefinition>>;

/** The value at `path` (`a.b`) in a note's front matter, or undefined. Pure. */
export function valueAt(data: unknown, path: string): unknown {
  let value = data;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** A path (`a.b`) as the list of keys a YAML place is looked up by. */
export function keysOf(path: string): string[] {
  return path.split('.');
}

/**
 * The note's number within its collection (a workshop's), if its kind numbers notes and it has a
 * whole number: what orders the notes and what notes new counts from. A label (`II`, `B`) is no
 * number: see {@link labelOf}.
 */
export function numberOf(note: NoteData, kind: KindDefinition | undefined): number | undefined {
  const value = kind?.number ? valueAt(note, kind.number.field) : undefined;
  return typeof value === 'number' ? value : undefined;
}

/**
 * What the note's number field holds, as it is printed ("Workshop 7", "Workshop II"): its number,
 * or the label its collection writes in its place (a roman numeral, a letter); undefined when the
 * note has neither. Two notes with the same label are the same workshop: compare `String(label)`.
 */
export function labelOf(note: NoteData, kind: KindDefinition | undefined): number | string | undefined {
  const value = kind?.number ? valueAt(note, kind.number.field) : undefined;
  if (typeof value === 'number') return value;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * The days a date spans, as a range: a day (`2025-06-23`, both ends that day), a range as it is
 * (of days, or of months), separate days (`[2025-06-16, 2025-06-18]`: the first and the last).
 * None for a date with no day fixed yet, `TBD` or a month alone (`2025-06`), nor for text.
 */
export function asRange(value: unknown): { start: string; end: string } | undefined {
  if (typeof value === 'string') return isDay(value) ? { start: value, end: value } : undefined;
  if (Array.isArray(value)) {
    const days = value.filter(isDay).sort();
    const [first, last] = [days[0], days[days.length - 1]];
    return first !== undefined && last !== undefined ? { start: first, end: last } : undefined;
  }
  if (value && typeof value === 'object' && typeof (value as { start?: unknown }).start === 'string' && typeof (value as { end?: unknown }).end === 'string') {
    return value as { start: string; end: string };
  }
  return undefined;
}

/**
 * The day a note is dated by (YYYY-MM-DD): its kind's date field (a day, a month, a range's start);
 * when that is a date written as text ("Mid-March 2019") or missing, the first of its ranges that
 * has one; else its collection's first day.
 */
export function documentDate(note: NoteData, kind: KindDefinition | undefined, collection: CollectionData): string {
  for (const field of [...(kind?.date ? [kind.date] : []), ...(kind?.ranges ?? [])]) {
    const value = valueAt(note, field);
    if (typeof value === 'string' && /^\d{4}-\d{2}$/.test(value)) return `${value}-01`;
    const start = asRange(value)?.start;
    if (start !== undefined && /^\d{4}-\d{2}(-\d{2})?$/.test(start)) return start.length === 7 ? `${start}-01` : start;
  }
  return collection.dates?.start ?? '2000-01-01';
}

/**
 * The order of notes in a collection: by their kind's order, then by number; the notes labelled
 * instead (`II`, `B`) after the numbered ones, by label (I, II, III … as written, A, B, C); the
 * notes with neither last; and by title where all that is alike.
 * A kind that is not known (cannot happen for a valid note) comes last.
 */
export function compareNotes(kinds: Kinds): (a: NoteData, b: NoteData) => number {
  const rank = (n: NoteData): [number, number, string] => {
    const kind = kinds[n.kind];
    const number = numberOf(n, kind);
    const label = number === undefined ? labelOf(n, kind) : undefined;
    return [kind?.order ?? Number.MAX_SAFE_INTEGER, number ?? (label === undefined ? Number.MAX_SAFE_INTEGER : Number.MAX_SAFE_INTEGER - 1), label === undefined ? '' : String(label)];
  };
  return (a, b) => {
    const [ka, na, la] = rank(a);
    const [kb, nb, lb] = rank(b);
    return ka - kb || na - nb || compareLabels(la, lb) || a.title.localeCompare(b.title);
  };
}

/** The value of a roman numeral (I to MMMCMXCIX), or undefined for anything else. */
export function romanValue(label: string): number | undefined {
  if (!/^(?=[MDCLXVI])M{0,3}(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$/i.test(label)) return undefined;
  const values: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };
  const digits = [...label.toUpperCase()].map((c) => values[c] as number);
  return digits.reduce((sum, d, i) => sum + (d < (digits[i + 1] ?? 0) ? -d : d), 0);
}

/**
 * Two workshop labels in reading order: roman numerals by their value (IX after V), when both are
 * numerals and they are not plainly letters of a lettered series (C and D stay letters); else as
 * text, digits by their value (A2 before A10).
 */
function compareLabels(a: string, b: string): number {
  const ra = romanValue(a);
  const rb = romanValue(b);
  const letters = a.length === 1 && b.length === 1 && !(/^[IVX]$/i.test(a) && /^[IVX]$/i.test(b));
  if (ra !== undefined && rb !== undefined && !letters) return ra - rb;
  return a.localeCompare(b, 'en', { numeric: true });
}

/** The kinds by name, in their order (then by name): for lists in messages and help. */
export function kindNames(kinds: Kinds): string[] {
  return Object.values(kinds)
    .sort((a, b) => a.order - b.order || (a.name < b.name ? -1 : 1))
    .map((k) => k.name);
}
