import type { Document } from 'yaml';
import type { VFile } from 'vfile';

/** The name of a kind of note: the folder of its definition (see kind.ts). */
export type Kind = string;

/** A parsed YAML source with what is needed to turn its offsets into file positions. */
export interface YamlSource {
  doc: Document.Parsed;
  /** Offsets at which the YAML text's lines start (after \n, \r\n or \r, as Markdown counts them). */
  lineStarts: readonly number[];
  /** Lines before the YAML text in its file (1 for front matter after the opening `---`). */
  lineOffset: number;
  /** Characters before the YAML text in its file. */
  offset: number;
}

/** An organisation as the schemas describe it. */
export interface Organisation {
  name: string;
  abbreviation?: string;
  partOf?: string[];
  role?: 'lead' | 'partner';
}

/** A contact person as the schemas describe it. */
export interface Contact {
  honorific?: string;
  name: string;
  role?: string;
  organisation?: string[];
  email: string;
  /** One telephone number, or several. */
  phone?: string | string[];
}

/** A first and last day, YYYY-MM-DD. */
export interface DateRange {
  start: string;
  end: string;
}

/** A venue. */
export interface Venue {
  /** Required unless the venue is online. */
  city?: string;
  country?: string;
  place?: string;
  modality?: 'in-person' | 'online' | 'hybrid';
  /** The registration or access link (https). */
  link?: string;
}

/** Hours of a day and their time zone, HH:MM on the 24-hour clock. */
export interface Hours {
  start: string;
  end?: string;
  /** An IANA time zone (Asia/Tashkent) or a UTC offset (UTC+5). */
  zone?: string;
}

/** collection.yaml, once valid. */
export interface CollectionData {
  id: string;
  type: 'forum' | 'programme';
  name: string;
  shortName?: string;
  theme?: string;
  dates?: DateRange;
  /** The forum's hours, printed on the cover of its combined document. */
  time?: Hours;
  venue?: Venue;
  organisers: Organisation[];
  languages: string[];
  /** Name, short name, theme and venue in other languages. */
  translations?: Record<string, { name?: string; shortName?: string; theme?: string; venue?: Venue }>;
}

/**
 * Valid front matter: the fields every kind shares, typed, and the rest as its kind's schema says.
 * A kind's own fields are read through its definition (kind.ts), never by name.
 */
export interface NoteData {
  kind: Kind;
  title: string;
  contacts?: Contact[];
  logo?: { src: string; alt: string };
  /** Not final yet: its PDFs carry a DRAFT mark on every page. */
  draft?: boolean;
  [field: string]: unknown;
}

/** A collection: its file, its folder (relative to the project root, `/`-separated) and data. */
export interface Collection {
  file: VFile;
  dir: string;
  data?: CollectionData;
}

/** Everything `load` found: collections, notes, and the set of files that exist (for link checks). */
export interface Project {
  /** The notes folder, as given (relative to cwd when possible). */
  root: string;
  collections: Collection[];
  notes: VFile[];
  /** Every file below root, as `/`-separated paths relative to root. */
  files: ReadonlySet<string>;
  /** Other files with something to report (symbolic links that were not followed). */
  others?: VFile[];
}

/*
 * What the stages learn of a note lands in its `file.data`, each field declared beside the code
 * that writes it: the note's identity here; its parsed front matter and body in parse/parse.ts;
 * its fixes, links, images and places in validate/; its memo key in cache/validate-step.ts; a
 * rendering made ahead in cache/render-step.ts; its segments in translate/segments.ts.
 */
declare module 'vfile' {
  interface DataMap {
    /** The note's path relative to the notes folder, `/`-separated. */
    relative: string;
    /** The id of the collection the note belongs to. */
    collection: string;
    /** The front matter, once validated against its kind's schema (merged with its source for an edition). */
    note: NoteData;
    /** For a language edition (`name.<lang>.md`): its language, source and translation state. */
    edition: EditionData;
  }
}

/** A section a kind requires in its body: an id and the headings that count as it. */
export interface RequiredSection {
  id: string;
  /** The English headings that count as it, the first the one notes new writes. */
  headings: string[];
  /** The headings that count as it in other languages, by language tag (`fr: [Contexte, Historique]`). */
  aliases?: Record<string, string[]>;
  /** The line notes new writes under the heading. */
  instruction?: string;
  /** What notes init writes in its place in its sample note. */
  sample?: string;
}

/** A JSON Schema as read from schemas/ (a kind's, or the config's). */
export type JsonSchema = Record<string, unknown>;

/** What validation learns about a language edition. */
export interface EditionData {
  /** BCP 47 tag from the file name. */
  lang: string;
  /** The source note's path relative to the notes folder. */
  source: string;
  status?: 'draft' | 'translated' | 'reviewed';
  /** Source segments that changed since the translation was made. */
  stale: { key: string; where: string }[];
}
