import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { kinds, type Kind } from '../../model/types.js';
import { runValidate } from '../../pipeline/index.js';
import type { JsonSchema } from '../../validate/schema.js';
import { newNote, PLACEHOLDER_EMAIL } from '../../scaffold/new-note.js';
import { chooseCollection, fileNameFor, nextFree, today, usedNumbers, type ExistingNote, type ScaffoldCollection } from '../../scaffold/plan.js';
import { UsageError, type Io } from '../io.js';
import { resolveScope } from '../scope.js';

/** Options of `notes new`. */
export interface NewOptions {
  notes: string;
  forum?: string;
  workshop?: number;
  /** Comma-separated language tags: the languages a workshop is conducted in. */
  lang?: string;
  out?: string;
  title?: string;
}

/**
 * `notes new KIND`: write a new note of KIND that validates as it is, into its collection's folder
 * (or `--out`), never over an existing file. Returns 0, or 1 when the file exists already.
 */
export async function newCommand(kind: string, options: NewOptions, io: Io): Promise<number> {
  if (!isKind(kind)) throw new UsageError(`"${kind}" is not a kind of note: use one of ${kinds.join(', ')}.`);
  if (kind !== 'concept-note') {
    if (options.workshop !== undefined) throw new UsageError(`--workshop numbers a concept note: a ${kind} has no workshop.`);
    if (options.lang !== undefined) throw new UsageError(`--lang gives the languages a workshop is conducted in: a ${kind} has no such field.`);
  }
  if (options.title !== undefined && !/\S/.test(options.title)) throw new UsageError('--title is empty: give the title, e.g. --title "Digital Government for All".');
  await resolveScope(options.notes, []);
  const { project, resources } = await runValidate(options.notes);
  const schema = resources.schemas[`${kind}.schema.json`] as JsonSchema;

  const collections: ScaffoldCollection[] = project.collections.flatMap((c) => (c.data ? [{ data: c.data, dir: c.dir }] : []));
  const chosen = chooseCollection(kind, collections, options.forum, options.notes);
  if (!chosen.ok) {
    const broken = project.collections.length - collections.length;
    throw new UsageError(`${chosen.message}${broken > 0 ? ` (${broken} collection.yaml with errors left out: run notes validate.)` : ''}`);
  }
  const collection = chosen.value;
  const existing: ExistingNote[] = project.notes
    .filter((f) => !f.data.edition)
    .map((f) => ({ path: f.path, ...(f.data.collection !== undefined && { collection: f.data.collection }), ...(f.data.frontMatter && { frontMatter: f.data.frontMatter }) }));

  const workshop = kind === 'concept-note' ? chooseWorkshop(options.workshop, usedNumbers(existing, collection.data.id, kind, 'workshop'), collection.data.id, schema) : undefined;
  const reference = kind === 'project-notification' ? nextFree(usedNumbers(existing, collection.data.id, kind, 'reference').keys(), Number.MAX_SAFE_INTEGER) : undefined;
  const languages = options.lang === undefined ? undefined : languageTags(options.lang, resources.schemas);

  const text = newNote(
    {
      kind,
      collection: collection.data,
      ...(workshop !== undefined && { workshop }),
      ...(reference !== undefined && { reference }),
      ...(languages && { languages }),
      ...(options.title !== undefined && { title: options.title.trim() }),
      today: today(io.env),
      sessionLabel: resources.messages[collection.data.languages[0] ?? 'en']?.['sessionNumber'] ?? 'Session {n}',
    },
    schema,
  );
  const folder = path.join(options.notes, ...collection.dir.split('/'));
  const target = options.out ?? path.join(folder, fileNameFor(kind, { ...(workshop !== undefined && { workshop }), ...(reference !== undefined && { reference }), ...(options.title !== undefined && { title: options.title }) }));
  try {
    // 'wx': created only if nothing is there, so a file (or link) that appears meanwhile is never replaced.
    await writeFile(target, text, { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      io.stderr.write(`${target} exists already and was left as it is: choose another name with --out${kind === 'concept-note' ? ' or another number with --workshop' : ' or another --title'}.\n`);
      return 1;
    }
    if (code === 'ENOENT') throw new UsageError(`${target} cannot be written: its folder ${path.dirname(target)} does not exist.`);
    throw error;
  }
  io.stderr.write(`Wrote ${target}: replace each placeholder ("Title of …", "Name of …", "Write here …", ${PLACEHOLDER_EMAIL}) and check its dates and numbers.\n`);
  if (inside(options.notes, target)) {
    io.stderr.write(`Then check it: notes validate ${options.notes === 'notes' ? '' : `--notes ${options.notes} `}${target}\n`);
  } else {
    io.stderr.write(`It is outside the notes folder ${options.notes}: move it into ${folder} to validate and build it.\n`);
  }
  return 0;
}

function chooseWorkshop(wanted: number | undefined, used: Map<number, string>, forum: string, schema: JsonSchema): number {
  const workshopSchema = (schema['properties'] as Record<string, JsonSchema> | undefined)?.['workshop'];
  const max = typeof workshopSchema?.['maximum'] === 'number' ? workshopSchema['maximum'] : 999;
  const next = nextFree(used.keys(), max);
  if (wanted === undefined) {
    if (next === undefined) throw new UsageError(`Every workshop number of ${forum}, 1 to ${max}, is in use.`);
    return next;
  }
  if (wanted > max) throw new UsageError(`--workshop ${wanted} is too high: workshop numbers go from 1 to ${max}.`);
  const taken = used.get(wanted);
  if (taken !== undefined) {
    throw new UsageError(`Workshop ${wanted} of ${forum} is already ${taken}: choose another number${next === undefined ? '' : ` (the next free one is ${next})`} or leave out --workshop.`);
  }
  return wanted;
}

/** `en,uz` → ['en', 'uz'], each checked against the schemas' languageTag pattern. */
function languageTags(value: string, schemas: Record<string, JsonSchema>): string[] {
  const defs = schemas['common.schema.json']?.['$defs'] as Record<string, JsonSchema> | undefined;
  const pattern = new RegExp(String(defs?.['languageTag']?.['pattern'] ?? '^[a-z]{2,3}(-[A-Z][a-z]{3})?$'));
  const tags = value.split(',').map((t) => t.trim()).filter(Boolean);
  const wrong = tags.find((t) => !pattern.test(t));
  if (tags.length === 0 || wrong !== undefined) throw new UsageError(`"${wrong ?? value}" is not a language tag such as en, uz, uz-Latn or fr (--lang en,uz for several).`);
  return [...new Set(tags)];
}


function inside(notes: string, target: string): boolean {
  const root = path.resolve(notes);
  return path.resolve(target).startsWith(root + path.sep);
}

function isKind(value: string): value is Kind {
  return (kinds as readonly string[]).includes(value);
}
