import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LoadedConfig } from '../../config/load.js';
import { kindNames, type KindDefinition } from '../../model/kind.js';
import { runValidate } from '../../pipeline/index.js';
import type { JsonSchema } from '../../validate/schema.js';
import { KindTemplateError, newNote, PLACEHOLDER_EMAIL } from '../../scaffold/new-note.js';
import { chooseCollection, fileNameFor, nextFree, today, usedNumbers, type ExistingNote, type ScaffoldCollection } from '../../scaffold/plan.js';
import { UsageError, type Io } from '../io.js';
import { resolveScope } from '../scope.js';
import { resourcesFor } from '../theme.js';

/** Options of `notes new`. */
export interface NewOptions {
  notes: string;
  forum?: string;
  /** The note's number, for a kind that numbers its notes (a workshop's). */
  workshop?: number;
  /** Comma-separated language tags: the languages of the note, for a kind with a `languages` field. */
  lang?: string;
  out?: string;
  title?: string;
  /** The config read: its kinds of note can be written too. */
  config?: LoadedConfig | undefined;
}

/**
 * `notes new KIND`: write a new note of KIND (a built-in kind or the project's) that validates as
 * it is, into its collection's folder (or `--out`), never over an existing file. Returns 0, or 1
 * when the file exists already.
 */
export async function newCommand(name: string, options: NewOptions, io: Io): Promise<number> {
  const resources = await resourcesFor(options.config);
  const kind = Object.hasOwn(resources.kinds, name) ? resources.kinds[name] : undefined;
  if (!kind) throw new UsageError(`"${name}" is not a kind of note: use one of ${kindNames(resources.kinds).join(', ')}.`);
  const schema = resources.schemas[`${kind.name}.schema.json`] as JsonSchema;
  const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
  if (options.workshop !== undefined && !kind.number) throw new UsageError(`--workshop gives the number of a note that has one: a note of kind ${kind.name} has none.`);
  if (options.lang !== undefined && !('languages' in properties)) throw new UsageError(`--lang gives the languages of a note that has them: a note of kind ${kind.name} has no languages field.`);
  if (options.title !== undefined && !/\S/.test(options.title)) throw new UsageError('--title is empty: give the title, e.g. --title "Digital Government for All".');
  await resolveScope(options.notes, []);
  const { project } = await runValidate(options.notes, [], resources);

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

  const number = kind.number ? chooseNumber(options.workshop, usedNumbers(existing, collection.data.id, kind.name, kind.number.field), collection.data.id, kind.number.field, maximumOf(schema, kind.number.field)) : undefined;
  const languages = options.lang === undefined ? undefined : languageTags(options.lang, resources.schemas);

  let text: string;
  try {
    text = newNote(
      {
        collection: collection.data,
        ...(number !== undefined && { number }),
        ...(languages && { languages }),
        ...(options.title !== undefined && { title: options.title.trim() }),
        today: today(io.env),
        sessionLabel: resources.messages[collection.data.languages[0] ?? 'en']?.['sessionNumber'] ?? 'Session {n}',
      },
      kind,
    );
  } catch (error) {
    if (error instanceof KindTemplateError) throw new UsageError(error.message);
    throw error;
  }
  const folder = path.join(options.notes, ...collection.dir.split('/'));
  const target = options.out ?? path.join(folder, fileNameFor(kind, { ...(number !== undefined && { number }), ...(options.title !== undefined && { title: options.title }) }));
  try {
    // 'wx': created only if nothing is there, so a file (or link) that appears meanwhile is never replaced.
    await writeFile(target, text, { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      io.stderr.write(`${target} exists already and was left as it is: choose another name with --out${otherName(kind)}.\n`);
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

/** The other way to a free file name: another --title for a kind that names files after it, else another number. */
function otherName(kind: KindDefinition): string {
  if (kind.new.fileFromTitle) return ' or another --title';
  return kind.number && kind.new.file.includes('{n}') ? ' or another number with --workshop' : '';
}

/** The schema's maximum of a top-level or nested whole-number field, if it has one. */
function maximumOf(schema: JsonSchema, field: string): number | undefined {
  let at: JsonSchema | undefined = schema;
  for (const key of field.split('.')) at = (at?.['properties'] as Record<string, JsonSchema> | undefined)?.[key];
  const max = at?.['maximum'];
  return typeof max === 'number' ? max : undefined;
}

/**
 * The number of the new note: `wanted` (--workshop) when it is free, else the next free one of
 * its collection. `max` is the schema's maximum; without one, --workshop goes to 999 and the
 * next free number has no limit.
 */
function chooseNumber(wanted: number | undefined, used: Map<number, string>, collection: string, field: string, max: number | undefined): number {
  const next = nextFree(used.keys(), max ?? Number.MAX_SAFE_INTEGER);
  const name = field.split('.').at(-1) ?? field;
  const Name = name.charAt(0).toUpperCase() + name.slice(1);
  if (wanted === undefined) {
    if (next === undefined) throw new UsageError(`Every ${name} number of ${collection}, 1 to ${max ?? Number.MAX_SAFE_INTEGER}, is in use.`);
    return next;
  }
  if (wanted > (max ?? 999)) throw new UsageError(`--workshop ${wanted} is too high: ${name} numbers go from 1 to ${max ?? 999}.`);
  const taken = used.get(wanted);
  if (taken !== undefined) {
    throw new UsageError(`${Name} ${wanted} of ${collection} is already ${taken}: choose another number${next === undefined ? '' : ` (the next free one is ${next})`} or leave out --workshop.`);
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
