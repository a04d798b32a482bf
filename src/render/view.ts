import type { CollectionData, Contact, NoteData, Organisation } from '../model/types.js';
import { labelOf, valueAt, type KindDefinition } from '../model/kind.js';
import { formatDateRange, joinList, t, type Locale } from './locale.js';
import { factsOf, type Fact } from './facts.js';
import { programmeView, sessionSetting, sessionsOf, sessionViews, totalDuration, type ProgrammeView, type SessionView } from './sessions-view.js';
import { asTime, timeText, venueValue, whenOf } from './facts-time.js';

export { duration, sessionsOf, type SessionData, type SessionView } from './sessions-view.js';
export { factsOf, type Fact } from './facts.js';

/** A contact person, ready to print. */
export interface ContactView {
  /** The name, after the form of address as written ("H.E. Ms. …", "Prof. Dr. …"). */
  name: string;
  role?: string;
  organisation: string[];
  email: string;
  /** Telephone numbers, as written; none when the contact gives none. */
  phones: string[];
}

/** The facts of a collection, ready to print. */
export interface CollectionView {
  id: string;
  name: string;
  shortName: string;
  theme?: string;
  dates?: string;
  venue?: string;
  /** The venue's registration or access link (an online or hybrid forum). */
  venueLink?: string;
  /** Its hours and their time zone, when it gives them. */
  time?: string;
  organisers?: string;
  isForum: boolean;
}

/** Everything a kind's template prints for one note in one language. */
export interface NoteView {
  slug: string;
  kind: NoteData['kind'];
  kindLabel: string;
  lang: string;
  dir: 'ltr' | 'rtl';
  title: string;
  /** The note's number as its kind prints it: "Workshop 2 (DGB)", "Reference No.: 327". */
  eyebrow?: string;
  /** Whether the eyebrow is part of the title (its kind's `number.inTitle`, when the note has one): "Workshop 2: Title". */
  eyebrowInTitle: boolean;
  /** The title of the HTML page. */
  pageTitle: string;
  organisedBy?: string;
  facts: Fact[];
  sessions: SessionView[];
  totalDuration?: string;
  /** The programme's days, times, rooms and people, when some session gives them (sessions-view.ts). */
  programme?: ProgrammeView;
  /** When and where, in one line for the programme at a glance (facts-time.ts). */
  when?: string;
  contactsHeading: string;
  contacts: ContactView[];
  /** The note's front matter as it is, for a kind's template to print any field (`fields.signatory.name`). */
  fields: Record<string, unknown>;
  logo?: { src: string; alt: string };
  /** The project's (or collection's) logo, from the theme. */
  brand?: { src: string; alt: string };
  collection: CollectionView;
  /** Sanitized HTML of the body, without its footnotes. */
  body: string;
  /** Sanitized HTML of the footnotes section, if any. */
  footnotes: string;
  /** A notice above the document: a stale or draft translation, a draft note. */
  notices: string[];
  /** For a draft note (`draft: true`): the word its PDF pages carry across them ("Draft", "Проект" …). */
  draft?: string;
  /** Heading levels: 1 for a standalone page, 2 inside a combined document. */
  h1: number;
  h2: number;
}

/** Print an organisation as "Name (ABBR) / Larger body / …". */
export function organisationName(o: Organisation): string {
  const own = o.abbreviation ? `${o.name} (${o.abbreviation})` : o.name;
  return [own, ...(o.partOf ?? [])].join(' / ');
}

/** "Organised by A and B in collaboration with C", in the edition's word order. */
export function organisedBy(locale: Locale, organisers: readonly Organisation[]): string {
  const lead = joinList(locale.lang, organisers.filter((o) => o.role !== 'partner').map(organisationName));
  const partners = organisers.filter((o) => o.role === 'partner').map(organisationName);
  return partners.length > 0
    ? t(locale, 'organisedWith', { lead, partners: joinList(locale.lang, partners) })
    : t(locale, 'organisedBy', { lead });
}

/** The facts of a collection in the edition's language. */
export function collectionView(locale: Locale, source: CollectionData): CollectionView {
  const c = { ...source, ...source.translations?.[locale.lang] };
  const view: CollectionView = { id: c.id, name: c.name, shortName: c.shortName ?? c.name, isForum: c.type === 'forum' };
  if (c.theme) view.theme = c.theme;
  if (c.dates) view.dates = formatDateRange(locale.lang, c.dates);
  // A translated venue gives its words; the modality and the link are the source's.
  const venue = c.venue ? venueValue(locale, { ...source.venue, ...c.venue }) : undefined;
  if (venue?.text) view.venue = venue.text;
  if (venue?.link) view.venueLink = venue.link;
  const time = asTime((source as { time?: unknown }).time);
  if (time) view.time = timeText(locale, time, c.dates?.start);
  view.organisers = joinList(locale.lang, c.organisers.map(organisationName));
  return view;
}

/**
 * A name after its form of address, as written ("H.E.", "Excellency", "Prof. Dr."), one space
 * between: nothing is added to either, and a full stop is never doubled where they meet.
 */
export function withHonorific(honorific: string | undefined, name: string): string {
  const before = honorific?.trim() ?? '';
  if (before === '') return name;
  const after = name.trim();
  return `${before} ${before.endsWith('.') && after.startsWith('.') ? after.replace(/^\.+\s*/, '') : after}`;
}

/** One phone number or several, as a list. */
export function phonesOf(phone: string | readonly string[] | undefined): string[] {
  if (phone === undefined) return [];
  return (Array.isArray(phone) ? phone : [phone]).map(String).filter((p) => p.trim() !== '');
}

function contactView(c: Contact): ContactView {
  const view: ContactView = {
    name: withHonorific(c.honorific, c.name),
    organisation: c.organisation ?? [],
    email: c.email,
    phones: phonesOf(c.phone),
  };
  if (c.role) view.role = c.role;
  return view;
}

/** Inputs of {@link noteView} beyond the note's data. */
export interface NoteViewInput {
  slug: string;
  note: NoteData;
  /** The note's kind: what its view prints and how. */
  kind: KindDefinition;
  collection: CollectionData;
  locale: Locale;
  body: string;
  footnotes: string;
  logoSrc?: string;
  /** The theme's logo, if the project has one. */
  brand?: { src: string; alt: string } | undefined;
  level: 1 | 2;
  /** For a language edition: its status and how many source segments changed since. */
  translation?: { status?: string; stale: number };
}

/** The organisers a note names in its kind's organisers field, if its kind has one and the note fills it. */
export function organisersOf(note: NoteData, kind: KindDefinition | undefined): Organisation[] | undefined {
  const value = kind?.organisers ? valueAt(note, kind.organisers) : undefined;
  return Array.isArray(value) ? (value as Organisation[]) : undefined;
}

/**
 * "Workshop 2 (DGB)", "Workshop II", "Reference No.: 327": the note's number or label in its kind's
 * label, its suffix field in brackets; none when the note has neither. A label that is not a
 * number is printed with the `<label>.label` text where a language has one ("研讨会 II", not
 * "第II场研讨会"), else with the number's.
 */
export function eyebrowOf(locale: Locale, note: NoteData, kind: KindDefinition): string | undefined {
  const n = labelOf(note, kind);
  if (!kind.number || n === undefined) return undefined;
  const key = typeof n === 'string' && locale.messages[`${kind.number.label}.label`] !== undefined ? `${kind.number.label}.label` : kind.number.label;
  const number = t(locale, key, { n });
  const suffix = kind.number.suffix ? valueAt(note, kind.number.suffix) : undefined;
  return suffix === undefined || suffix === null || suffix === '' ? number : `${number} (${String(suffix)})`;
}

/** Build the view of a note: every fact formatted and labelled in the edition's language. */
export function noteView(input: NoteViewInput): NoteView {
  const { note, locale, kind } = input;
  const sessions = sessionsOf(note, kind);
  const setting = sessionSetting(note, kind, sessions);
  const view: NoteView = {
    slug: input.slug,
    kind: note.kind,
    kindLabel: t(locale, `kind.${note.kind}`),
    lang: locale.lang,
    dir: locale.dir,
    title: note.title,
    pageTitle: note.title,
    // A note without a number or label has no eyebrow to put in its title.
    eyebrowInTitle: kind.number?.inTitle === true && labelOf(note, kind) !== undefined,
    facts: factsOf(locale, note, kind),
    sessions: sessionViews(locale, sessions, setting),
    contactsHeading: t(locale, kind.contactsHeading ?? 'contactInformation'),
    contacts: (note.contacts ?? []).map(contactView),
    fields: note,
    collection: collectionView(locale, input.collection),
    body: input.body,
    footnotes: input.footnotes,
    h1: input.level,
    h2: input.level + 1,
    notices: [],
  };
  if (note.draft === true) {
    view.draft = t(locale, 'draft');
    view.notices.push(t(locale, 'draftDocumentNotice'));
  }
  if (input.translation?.status === 'draft') view.notices.push(t(locale, 'draftNotice'));
  if (input.translation && input.translation.stale > 0) view.notices.push(t(locale, 'staleNotice', { n: input.translation.stale }));
  if (note.logo && input.logoSrc) view.logo = { src: input.logoSrc, alt: note.logo.alt };
  if (input.brand) view.brand = { src: input.brand.src, alt: input.brand.alt };
  const eyebrow = eyebrowOf(locale, note, kind);
  if (eyebrow !== undefined) {
    view.eyebrow = eyebrow;
    if (view.eyebrowInTitle) view.pageTitle = `${eyebrow}: ${note.title}`;
  }
  const organisers = organisersOf(note, kind);
  if (organisers) view.organisedBy = organisedBy(locale, organisers);
  const total = totalDuration(locale, view.sessions);
  if (total !== undefined) view.totalDuration = total;
  const programme = programmeView(locale, sessions, view.sessions, setting);
  if (programme) view.programme = programme;
  const when = whenOf(locale, note, kind);
  if (when !== undefined) view.when = when;
  return view;
}
