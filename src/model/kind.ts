import type { CollectionData, NoteData, RequiredSection } from './types.js';

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
  as?: 'text' | 'date' | 'dates' | 'months' | 'list' | 'items' | 'languages' | 'venue';
  /** The label printed when the field is missing or an empty list; else the row is left out. */
  empty?: string;
}

/** A section the body must have: its id, the headings that count as it, what notes new and init write there. */
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

/** The note's number within its collection (a workshop's), if its kind numbers notes and it has one. */
export function numberOf(note: NoteData, kind: KindDefinition | undefined): number | undefined {
  const value = kind?.number ? valueAt(note, kind.number.field) : undefined;
  return typeof value === 'number' ? value : undefined;
}

/** A day or a range as a range: `2025-06-23` → both ends that day. */
export function asRange(value: unknown): { start: string; end: string } | undefined {
  if (typeof value === 'string') return { start: value, end: value };
  if (value && typeof value === 'object' && typeof (value as { start?: unknown }).start === 'string' && typeof (value as { end?: unknown }).end === 'string') {
    return value as { start: string; end: string };
  }
  return undefined;
}

/** The day a note is dated by (YYYY-MM-DD): its kind's date field (a day, a month, a range's start), else its collection's first day. */
export function documentDate(note: NoteData, kind: KindDefinition | undefined, collection: CollectionData): string {
  const start = kind?.date ? asRange(valueAt(note, kind.date))?.start : undefined;
  if (start !== undefined) return /^\d{4}-\d{2}$/.test(start) ? `${start}-01` : start;
  return collection.dates?.start ?? '2000-01-01';
}

/**
 * The order of notes in a collection: by their kind's order, then by number, then by title.
 * A kind that is not known (cannot happen for a valid note) comes last.
 */
export function compareNotes(kinds: Kinds): (a: NoteData, b: NoteData) => number {
  const rank = (n: NoteData): [number, number] => {
    const kind = kinds[n.kind];
    return [kind?.order ?? Number.MAX_SAFE_INTEGER, numberOf(n, kind) ?? Number.MAX_SAFE_INTEGER];
  };
  return (a, b) => {
    const [ka, na] = rank(a);
    const [kb, nb] = rank(b);
    return ka - kb || na - nb || a.title.localeCompare(b.title);
  };
}

/** The kinds by name, in their order (then by name): for lists in messages and help. */
export function kindNames(kinds: Kinds): string[] {
  return Object.values(kinds)
    .sort((a, b) => a.order - b.order || (a.name < b.name ? -1 : 1))
    .map((k) => k.name);
}
