import type { Root as MdastRoot } from 'mdast';
import type { Document } from 'yaml';
import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';

/** The kinds of note, each with a schema in schemas/<kind>.schema.json and a template. */
export const kinds = ['concept-note', 'project-notification', 'project-summary'] as const;
/** One of {@link kinds}. */
export type Kind = (typeof kinds)[number];

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
  phone?: string;
}

/** A first and last day, YYYY-MM-DD. */
export interface DateRange {
  start: string;
  end: string;
}

/** A venue. */
export interface Venue {
  city: string;
  country: string;
  place?: string;
}

/** collection.yaml, once valid. */
export interface CollectionData {
  id: string;
  type: 'forum' | 'programme';
  name: string;
  shortName?: string;
  theme?: string;
  dates?: DateRange;
  venue?: Venue;
  organisers: Organisation[];
  languages: string[];
  /** Name, short name, theme and venue in other languages. */
  translations?: Record<string, { name?: string; shortName?: string; theme?: string; venue?: Venue }>;
}

/** Front matter every kind shares, once valid. */
export interface FrontMatterBase {
  kind: Kind;
  title: string;
  contacts?: Contact[];
  logo?: { src: string; alt: string };
  /** Not final yet: its PDFs carry a DRAFT mark on every page. */
  draft?: boolean;
}

/** A concept note's front matter. */
export interface ConceptNoteData extends FrontMatterBase {
  kind: 'concept-note';
  forum: string;
  workshop: number;
  code?: string;
  date?: string | DateRange;
  venue?: Venue;
  languages: string[];
  organisers: Organisation[];
  sessions?: { title: string; minutes?: number }[];
  contacts: Contact[];
}

/** A project notification's front matter. */
export interface ProjectNotificationData extends FrontMatterBase {
  kind: 'project-notification';
  reference: number;
  issued: string;
  projectCode: string;
  timing: DateRange;
  hostingCountries: string[];
  venueCities?: string[];
  modality: string;
  implementingOrganizations: string[];
  participatingCountries: string;
  participants: { overseas: number; local: number };
  closingDate: string;
  remarks?: string;
  signatory?: { name: string; title: string };
}

/** A project summary's front matter. */
export interface ProjectSummaryData extends FrontMatterBase {
  kind: 'project-summary';
  division: string;
  timeFrame: { start: string; end: string };
  partners: string[];
  targetCountries: string[];
  contacts: Contact[];
}

/** Valid front matter of any kind. */
export type NoteData = ConceptNoteData | ProjectNotificationData | ProjectSummaryData;

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

declare module 'vfile' {
  interface DataMap {
    /** The note's path relative to the notes folder, `/`-separated. */
    relative: string;
    /** The id of the collection the note belongs to. */
    collection: string;
    /** The parsed front matter (raw until validated). */
    frontMatter: Record<string, unknown>;
    /** The front matter's YAML, for positions. */
    yaml: YamlSource;
    /** The Markdown body (the front matter node removed). */
    tree: MdastRoot;
    /** The front matter, once validated against its kind's schema (merged with its source for an edition). */
    note: NoteData;
    /** For a language edition (`name.<lang>.md`): its language, source and translation state. */
    edition: EditionData;
    /** Safe corrections `notes validate --fix` may write: replace one character at an offset. */
    fixes: { index: number; expected: string }[];
    /** The note's key in the note memo: what its validation depended on, hashed. */
    memoKey: string;
    /** Places of the front-matter fields cross-note checks point at, when the YAML was not parsed (from the memo). */
    places: Record<string, Point | Position | null>;
    /** Local images and logos the note uses (relative to the notes folder), when known without its tree. */
    images: string[];
    /** Every file of the notes folder the note's links, images and logo point to (whether or not it exists). */
    links: string[];
  }
}

/** A section a kind requires in its body: an id and the headings that count as it. */
export interface RequiredSection {
  id: string;
  headings: string[];
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
