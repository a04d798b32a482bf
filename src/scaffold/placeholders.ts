import type { Kind } from '../model/types.js';
import type { RequiredSection } from '../model/types.js';

/*
 * The plain-language placeholders `notes new` writes into a new note, kept in one place: the
 * scaffold writes them from here and validation warns about any a note still holds (rule
 * `placeholder`, check-placeholders.ts), so what is checked is always what was written.
 */

/** A placeholder text and what it stands for, as the warning says it ("replace it with …"). */
export interface Placeholder {
  readonly text: string;
  readonly means: string;
}

/** Where to write to an address that must pass `format: email` but is plainly not a real one. */
export const PLACEHOLDER_EMAIL = 'name@example.org';

/** A project code's placeholder after its two-digit year (`26-XX-00-XX-XXX`): it passes the schema's pattern. */
export const PROJECT_CODE_PLACEHOLDER = 'XX-00-XX-XXX';

/** The front-matter values `notes new` writes where only the author knows the answer. */
export const FIELD_PLACEHOLDERS = {
  workshopTitle: { text: 'Title of the workshop', means: "the workshop's title" },
  projectTitle: { text: 'Title of the project', means: "the project's title" },
  organiser: { text: 'Name of the organising unit', means: "the organising unit's name" },
  sessionTitle: { text: 'Title of the first session', means: "the session's title (the same in the front matter and in its heading)" },
  contactName: { text: 'Name of the contact person', means: "the contact person's name" },
  hostingCountry: { text: 'Name of the hosting country', means: 'the hosting country' },
  implementingOrganization: { text: 'Name of the implementing organization', means: "the implementing organization's name" },
  participatingCountries: { text: 'Participating countries as printed', means: 'the participating countries, as printed' },
  signatoryName: { text: 'Name of the signatory', means: "the signatory's name" },
  signatoryTitle: { text: 'Position of the signatory', means: "the signatory's position" },
  division: { text: 'Name of the division in charge', means: 'the division in charge' },
  partner: { text: 'Name of a partner organisation', means: "a partner organisation's name" },
  targetCountries: { text: 'The countries or groups of countries the project serves', means: 'the countries or groups of countries the project serves' },
} as const satisfies Record<string, Placeholder>;

/** The line `notes new` writes under a concept note's first session heading. */
export const SESSION_TEXT: Placeholder = { text: 'Write here what this session covers; a list of guiding questions may follow.', means: 'what this session covers' };

/** What to write under each required section, by kind and section id (from x-sections). */
export const INSTRUCTIONS: Readonly<Record<Kind, Readonly<Record<string, string>>>> = {
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

/** Every placeholder line `notes new` may write in the body of a `kind` with these sections. */
export function bodyPlaceholders(kind: Kind, sections: readonly RequiredSection[]): Placeholder[] {
  const lines = new Set([...Object.values(INSTRUCTIONS).flatMap((byId) => Object.values(byId)), ...sections.map((s) => instructionFor(kind, s))]);
  return [...[...lines].map((text) => ({ text, means: "the section's text" })), SESSION_TEXT, FIELD_PLACEHOLDERS.sessionTitle];
}
