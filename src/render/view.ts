import type { CollectionData, Contact, NoteData, Organisation } from '../model/types.js';
import { formatDate, formatDateRange, formatMonthRange, joinList, languageName, plural, t, type Locale } from './locale.js';

/** One row of a facts table: a label and a text, a list, or a link. */
export interface Fact {
  label: string;
  text?: string;
  items?: string[];
}

/** A contact person, ready to print. */
export interface ContactView {
  name: string;
  role?: string;
  organisation: string[];
  email: string;
}

/** A session row of the programme. */
export interface SessionView {
  number: number;
  label: string;
  title: string;
  duration?: string;
  minutes?: number;
}

/** The facts of a collection, ready to print. */
export interface CollectionView {
  id: string;
  name: string;
  shortName: string;
  theme?: string;
  dates?: string;
  venue?: string;
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
  /** "Workshop 2 (DGB)" for a concept note, "Reference No.: 327" for a notification. */
  eyebrow?: string;
  /** Whether the eyebrow is part of the title (a workshop's number is; a reference is not). */
  eyebrowInTitle: boolean;
  /** The title of the HTML page. */
  pageTitle: string;
  organisedBy?: string;
  facts: Fact[];
  sessions: SessionView[];
  totalDuration?: string;
  contactsHeading: string;
  contacts: ContactView[];
  signatory?: { name: string; title: string };
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
  if (c.venue) view.venue = [c.venue.place, c.venue.city, c.venue.country].filter(Boolean).join(', ');
  view.organisers = joinList(locale.lang, c.organisers.map(organisationName));
  return view;
}

/** Minutes in words: "20 minutes". */
export function duration(locale: Locale, minutes: number): string {
  return plural(locale, 'minutes', minutes);
}

function contactView(c: Contact): ContactView {
  const view: ContactView = {
    name: c.honorific ? `${c.honorific} ${c.name}` : c.name,
    organisation: c.organisation ?? [],
    email: c.email,
  };
  if (c.role) view.role = c.role;
  return view;
}

/** Inputs of {@link noteView} beyond the note's data. */
export interface NoteViewInput {
  slug: string;
  note: NoteData;
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

/** Build the view of a note: every fact formatted and labelled in the edition's language. */
export function noteView(input: NoteViewInput): NoteView {
  const { note, locale } = input;
  const lang = locale.lang;
  const view: NoteView = {
    slug: input.slug,
    kind: note.kind,
    kindLabel: t(locale, `kind.${note.kind}`),
    lang,
    dir: locale.dir,
    title: note.title,
    pageTitle: note.title,
    eyebrowInTitle: note.kind === 'concept-note',
    facts: [],
    sessions: [],
    contactsHeading: t(locale, note.kind === 'concept-note' ? 'contactPersons' : 'contactInformation'),
    contacts: (note.contacts ?? []).map(contactView),
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

  switch (note.kind) {
    case 'concept-note': {
      const number = t(locale, 'workshop', { n: note.workshop });
      view.eyebrow = note.code ? `${number} (${note.code})` : number;
      view.pageTitle = `${view.eyebrow}: ${note.title}`;
      view.organisedBy = organisedBy(locale, note.organisers);
      // The header already prints the forum's venue and dates; print the workshop's own when it has them.
      if (note.date !== undefined) {
        const date = typeof note.date === 'string' ? { start: note.date, end: note.date } : note.date;
        view.facts.push({ label: t(locale, 'date'), text: formatDateRange(lang, date) });
      }
      if (note.venue) view.facts.push({ label: t(locale, 'venue'), text: [note.venue.place, note.venue.city, note.venue.country].filter(Boolean).join(', ') });
      view.facts.push({ label: t(locale, 'languages'), text: joinList(lang, note.languages.map((l) => languageName(lang, l))) });
      view.sessions = (note.sessions ?? []).map((s, i) => {
        const row: SessionView = { number: i + 1, label: t(locale, 'sessionNumber', { n: i + 1 }), title: s.title };
        if (s.minutes !== undefined) {
          row.minutes = s.minutes;
          row.duration = duration(locale, s.minutes);
        }
        return row;
      });
      const timed = view.sessions.filter((s) => s.minutes !== undefined);
      if (timed.length > 0) view.totalDuration = duration(locale, timed.reduce((sum, s) => sum + (s.minutes ?? 0), 0));
      break;
    }
    case 'project-notification': {
      const na = t(locale, 'notApplicable');
      view.eyebrow = `${t(locale, 'referenceNo')}: ${note.reference}`;
      view.facts.push(
        { label: t(locale, 'dateOfIssue'), text: formatDate(lang, note.issued) },
        { label: t(locale, 'projectCode'), text: note.projectCode },
        { label: t(locale, 'title'), text: note.title },
        { label: t(locale, 'timing'), text: formatDateRange(lang, note.timing) },
        { label: t(locale, 'hostingCountries'), text: joinList(lang, note.hostingCountries) },
        { label: t(locale, 'venueCities'), text: note.venueCities?.length ? joinList(lang, note.venueCities) : na },
        { label: t(locale, 'modality'), text: note.modality },
        { label: t(locale, 'implementingOrganizations'), text: joinList(lang, note.implementingOrganizations) },
        { label: t(locale, 'participatingCountries'), text: note.participatingCountries },
        { label: t(locale, 'overseasParticipants'), text: String(note.participants.overseas) },
        { label: t(locale, 'localParticipants'), text: String(note.participants.local) },
        { label: t(locale, 'closingDate'), text: formatDate(lang, note.closingDate) },
        { label: t(locale, 'remarks'), text: note.remarks ?? na },
      );
      if (note.signatory) view.signatory = note.signatory;
      break;
    }
    case 'project-summary': {
      view.facts.push(
        { label: t(locale, 'division'), text: note.division },
        { label: t(locale, 'projectTitle'), text: note.title },
        { label: t(locale, 'timeFrame'), text: formatMonthRange(lang, note.timeFrame) },
        { label: t(locale, 'partners'), items: note.partners },
        { label: t(locale, 'targetCountries'), items: note.targetCountries },
      );
      break;
    }
  }
  return view;
}
