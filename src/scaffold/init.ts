import { stringify } from 'yaml';
import type { CollectionData } from '../model/types.js';
import type { JsonSchema } from '../model/types.js';
import { newNote } from './new-note.js';
import { FIELD_PLACEHOLDERS as P, INSTRUCTIONS, PLACEHOLDER_EMAIL, SESSION_TEXT } from './placeholders.js';
import { fileNameFor, slugOf } from './plan.js';

/** The files `notes init` can write, by the names `--only` takes, in the order they are written. */
export const INIT_FILES = ['config', 'collection', 'note', 'gitignore', 'workflow'] as const;
export type InitFile = (typeof INIT_FILES)[number];

/** A collection id as collection.schema.json allows it. */
export const FORUM_ID = /^[a-z0-9][a-z0-9-]*$/;
export const FORUM_ID_MAX = 64;

/** The forum id when the folder's name gives none. */
export const DEFAULT_FORUM = 'my-forum';

/** What a new project is made from. */
export interface InitOptions {
  /** The forum's id (a valid one: see {@link isForumId}). */
  forum: string;
  /** The forum's name; else a placeholder. */
  name?: string;
  /** Today, YYYY-MM-DD: the forum's dates are a few months after it. */
  today: string;
  /** The concept note's schema, as read from schemas/. */
  schema: JsonSchema;
  /** The session heading in English, from its locale ("Session {n}"). */
  sessionLabel?: string;
}

/** One file of the plan: its `/`-separated path inside the project folder, and its text. */
export interface InitPlanFile {
  key: InitFile;
  path: string;
  content: string;
}

export function isForumId(id: string): boolean {
  return FORUM_ID.test(id) && id.length <= FORUM_ID_MAX;
}

/** The forum id a folder's name gives (`UNPSF 2026` → `unpsf-2026`), else {@link DEFAULT_FORUM}. */
export function forumIdFor(folderName: string): string {
  const slug = slugOf(folderName, FORUM_ID_MAX);
  return isForumId(slug) ? slug : DEFAULT_FORUM;
}

/** YYYY-MM-DD plus `days` days (UTC calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * Every file of a new project, in order: the config, a forum's collection.yaml, a sample concept
 * note (written by {@link newNote}, as `notes new` writes it, with {@link SAMPLE} in place of its
 * placeholders, and marked a draft), a .gitignore for the output and a GitHub Actions workflow.
 * Together they validate with no warnings and build. Pure: no I/O.
 */
export function planInit(options: InitOptions): { files: InitPlanFile[] } {
  const start = addDays(options.today, 90);
  const collection: CollectionData = {
    id: options.forum,
    type: 'forum',
    name: options.name ?? 'Name of the forum',
    dates: { start, end: addDays(start, 2) },
    venue: { city: 'Name of the city', country: 'Name of the country' },
    organisers: [{ name: 'Name of the organising unit' }],
    languages: ['en'],
  };
  const folder = `notes/${options.forum}`;
  const note = sample(
    newNote(
      { kind: 'concept-note', collection, workshop: 1, today: options.today, draft: true, ...(options.sessionLabel !== undefined && { sessionLabel: options.sessionLabel }) },
      options.schema,
    ),
  );
  return {
    files: [
      { key: 'config', path: 'notes.config.yaml', content: CONFIG },
      { key: 'collection', path: `${folder}/collection.yaml`, content: collectionYaml(collection) },
      { key: 'note', path: `${folder}/${fileNameFor('concept-note', { workshop: 1 })}`, content: note },
      { key: 'gitignore', path: '.gitignore', content: GITIGNORE },
      { key: 'workflow', path: '.github/workflows/notes.yml', content: WORKFLOW },
    ],
  };
}

/**
 * What the sample note says in place of each placeholder `notes new` writes: a short, plausible
 * concept note, so a new project validates with no warnings (a placeholder left is one) and shows
 * what a finished note looks like. The note is `draft: true`, so until it is replaced or made
 * final its PDFs say DRAFT on every page.
 */
const SAMPLE: readonly (readonly [placeholder: string, text: string])[] = [
  [P.workshopTitle.text, 'Digital Public Services for Everyone'],
  [P.organiser.text, 'Department of Public Administration'],
  [P.sessionTitle.text, 'Opening and Keynote'],
  [P.contactName.text, 'Alex Morgan'],
  [PLACEHOLDER_EMAIL, 'alex.morgan@example.org'],
  [INSTRUCTIONS['concept-note']['introduction'] ?? '', 'This is a sample concept note, written by notes init: replace its text with your own. The forum brings together public servants, experts and partners to share what works in public service; this workshop looks at how digital public services can reach everyone.'],
  [INSTRUCTIONS['concept-note']['objective'] ?? '', 'The workshop aims to share practical ways of designing digital services that everyone can use, and to help participants plan the next steps in their own institutions.'],
  [INSTRUCTIONS['concept-note']['focus'] ?? '', 'Many people still cannot use online public services: they lack access, skills or trust. The workshop looks at what governments have done to close these gaps, and at what remains to be done.'],
  [INSTRUCTIONS['concept-note']['structure'] ?? '', 'The workshop opens with a keynote, continues with a discussion among the participants and closes with a summary of the main points.'],
  [SESSION_TEXT.text, 'A keynote speaker presents the main challenges and examples of what has worked. Guiding questions: who is left behind by digital services today, and what has helped most to reach them?'],
  [INSTRUCTIONS['concept-note']['organisation'] ?? '', 'The workshop is organised by the Department of Public Administration. It is held in English; participation is by invitation.'],
];

/** A note written by {@link newNote} with each placeholder replaced by its {@link SAMPLE} text. */
function sample(note: string): string {
  return SAMPLE.reduce((text, [placeholder, replacement]) => (placeholder ? text.replaceAll(placeholder, replacement) : text), note);
}

const CONFIG = `# Settings for notes. Every setting is also a command-line option, which wins over it;
# folders are relative to this file. The settings are listed in the README (Configuration).
notes: notes   # the notes folder: one folder per forum or programme, each with a collection.yaml
out: output    # where notes build writes the HTML, the PDFs and the packs
# pdf: false         # HTML only (no browser needed)
# languages: [en]    # build only these language editions
# theme:             # your organisation's look (README, Theme)
#   stylesheet: brand/brand.css                   # e.g. :root { --accent: #7a1f5c; }
#   logo: { src: brand/logo.png, alt: Name of your organisation }
#   paper: A4                                     # or Letter, "A4 landscape", "210mm 297mm"
`;

function collectionYaml(c: CollectionData): string {
  const s = (value: string): string => stringify(value, { lineWidth: 0 }).trimEnd();
  const dates = c.dates ?? { start: '', end: '' };
  const venue = c.venue ?? { city: '', country: '' };
  return [
    '# The forum: every note in this folder belongs to it. Replace each "Name of …" and the dates.',
    `id: ${s(c.id)} # lower case with dashes: the notes name it in forum:`,
    'type: forum',
    `name: ${s(c.name)}`,
    '# shortName: A shorter name for running headers',
    '# theme: The theme of the forum',
    'dates: # the first and the last day',
    `  start: ${dates.start}`,
    `  end: ${dates.end}`,
    'venue:',
    `  city: ${s(venue.city)}`,
    `  country: ${s(venue.country)} # as it should be printed`,
    '  # place: Building or room',
    'organisers:',
    ...c.organisers.map((o) => `  - name: ${s(o.name)}\n    # abbreviation: DGB`),
    `languages: [${c.languages.join(', ')}] # the language editions; the first is the one the notes are written in`,
    '',
  ].join('\n');
}

const GITIGNORE = `# The output of notes build: made again from the notes on every build.
output/
`;

/**
 * The workflow of docs/ci/github-actions.yml (docs/ is not part of the installed package, so its
 * text is here; test/cli/init.test.ts checks that the two stay the same below their first lines).
 */
const WORKFLOW = `# Check the concept notes on GitHub Actions (written by notes init).
# npm ci installs notes from this project's package.json (npm install --save-dev notes).
# Problems appear as annotations on the lines of the pull request ("Files changed").
name: Check notes

on:
  pull_request:
  push:
    branches: [main]

jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          # The whole history, so the base branch (origin/<base>) is there to compare with.
          fetch-depth: 0
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      # The note memo: notes unchanged since an earlier run are not parsed again.
      - uses: actions/cache@v4
        with:
          path: ~/.cache/notes
          key: notes-\${{ github.sha }}
          restore-keys: notes-
      # A pull request: only the notes it changes (and the notes they affect); warnings fail too.
      - name: Check the notes this pull request changes
        if: github.event_name == 'pull_request'
        run: npx notes validate --format github --changed-since origin/\${{ github.base_ref }} --strict
      # A push to main: every note.
      - name: Check every note
        if: github.event_name == 'push'
        run: npx notes validate --format github
`;
