import { stringify } from 'yaml';
import type { CollectionData, Kind } from '../model/types.js';
import type { JsonSchema, RequiredSection } from '../pipeline/schema.js';

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
}

/** Where to write to an address that must pass `format: email` but is plainly not a real one. */
export const PLACEHOLDER_EMAIL = 'name@example.org';

/**
 * The text of a new note of `options.kind` that validates as it is: every required field with a
 * derived value or a plain-language placeholder (never `{{…}}`), comments naming the optional
 * fields, and every body section the kind's schema requires (x-sections) with one line that says
 * what to write there. Pure: `schema` is the kind's schema as read from schemas/.
 */
export function newNote(options: NewNoteOptions, schema: JsonSchema): string {
  const sections = (schema['x-sections'] as RequiredSection[] | undefined) ?? [];
  const frontMatter = FRONT_MATTER[options.kind](options);
  const body = sections.flatMap((section) => sectionLines(options, section));
  return `---\n${frontMatter.join('\n')}\n---\n\n${body.join('\n')}`;
}

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
      `title: ${scalar(o.title ?? 'Title of the workshop')}`,
      ...(dates
        ? [`date: ${dates.start} # the day of the workshop, from ${dates.start} to ${dates.end} (or start: and end: on two lines)`]
        : []),
      `languages: ${flow(o.languages ?? o.collection.languages.slice(0, 1))} # the languages the workshop is conducted in`,
      'organisers: # the lead organiser first, then partners with role: partner',
      '  - name: Name of the organising unit',
      '    # abbreviation: DGB',
      `sessions: # in order; each has a heading "### ${label}: Title" in the body`,
      '  - title: Title of the first session',
      '    # minutes: 50',
      ...contactLines(),
    ];
  },
  'project-notification': (o) => [
    'kind: project-notification',
    `reference: ${o.reference ?? 1} # the notification's reference number`,
    `issued: ${o.today} # the date of issue`,
    `projectCode: ${o.today.slice(2, 4)}-XX-00-XX-XXX # the project code, e.g. 24-IP-07-GE-WSP-A`,
    `title: ${scalar(o.title ?? 'Title of the project')}`,
    'timing: # the first and last day of the project',
    `  start: ${o.today}`,
    `  end: ${o.today}`,
    'hostingCountries:',
    '  - Name of the hosting country',
    '# venueCities: [Name of the city]  (optional: left out, it is printed as Not Applicable)',
    'modality: In-person # Online, In-person or Hybrid',
    'implementingOrganizations:',
    '  - Name of the implementing organization',
    'participatingCountries: Participating countries as printed',
    'participants: # how many are expected',
    '  overseas: 0',
    '  local: 0',
    `closingDate: ${o.today} # the closing date for nominations, on or before the first day of timing`,
    '# remarks: Any remarks  (optional: left out, it is printed as Not Applicable)',
    'signatory:',
    '  name: Name of the signatory',
    '  title: Position of the signatory',
  ],
  'project-summary': (o) => {
    const lead = o.collection.organisers[0];
    const division = lead ? `${lead.name}${lead.abbreviation ? ` (${lead.abbreviation})` : ''}` : 'Name of the division in charge';
    const month = o.today.slice(0, 7);
    return [
      'kind: project-summary',
      `title: ${scalar(o.title ?? 'Title of the project')}`,
      `division: ${scalar(division)} # the division in charge, as printed`,
      'timeFrame: # the first and last month of the project',
      `  start: ${month}`,
      `  end: ${month}`,
      'partners:',
      '  - Name of a partner organisation',
      'targetCountries:',
      '  - The countries or groups of countries the project serves',
      ...contactLines(),
    ];
  },
};

function contactLines(): string[] {
  return [
    'contacts:',
    '  - name: Name of the contact person',
    '    # honorific: Ms.',
    '    # role: Job title',
    `    email: ${PLACEHOLDER_EMAIL} # the work email address`,
  ];
}

/** What to write under each required section, by kind and section id (from x-sections). */
const INSTRUCTIONS: Record<Kind, Record<string, string>> = {
  'concept-note': {
    introduction: 'Write here the introduction: the forum, its theme, and what this workshop will explore.',
    objective: 'Write here what the workshop aims to achieve and what participants will gain.',
    focus: 'Write here the context: the challenges the workshop addresses and why they matter now.',
    structure: 'Write here how the workshop is organised: its sessions, their format and how it closes.',
    organisation: 'Write here who organises the workshop, with which partners, and how to take part.',
  },
  'project-notification': {
    objectives: 'Write here the objectives of the project.',
    rationale: 'Write here why the project is needed.',
    background: 'Write here the background: the situation the project responds to.',
    topics: 'Write here the topics the project will cover.',
    outcome: 'Write here the outcome expected from the project.',
    qualifications: 'Write here who should take part: the qualifications of the participants.',
  },
  'project-summary': {
    description: 'Write here a brief description of the project: what it does, with whom and for whom.',
    objectives: 'Write here the objectives of the project.',
    'agenda-2030': 'Write here how the project links to the 2030 Agenda and which Sustainable Development Goals it serves.',
    activities: 'Write here the main activities envisioned, as a list if you like.',
    results: 'Write here the results the project expects.',
  },
};

/** The instruction under a section: the kind's own, or a plain one for a section added to the schema later. */
export function instructionFor(kind: Kind, section: RequiredSection): string {
  return INSTRUCTIONS[kind][section.id] ?? `Write here the ${(section.headings[0] ?? 'text').toLowerCase()} section.`;
}

function sectionLines(options: NewNoteOptions, section: RequiredSection): string[] {
  const lines = [`## ${section.headings[0] ?? section.id}`, '', instructionFor(options.kind, section), ''];
  if (options.kind === 'concept-note' && section.id === 'structure') {
    const label = (options.sessionLabel ?? 'Session {n}').replace('{n}', '1');
    lines.push(`### ${label}: Title of the first session`, '', 'Write here what this session covers; a list of guiding questions may follow.', '');
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
