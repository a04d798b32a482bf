import Handlebars from 'handlebars';
import { stringify } from 'yaml';
import type { KindDefinition } from '../model/kind.js';
import type { CollectionData, RequiredSection } from '../model/types.js';
import { instructionFor, PLACEHOLDER_EMAIL, placeholderOf, SESSION_TEXT, SHARED_PLACEHOLDERS } from './placeholders.js';

/** The email placeholder and the section instructions, where `notes new` and its tests name them. */
export { instructionFor, PLACEHOLDER_EMAIL };

/** What a new note is made from besides its kind: its collection, and what was derived or given. */
export interface NewNoteOptions {
  /** The collection the note goes into (of the kind's `collection` type). */
  collection: CollectionData;
  /** The note's number, for a kind that numbers its notes (1 if not given). */
  number?: number;
  /** The languages the note is in (for a kind with a `languages` field): else the collection's first. */
  languages?: readonly string[];
  /** The title, if given; else a placeholder. */
  title?: string;
  /** Today, YYYY-MM-DD: the date of issue and the first guess of a project's dates. */
  today: string;
  /** The session heading in the collection's language, from its locale: "Session {n}", "{n}-sessiya" … */
  sessionLabel?: string;
  /** Mark the note a draft (`draft: true`), as `notes init`'s sample is. */
  draft?: boolean;
  /** Write each placeholder's and each section's sample instead (`notes init`); the placeholder where there is none. */
  sample?: boolean;
}

/** A kind's `new.frontMatter` that cannot be written: its template is broken or names a placeholder the kind does not have. */
export class KindTemplateError extends Error {}

/**
 * The text of a new note of `kind` that validates as it is: its front matter from the kind's
 * `new.frontMatter` template (every required field with a derived value or a plain-language
 * placeholder, never `{{…}}`, and comments naming the optional fields), and every body section
 * of its kind.yaml with one line that says what to write there. Every placeholder comes from
 * kind.yaml or placeholders.ts, which validation reads too (a note that still holds one gets a
 * `placeholder` warning). Pure; throws {@link KindTemplateError} for a template it cannot write.
 */
export function newNote(options: NewNoteOptions, kind: KindDefinition): string {
  const frontMatter = frontMatterOf(options, kind).split('\n');
  if (options.draft) frontMatter.splice(1, 0, DRAFT_LINE);
  const body = kind.sections.flatMap((section) => sectionLines(options, kind, section));
  return `---\n${frontMatter.join('\n')}\n---\n\n${body.join('\n')}`;
}

const DRAFT_LINE = 'draft: true # DRAFT is printed across every page of its PDFs: remove this line when the note is final';

/** The variables a kind's `new.frontMatter` template is given. */
export interface FrontMatterValues {
  collection: CollectionData;
  number: number | undefined;
  title: string | undefined;
  today: string;
  /** YYYY-MM of today. */
  month: string;
  /** The year of today in two digits. */
  year2: string;
  languages: readonly string[];
  /** The session heading with N for the number: "Session N". */
  sessionLabel: string;
  /** The collection's first organiser as "Name (ABBR)", if it has one. */
  lead: string | undefined;
}

/** The variables of the front-matter template for `options`. Pure. */
export function frontMatterValues(options: NewNoteOptions, kind: KindDefinition): FrontMatterValues {
  const lead = options.collection.organisers[0];
  return {
    collection: options.collection,
    number: kind.number ? (options.number ?? 1) : options.number,
    title: options.title,
    today: options.today,
    month: options.today.slice(0, 7),
    year2: options.today.slice(2, 4),
    languages: options.languages ?? options.collection.languages.slice(0, 1),
    sessionLabel: sessionHeading(options, 'N'),
    lead: lead ? `${lead.name}${lead.abbreviation ? ` (${lead.abbreviation})` : ''}` : undefined,
  };
}

/** The front matter's lines (without the `---` lines), from the kind's template. */
function frontMatterOf(options: NewNoteOptions, kind: KindDefinition): string {
  const where = `${kind.source}/kind.yaml, new.frontMatter`;
  let text: string;
  try {
    text = compiled(kind.new.frontMatter)(frontMatterValues(options, kind), {
      helpers: {
        placeholder: (name: unknown) => {
          const found = typeof name === 'string' ? placeholderOf(kind, name) : undefined;
          if (!found) throw new KindTemplateError(`${where} names the placeholder "${String(name)}", which the kind does not have: add it under placeholders, or use one of ${placeholderNames(kind).join(', ')}.`);
          return options.sample ? (found.sample ?? found.text) : found.text;
        },
      },
    });
  } catch (error) {
    if (error instanceof KindTemplateError) throw error;
    throw new KindTemplateError(`${where} cannot be written: ${(error as Error).message}`);
  }
  return text.replace(/\n+$/, '');
}

function placeholderNames(kind: KindDefinition): string[] {
  return [...Object.keys(kind.placeholders ?? {}), ...Object.keys(SHARED_PLACEHOLDERS)];
}

/**
 * The Handlebars environment of front-matter templates: isolated, with only these helpers (the
 * `placeholder` helper is given per note) and the `contacts` partial, nothing escaped (it writes
 * YAML, not HTML).
 */
const hbs = Handlebars.create();
hbs.registerHelper('yaml', (value: unknown) => scalar(value));
hbs.registerHelper('flow', (values: unknown) => `[${(Array.isArray(values) ? values : []).map(scalar).join(', ')}]`);
hbs.registerHelper('either', (a: unknown, b: unknown) => (a === undefined || a === null ? b : a));
hbs.registerPartial(
  'contacts',
  ['contacts:', '  - name: {{placeholder "contactName"}}', '    # honorific: Ms.', '    # role: Job title', '    email: {{placeholder "email"}} # the work email address', ''].join('\n'),
);
const HELPERS = ['yaml', 'flow', 'either', 'placeholder'];

/** Each front-matter template compiled once. */
const templates = new Map<string, Handlebars.TemplateDelegate>();
function compiled(source: string): Handlebars.TemplateDelegate {
  let template = templates.get(source);
  if (!template) {
    template = hbs.compile(source, { noEscape: true, strict: false, knownHelpers: Object.fromEntries(HELPERS.map((h) => [h, true])), knownHelpersOnly: true });
    templates.set(source, template);
  }
  return template;
}

/** A section's heading, what to write under it, and for the kind's sessions the first session's heading and text. */
function sectionLines(options: NewNoteOptions, kind: KindDefinition, section: RequiredSection): string[] {
  const text = options.sample ? (section.sample ?? instructionFor(section)) : instructionFor(section);
  const lines = [`## ${section.headings[0] ?? section.id}`, '', text, ''];
  if (kind.sessions?.section === section.id) {
    const pick = (p: { text: string; sample: string }): string => (options.sample ? p.sample : p.text);
    lines.push(`### ${sessionHeading(options, '1')}: ${pick(SHARED_PLACEHOLDERS.sessionTitle)}`, '', pick(SESSION_TEXT), '');
  }
  return lines;
}

/** The session heading of the collection's language with `n` for its number: "Session 1", "1-sessiya". */
function sessionHeading(options: NewNoteOptions, n: string): string {
  return (options.sessionLabel ?? 'Session {n}').replace('{n}', n);
}

/** A YAML scalar on one line, quoted only when YAML needs it. */
function scalar(value: unknown): string {
  return value === undefined || value === null ? '' : stringify(value, { lineWidth: 0 }).trimEnd();
}
