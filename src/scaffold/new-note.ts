import { stringify } from 'yaml';
import type { CollectionData, Kind } from '../model/types.js';
import type { JsonSchema, RequiredSection } from '../model/types.js';
import { FIELD_PLACEHOLDERS as P, instructionFor, PLACEHOLDER_EMAIL, PROJECT_CODE_PLACEHOLDER, SESSION_TEXT } from './placeholders.js';

/** The email placeholder and the section instructions, where `notes new` and its tests name them. */
export { instructionFor, PLACEHOLDER_EMAIL };

/** What a new note is made from: its kind, its collection, and what was derived or given. */
export interface NewNoteOptions {
  kind: Kind;
  /** The collection the note goes into (a forum for a concept note). */
  collection: CollectionData;
  /** A concept note's workshop number. */
  workshop?: number;
  /** A project notification's reference number. */
  reference?: number;
  /** The languages a workshop is conducted in (concept notes). */
  languages?: readonly string[];
  /** The title, if given; else a placeholder. */
  title?: string;
  /** Today, YYYY-MM-DD: the date of issue and the first guess of a project's dates. */
  today: string;
  /** The session heading in the collection's language, from its locale: "Session {n}", "{n}-sessiya" … */
  sessionLabel?: string;
  /** Mark the note a draft (`draft: true`), as `notes init`'s sample is. */
  draft?: boolean;
}

/**
 * The text of a new note of `options.kind` that validates as it is: every required field with a
 * derived value or a plain-language placeholder (never `{{…}}`), comments naming the optional
 * fields, and every body section the kind's schema requires (x-sections) with one line that says
 * what to write there. Every placeholder comes from placeholders.ts, which validation reads too
 * (a note that still holds one gets a `placeholder` warning). Pure: `schema` is the kind's schema.
 */
export function newNote(options: NewNoteOptions, schema: JsonSchema): string {
  const sections = (schema['x-sections'] as RequiredSection[] | undefined) ?? [];
  const frontMatter = FRONT_MATTER[options.kind](options);
  if (options.draft) frontMatter.splice(1, 0, DRAFT_LINE);
  const body = sections.flatMap((section) => sectionLines(options, section));
  return `---\n${frontMatter.join('\n')}\n---\n\n${body.join('\n')}`;
}

const DRAFT_LINE = 'draft: true # DRAFT is printed across every page of its PDFs: remove this line when the note is final';

/** The first lines of each kind's front matter, in the order of the schema's examples. */
const FRONT_MATTER: Record<Kind, (o: NewNoteOptions) => string[]> = {
  'concept-note': (o) => {
    const dates = o.collection.dates;
    const label = (o.sessionLabel ?? 'Session {n}').replace('{n}', 'N');
    return [
      'kind: concept-note',
      `forum: ${scalar(o.collection.id)}`,
      `workshop: ${o.workshop ?? 1}`,
      '# code: DGB  (optional: a short code printed after the workshop number)',
      `title: ${scalar(o.title ?? P.workshopTitle.text)}`,
      ...(dates
        ? [`date: ${dates.start} # the day of the workshop, from ${dates.start} to ${dates.end} (or start: and end: on two lines)`]
        : []),
      `languages: ${flow(o.languages ?? o.collection.languages.slice(0, 1))} # the languages the workshop is conducted in`,
      'organisers: # the lead organiser first, then partners with role: partner',
      `  - name: ${P.organiser.text}`,
      '    # abbreviation: DGB',
      `sessions: # in order; each has a heading "### ${label}: Title" in the body`,
      `  - title: ${P.sessionTitle.text}`,
      '    # minutes: 50',
      ...contactLines(),
    ];
  },
  'project-notification': (o) => [
    'kind: project-notification',
    `reference: ${o.reference ?? 1} # the notification's reference number`,
    `issued: ${o.today} # the date of issue`,
    `projectCode: ${o.today.slice(2, 4)}-${PROJECT_CODE_PLACEHOLDER} # the project code, e.g. 24-IP-07-GE-WSP-A`,
    `title: ${scalar(o.title ?? P.projectTitle.text)}`,
    'timing: # the first and last day of the project',
    `  start: ${o.today}`,
    `  end: ${o.today}`,
    'hostingCountries:',
    `  - ${P.hostingCountry.text}`,
    '# venueCities: [Name of the city]  (optional: left out, it is printed as Not Applicable)',
    'modality: In-person # Online, In-person or Hybrid',
    'implementingOrganizations:',
    `  - ${P.implementingOrganization.text}`,
    `participatingCountries: ${P.participatingCountries.text}`,
    'participants: # how many are expected',
    '  overseas: 0',
    '  local: 0',
    `closingDate: ${o.today} # the closing date for nominations, on or before the first day of timing`,
    '# remarks: Any remarks  (optional: left out, it is printed as Not Applicable)',
    'signatory:',
    `  name: ${P.signatoryName.text}`,
    `  title: ${P.signatoryTitle.text}`,
  ],
  'project-summary': (o) => {
    const lead = o.collection.organisers[0];
    const division = lead ? `${lead.name}${lead.abbreviation ? ` (${lead.abbreviation})` : ''}` : P.division.text;
    const month = o.today.slice(0, 7);
    return [
      'kind: project-summary',
      `title: ${scalar(o.title ?? P.projectTitle.text)}`,
      `division: ${scalar(division)} # the division in charge, as printed`,
      'timeFrame: # the first and last month of the project',
      `  start: ${month}`,
      `  end: ${month}`,
      'partners:',
      `  - ${P.partner.text}`,
      'targetCountries:',
      `  - ${P.targetCountries.text}`,
      ...contactLines(),
    ];
  },
};

function contactLines(): string[] {
  return [
    'contacts:',
    `  - name: ${P.contactName.text}`,
    '    # honorific: Ms.',
    '    # role: Job title',
    `    email: ${PLACEHOLDER_EMAIL} # the work email address`,
  ];
}

function sectionLines(options: NewNoteOptions, section: RequiredSection): string[] {
  const lines = [`## ${section.headings[0] ?? section.id}`, '', instructionFor(options.kind, section), ''];
  if (options.kind === 'concept-note' && section.id === 'structure') {
    const label = (options.sessionLabel ?? 'Session {n}').replace('{n}', '1');
    lines.push(`### ${label}: ${P.sessionTitle.text}`, '', SESSION_TEXT.text, '');
  }
  return lines;
}

/** A YAML scalar on one line, quoted only when YAML needs it. */
function scalar(value: string): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

function flow(values: readonly string[]): string {
  return `[${values.map(scalar).join(', ')}]`;
}
