import { stringify } from 'yaml';
import { kindNames, type KindDefinition, type Kinds } from '../model/kind.js';
import type { CollectionData } from '../model/types.js';
import { newNote } from './new-note.js';
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
  /** The kind of the sample note: see {@link initKind}. */
  kind: KindDefinition;
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

/** The kind of note `notes init` writes its sample of: the first (by order) whose kind.yaml says `new.init`. */
export function initKind(kinds: Kinds): KindDefinition | undefined {
  return kindNames(kinds)
    .map((name) => kinds[name] as KindDefinition)
    .find((kind) => kind.new.init === true);
}

/**
 * Every file of a new project, in order: the config, a forum's collection.yaml, a sample note of
 * `options.kind` (written by {@link newNote} as `notes new` writes it, with the samples of its
 * kind.yaml and of placeholders.ts in place of its placeholders and instructions, and marked a
 * draft), a .gitignore for the output and a GitHub Actions workflow. Together they validate with
 * no warnings and build when the kind has a sample for each placeholder and section, and belongs
 * in a forum (the collection `notes init` writes). Pure: no I/O.
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
  const note = newNote(
    { collection, number: 1, today: options.today, draft: true, sample: true, ...(options.sessionLabel !== undefined && { sessionLabel: options.sessionLabel }) },
    options.kind,
  );
  return {
    files: [
      { key: 'config', path: 'notes.config.yaml', content: CONFIG },
      { key: 'collection', path: `${folder}/collection.yaml`, content: collectionYaml(collection) },
      { key: 'note', path: `${folder}/${fileNameFor(options.kind, { number: 1 })}`, content: note },
      { key: 'gitignore', path: '.gitignore', content: GITIGNORE },
      { key: 'workflow', path: '.github/workflows/notes.yml', content: WORKFLOW },
    ],
  };
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
    `  city: ${s(venue.city ?? '')}`,
    `  country: ${s(venue.country ?? '')} # as it should be printed`,
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
