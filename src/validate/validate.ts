import type { Root as MdastRoot } from 'mdast';
import type { VFile } from 'vfile';
import type { Point, Position } from 'unist';
import { hasErrors, report } from '../diagnostics/report.js';
import type { Collection, CollectionData, EditionData, NoteData, Project } from '../model/types.js';
import { kindNames, valueAt, type KindDefinition } from '../model/kind.js';
import { editionOf, mergeEdition, staleSegments } from '../translate/edition.js';
import { bodySegments, frontMatterSegments, type Segment } from '../translate/segments.js';
import { imagesOf } from './images.js';
import { checkBody, type FileLookup } from './check-body.js';
import { SESSION_HEADING, sessionHeading } from '../model/sessions.js';
import { checkScaffoldPlaceholders } from './check-placeholders.js';
import { checkProgramme } from './check-programme.js';
import { checkAcrossNotes, checkCollectionIds, checkDateOrder, checkDates, collectionOf, crossNotePlaces } from './check-project.js';
import { hashOf } from '../model/hash.js';
import { recordingFiles } from './file-lookup.js';
import { decodeLoosely, parseCollection, parseNote, type MarkdownParser } from '../parse/parse.js';
import { checkOutputNames } from '../model/names.js';
import { checkSchema, sentences, type Validators } from './schema.js';
import { placeOf } from '../parse/yaml-source.js';

declare module 'vfile' {
  interface DataMap {
    /** Safe corrections `notes validate --fix` may write: replace one character at an offset. */
    fixes: { index: number; expected: string }[];
    /** Places of the front-matter fields cross-note checks point at, when the YAML was not parsed (from the memo). */
    places: Record<string, Point | Position | null>;
    /** Local images and logos the note uses (relative to the notes folder), when known without its tree. */
    images: string[];
    /** Every file of the notes folder the note's links, images and logo point to (whether or not it exists). */
    links: string[];
  }
}

/** What validation needs, built once per run. */
export interface ValidateContext {
  parser: MarkdownParser;
  validators: Validators;
  /** Label files by language, for what headings look like in each (Session {n} …). */
  messages?: Readonly<Record<string, Record<string, string>>>;
  /** Keep each note's Markdown tree and YAML after validation (a build renders from them); default true. */
  keepTrees?: boolean;
  /**
   * How each note is validated: by default {@link plainStep}; the pipeline passes the memo's
   * step (cache/validate-step.ts), which restores an unchanged note instead of checking it again.
   */
  step?: NoteStep;
}

/** Validate one note: run `work` on it with the files it may look for, or restore what it would find. */
export type NoteStep = (file: VFile, dependsOn: readonly string[], work: (files: FileLookup) => void) => void;

/** Uzbek written in Latin script (uz-Latn, or plain uz, whose default script is Latin). */
function isUzbekLatin(lang: string | undefined): boolean {
  return lang === 'uz-Latn' || lang === 'uz';
}

/** The session-heading pattern of a language (English when it has no label file). */
function sessionPatternFor(context: ValidateContext, lang: string | undefined): RegExp {
  const label = lang ? context.messages?.[lang]?.['sessionNumber'] : undefined;
  return label ? sessionHeading(label) : SESSION_HEADING;
}

/**
 * Parse and validate every collection and note of a project, in place: valid front matter lands in
 * `file.data.note` / `collection.data`, every problem becomes a message on its file.
 */
export function validateProject(project: Project, context: ValidateContext): void {
  if (!collectionsChecked.has(project)) validateCollections(project, context);
  const sources = project.notes.filter((f) => !f.data.edition);
  const translated = translatedSources(project);
  const step = context.step ?? plainStep(project.files, context);
  for (const file of sources) {
    const env = sourceEnv(file, project, translated);
    step(file, env.dependsOn, (files) => checkSource(file, env, context, files));
  }
  for (const file of project.notes.filter((f) => f.data.edition)) {
    const env = editionEnv(file, project);
    step(file, env.dependsOn, (files) => checkEdition(file, env, context, files));
  }
  checkAcrossNotes(sources, project.collections, context.validators.definitions, context.messages?.['en']);
  // Notes whose output names differ only in case or normalisation would overwrite each other's pack.
  checkOutputNames(project);
}

const collectionsChecked = new WeakSet<Project>();

/** Parse and check every collection.yaml, and mark each note that is a language edition (by its name). */
export function validateCollections(project: Project, context: ValidateContext): void {
  collectionsChecked.add(project);
  for (const collection of project.collections) {
    const file = collection.file;
    if (hasErrors(file)) continue;
    parseCollection(file);
    const data = file.data.frontMatter;
    if (data && file.data.yaml && checkSchema(file, context.validators.collection, data, file.data.yaml)) {
      collection.data = data as unknown as CollectionData;
      checkDateOrder(file, collection.data.dates, ['dates']);
    }
  }
  checkCollectionIds(project.collections);
  for (const file of project.notes) {
    const edition = editionOf(file.data.relative ?? '');
    if (edition && !file.data.edition) file.data.edition = { ...edition, stale: [] };
  }
}

/** The source notes that have language editions, by path relative to the notes folder. */
export function translatedSources(project: Project): Set<string> {
  return new Set(project.notes.map((f) => f.data.edition?.source).filter((s): s is string => s !== undefined));
}

/** What checking a source note needs besides the note: its collection, whether it has editions, and what its result depends on. */
export interface SourceEnv {
  collection: Collection | undefined;
  hasEditions: boolean;
  dependsOn: string[];
}

/** The {@link SourceEnv} of a source note of `project`. */
export function sourceEnv(file: VFile, project: Project, translated: ReadonlySet<string>): SourceEnv {
  const collection = collectionOf(file.data.relative ?? '', project.collections);
  const hasEditions = translated.has(file.data.relative ?? '');
  return { collection, hasEditions, dependsOn: [collection ? `${collection.dir}\n${String(collection.file.value)}` : '', hasEditions ? 'translated' : ''] };
}

/** What checking a language edition needs besides the edition: its source, the source's collection, what its result depends on. */
export interface EditionEnv {
  source: VFile | undefined;
  collection: Collection | undefined;
  dependsOn: string[];
}

/** The {@link EditionEnv} of an edition of `project` (its source already validated). */
export function editionEnv(file: VFile, project: Project): EditionEnv {
  const source = project.notes.find((f) => f.data.relative === file.data.edition?.source);
  const collection = source ? project.collections.find((c) => c.data?.id === source.data.collection) : undefined;
  return { source, collection, dependsOn: [source ? source.data.memoKey ?? hashOf(String(source.value)) : ''] };
}

/** Check one source note (parse, schema, body), and keep its segments when it has editions. */
export function checkSource(file: VFile, env: Pick<SourceEnv, 'collection' | 'hasEditions'>, context: ValidateContext, files: FileLookup): void {
  validateNote(file, context, files, env.collection);
  if (env.hasEditions && file.data.note && file.data.tree) file.data.segments = sourceSegments(file, context);
}

/**
 * The plain way to validate one note: do the work, recording which files it looked for (its
 * links), then let go of what is no longer needed. The memo's step (cache/validate-step.ts)
 * restores a note instead when it can, and remembers what the work found.
 */
export function plainStep(files: ReadonlySet<string>, context: Pick<ValidateContext, 'keepTrees'>): NoteStep {
  return (file, _dependsOn, work) => {
    const lookup = recordingFiles(files);
    work(lookup);
    file.data.links = lookup.probes.map(([p]) => p);
    finish(file, context);
  };
}

/** After a note is checked: without keepTrees, let go of its tree and YAML (keeping what is still asked of them). */
export function finish(file: VFile, context: Pick<ValidateContext, 'keepTrees'>): void {
  if (context.keepTrees !== false) return;
  if (file.data.yaml) file.data.places = crossNotePlaces(file);
  if (file.data.tree) file.data.images = imagesOf(file);
  delete file.data.tree;
  delete file.data.yaml;
}

/**
 * Check one language edition against its source: its own front matter holds the `translation`
 * block and translated fields only; it is merged over its source's facts, and its recorded
 * segment hashes tell what changed.
 */
export function checkEdition(file: VFile, env: Pick<EditionEnv, 'source' | 'collection'>, context: ValidateContext, files: FileLookup): void {
  const edition = file.data.edition as EditionData;
  if (hasErrors(file)) return;
  parseNote(file, context.parser);
  const data = file.data.frontMatter;
  const yaml = file.data.yaml;
  if (!data || !yaml) return;
  const source = env.source;
  const sourceNote = source?.data.note;
  if (!source || !sourceNote) {
    report(
      file,
      'translation-source-missing',
      source
        ? `The source note ${source.path} has errors, so this ${edition.lang} edition cannot be checked: fix the source first.`
        : `This ${edition.lang} edition has no source note ${edition.source.split('/').pop()} beside it: name the file after its source, e.g. workshop-7.${edition.lang}.md.`,
      { line: 1, column: 1 },
    );
    return;
  }
  const info = data['translation'];
  if (info === undefined) {
    report(file, 'schema-required', 'The field `translation` is missing: a language edition records its source, language, status and segment hashes there (run `notes translate init`).', { line: 1, column: 1 });
    return;
  }
  if (!checkSchema(file, context.validators.translation, info, yaml, ['translation'])) return;
  const translation = info as { source: string; lang: string; status: EditionData['status']; segments: Record<string, string> };
  if (translation.lang !== edition.lang) {
    report(file, 'translation-fact', `The translation says lang ${translation.lang} but the file name says ${edition.lang}: make them the same.`, placeOf(yaml, ['translation', 'lang']));
    return;
  }
  edition.status = translation.status;
  const compiled = context.validators.kinds[sourceNote.kind];
  if (!compiled) return;
  const merged = mergeEdition(source.data.frontMatter ?? {}, data, compiled.schema, context.validators.schemas);
  for (const problem of merged.problems) {
    report(file, 'translation-fact', sentences(problem.message), placeOf(yaml, problem.path));
  }
  if (merged.problems.length > 0) return;
  file.data.note = merged.data as unknown as NoteData;
  if (source.data.collection) file.data.collection = source.data.collection;
  const collection = env.collection;
  if (collection?.data && !collection.data.languages.includes(edition.lang)) {
    report(file, 'translation-language', `${edition.lang} is not among the languages of ${collection.data.id} (${collection.data.languages.join(', ')}): add it to ${collection.file.path} to publish this edition.`, placeOf(yaml, ['translation', 'lang']));
  }
  edition.stale = staleSegments(sourceSegments(source, context), translation.segments).map((s) => ({ key: s.key, where: s.where }));
  if (edition.stale.length > 0) {
    const places = [...new Set(edition.stale.map((s) => s.where))];
    report(
      file,
      'translation-stale',
      `${edition.stale.length} segment${edition.stale.length === 1 ? '' : 's'} of ${source.path} changed since this edition was translated (${places.slice(0, 4).join('; ')}${places.length > 4 ? '; …' : ''}): see \`notes translate status\`.`,
      placeOf(yaml, ['translation', 'segments']) ?? { line: 1, column: 1 },
    );
  }
  checkBody(file, {
    files,
    // An edition has its source's sections, headed in its own language (kind.yaml's aliases).
    sections: compiled.sections,
    lang: edition.lang,
    sessionPatterns: [sessionPatternFor(context, edition.lang), sessionPatternFor(context, collection?.data?.languages[0])],
    uzbekLatin: isUzbekLatin(edition.lang),
    ...sessionsOf(file.data.note, compiled.definition),
  });
}

/** Every segment of a source note: translatable front-matter fields, then the body's blocks. */
export function sourceSegments(source: VFile, context: Pick<ValidateContext, 'validators'>): Segment[] {
  const note = source.data.note;
  const tree = source.data.tree;
  if (!note || !tree) return source.data.segments ?? [];
  const schema = context.validators.kinds[note.kind]?.schema ?? {};
  return [...frontMatterSegments(source.data.frontMatter, schema, context.validators.schemas), ...bodySegments(tree, String(source.value))];
}

function validateNote(file: VFile, context: ValidateContext, files: FileLookup, collection: Collection | undefined): void {
  if (hasErrors(file)) return;
  parseNote(file, context.parser);
  const data = file.data.frontMatter;
  const source = file.data.yaml;
  if (!data || !source) return;

  if (!collection) {
    report(file, 'collection-missing', `This note is in no collection: put it in a folder with a collection.yaml (see README).`, { line: 1, column: 1 });
  } else if (collection.data) {
    file.data.collection = collection.data.id;
  }

  const kind = data['kind'];
  const compiled = typeof kind === 'string' && Object.hasOwn(context.validators.kinds, kind) ? context.validators.kinds[kind] : undefined;
  if (!compiled) {
    const names = kindNames(context.validators.definitions);
    const place = placeOf(source, ['kind']) ?? { start: { line: 1, column: 1 }, end: { line: 1, column: 4 } };
    report(
      file,
      'kind-unknown',
      kind === undefined
        ? `The field \`kind\` is missing: add \`kind: ${names[0] ?? ''}\`${names.length > 1 ? ` (or ${names.slice(1).join(', ')})` : ''}.`
        : `${typeof kind === 'string' ? `"${kind}" is` : `The value of \`kind\` (${kind === null ? 'empty' : Array.isArray(kind) ? 'a list' : typeof kind === 'object' ? 'a set of fields' : String(kind)}) is`} not a kind of note: use one of ${names.join(', ')}.`,
      place,
    );
    return;
  }
  if (!checkSchema(file, compiled.validate, data, source)) return;
  const note = data as unknown as NoteData;
  file.data.note = note;
  checkDates(file, note, compiled.definition);
  checkProgramme(file, note, compiled.definition);
  const lang = collection?.data?.languages[0];
  checkBody(file, { files, sections: compiled.sections, ...(lang !== undefined && { lang }), sessionPatterns: [sessionPatternFor(context, lang)], uzbekLatin: isUzbekLatin(lang), ...sessionsOf(note, compiled.definition) });
  checkScaffoldPlaceholders(file, context.validators.definitions);
}

/** The sessions a note lists, for the body check, when its kind has a programme of sessions. */
function sessionsOf(note: NoteData | undefined, kind: KindDefinition): { sessions?: readonly { title: string }[] } {
  if (!kind.sessions || !note) return {};
  const sessions = valueAt(note, kind.sessions.field);
  return { sessions: Array.isArray(sessions) ? (sessions as { title: string }[]) : [] };
}
