import type { LoadedConfig } from '../../config/load.js';
import { resourcesFor } from '../theme.js';
import type { VFile } from 'vfile';
import path from 'node:path';
import { formatDiagnostics } from '../../diagnostics/reporters/index.js';
import { runValidate } from '../../pipeline/index.js';
import { LIMITS } from '../../parse/limits.js';
import { assertNoLinks, discardPending, FileTooLarge, readInside, readNoFollow, UnsafePath, writeInside } from '../../write/safe-fs.js';
import { sourceSegments } from '../../validate/validate.js';
import { editionOf } from '../../translate/edition.js';
import { deriveEdition } from '../../translate/derive-edition.js';
import { exportUnits, factsOf, importUnits, type EditionText } from '../../translate/exchange.js';
import { editionSkeleton } from '../../translate/init.js';
import { formatSnapshot, snapshotOf, snapshotPath, type Snapshot } from '../../translate/snapshot.js';
import { fileProblems, readXliff, writeXliff, XLIFF_LIMIT_BYTES, type FileProblem } from '../../translate/xliff.js';
import { transliterateMarkdown } from '../../translate/uzbek-script.js';
import { formatStatus, translationStatus } from '../../translate/status.js';
import { onCleanup } from '../cleanup.js';
import { UsageError, useColor, type Io } from '../io.js';
import { resolveScope } from '../scope.js';

// Every file these commands read or write in the notes folder goes through safe-fs: no link is
// followed (a link planted there could lead outside), every path written is checked before the
// first write, and each file is written whole (a temporary file renamed into place).

/**
 * Run a translate command: a link or a special file met on the way is refused with one line and
 * exit 1 (nothing was written), and an interrupted write leaves no temporary file behind.
 */
async function guarded(io: Io, command: () => Promise<number>): Promise<number> {
  const unregister = onCleanup(discardPending);
  try {
    return await command();
  } catch (error) {
    if (error instanceof UnsafePath) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    unregister();
  }
}

const TAG = /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?$/;

/** `notes translate init NOTE --lang TAG`: write a new edition with the source text in place. */
export async function translateInit(note: string, options: { lang: string; notes: string; config?: LoadedConfig | undefined }, io: Io): Promise<number> {
  return guarded(io, () => initEdition(note, options, io));
}

async function initEdition(note: string, options: { lang: string; notes: string; config?: LoadedConfig | undefined }, io: Io): Promise<number> {
  if (!TAG.test(options.lang)) throw new UsageError(`"${options.lang}" is not a language tag such as uz-Latn, uz-Cyrl, ru or fr.`);
  await resolveScope(options.notes, [note]);
  const { project, validators, diagnostics } = await runValidate(options.notes, [], await resourcesFor(options.config));
  const relative = path.relative(path.resolve(options.notes), path.resolve(note)).split(path.sep).join('/');
  if (editionOf(relative)) throw new UsageError(`${note} is itself a language edition: name its source note.`);
  const source = project.notes.find((f) => f.data.relative === relative);
  if (!source?.data.note) {
    io.stderr.write(formatDiagnostics('text', diagnostics.filter((d) => d.file === source?.path), useColor(io, io.stderr)));
    io.stderr.write(`${note} is not a valid note: fix it before translating it.\n`);
    return 1;
  }
  const collection = project.collections.find((c) => c.data?.id === source.data.collection)?.data;
  if (collection?.languages[0] === options.lang) throw new UsageError(`${note} is written in ${options.lang} already.`);
  const target = path.join(path.dirname(note), `${path.basename(note, '.md')}.${options.lang}.md`);
  const text = String(source.value);
  const body = text.replace(/^---\r?\n[\s\S]*?\r?\n---[ \t]*(\r?\n|$)/, '');
  const segments = sourceSegments(source, { validators });
  const skeleton = editionSkeleton({ sourceName: path.basename(note), lang: options.lang, segments, body });
  try {
    await assertWritable(options.notes, [target, snapshotPath(target)]);
    await writeInside(options.notes, target, skeleton, { exclusive: true });
    await writeSnapshot(options.notes, target, snapshotOf(segments));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      io.stderr.write(`${target} exists already: it was left as it is. Delete it first to start again.\n`);
      return 1;
    }
    throw error;
  }
  io.stderr.write(`Wrote ${target}: translate its fields and body; set translation.status to translated when done.\n`);
  if (collection && !collection.languages.includes(options.lang)) {
    io.stderr.write(`Note: ${options.lang} is not among the languages of ${collection.id}; add it there to publish this edition.\n`);
  }
  return 0;
}

/** `notes translate status`: every note × language: missing, draft, stale (what changed) or up to date. */
export async function translateStatus(options: { notes: string; format: 'text' | 'json'; strict?: boolean; config?: LoadedConfig | undefined }, io: Io): Promise<number> {
  await resolveScope(options.notes, []);
  const { project } = await runValidate(options.notes, [], await resourcesFor(options.config));
  const rows = translationStatus(project);
  io.stdout.write(options.format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : formatStatus(rows));
  return options.strict === true && rows.some((r) => r.state === 'missing' || r.state === 'stale') ? 1 : 0;
}

/**
 * `notes translate transliterate FILE --to uz-Cyrl|uz-Latn`: write the Uzbek edition in the other
 * script beside FILE (`-` reads standard input and writes standard output).
 */
export async function translateTransliterate(
  file: string,
  options: { to: 'uz-Cyrl' | 'uz-Latn'; force?: boolean; notes?: string; stdin?: () => Promise<string> },
  io: Io,
): Promise<number> {
  if (file === '-') {
    const text = options.stdin ? await options.stdin() : await readStdin();
    io.stdout.write(transliterateMarkdown(text, options.to));
    return 0;
  }
  return guarded(io, () => transliterateFile(file, options, io));
}

async function transliterateFile(file: string, options: { to: 'uz-Cyrl' | 'uz-Latn'; force?: boolean; notes?: string }, io: Io): Promise<number> {
  const from = options.to === 'uz-Cyrl' ? 'uz-Latn' : 'uz-Cyrl';
  const suffix = new RegExp(`\\.${from}\\.md$`);
  if (!suffix.test(file)) throw new UsageError(`${file} is not a ${from} edition (name.${from}.md): there is nothing to transliterate to ${options.to}.`);
  const target = file.replace(suffix, `.${options.to}.md`);
  // Inside the notes folder every folder on the way is checked; a file elsewhere is the user's own, and only its folder is.
  const notes = options.notes ?? 'notes';
  const root = isInside(notes, file) ? notes : path.dirname(file);
  await assertNoLinks(root, file);
  await assertWritable(root, [target, snapshotPath(target)]);
  const text = await readInside(root, file, { maxBytes: LIMITS.fileBytes }).then(
    (bytes) => bytes.toString('utf8'),
    (error: NodeJS.ErrnoException) => {
      if (error instanceof UnsafePath) throw error;
      if (error instanceof FileTooLarge) throw new UsageError(`${error.message}: an edition is a note, and a note is at most that size.`);
      throw new UsageError(`${file} cannot be read (${error.code ?? 'error'}).`);
    },
  );
  const derived = deriveEdition(text, options.to);
  const snapshot = await readSnapshot(root, file);
  try {
    await writeInside(root, target, derived, { exclusive: options.force !== true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      io.stderr.write(`${target} exists already and was left as it is: add --force to replace it.\n`);
      return 1;
    }
    throw error;
  }
  if (snapshot) await writeSnapshot(root, target, snapshot);
  io.stderr.write(`Wrote ${target}.\n`);
  return 0;
}

/** The most a snapshot is read: the texts of one note's segments, with room for JSON's escapes. */
const SNAPSHOT_LIMIT_BYTES = 16 * LIMITS.fileBytes;

/** The snapshot of an edition, if it has one that can be read; a link there is refused ({@link UnsafePath}). */
async function readSnapshot(root: string, edition: string): Promise<Snapshot | undefined> {
  try {
    const value = JSON.parse((await readInside(root, snapshotPath(edition), { maxBytes: SNAPSHOT_LIMIT_BYTES })).toString('utf8')) as unknown;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'string')) as Snapshot;
  } catch (error) {
    if (error instanceof UnsafePath) throw error;
    return undefined;
  }
}

async function writeSnapshot(root: string, edition: string, snapshot: Snapshot): Promise<void> {
  await writeInside(root, snapshotPath(edition), formatSnapshot(snapshot));
}

/** Refuse, before anything is written, a path to write that is a link or lies in a linked folder. */
async function assertWritable(root: string, files: readonly string[]): Promise<void> {
  for (const file of files) await assertNoLinks(root, file);
}

/** Whether `file` is below `dir`, by the paths as named. */
function isInside(dir: string, file: string): boolean {
  const rel = path.relative(path.resolve(dir), path.resolve(file));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Text from a file, safe to print: its control characters shown as escapes, never sent to the terminal. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Find the source note and (if any) the edition in `lang`, validated. */
async function noteAndEdition(note: string, lang: string, notes: string, config: LoadedConfig | undefined) {
  await resolveScope(notes, [note]);
  const run = await runValidate(notes, [], await resourcesFor(config));
  const relative = path.relative(path.resolve(notes), path.resolve(note)).split(path.sep).join('/');
  const source = run.project.notes.find((f) => f.data.relative === relative && !f.data.edition);
  if (!source?.data.note) throw new UsageError(`${note} is not a valid source note: run notes validate.`);
  const edition = run.project.notes.find((f) => f.data.edition?.source === relative && f.data.edition.lang === lang);
  const collection = run.project.collections.find((c) => c.data?.id === source.data.collection)?.data;
  return { ...run, source, edition, collection, relative };
}

function editionText(file: VFile | undefined): EditionText | undefined {
  if (!file?.data.tree || !file.data.frontMatter) return undefined;
  return {
    text: String(file.value),
    frontMatter: file.data.frontMatter,
    tree: file.data.tree,
    stale: (file.data.edition?.stale ?? []).map((s) => s.key),
    ...(file.data.edition?.status && { status: file.data.edition.status }),
  };
}

/** An edition's file, by its path in the notes folder (a VFile's path is shown relative to the current folder). */
function editionFile(notes: string, file: VFile): string {
  return file.data.relative === undefined ? file.path : path.join(path.resolve(notes), ...file.data.relative.split('/'));
}

async function withPrevious(notes: string, text: EditionText | undefined, file: VFile | undefined): Promise<EditionText | undefined> {
  if (!text || !file) return text;
  const previous = await readSnapshot(notes, editionFile(notes, file));
  return previous ? { ...text, previous } : text;
}

/** `notes translate export NOTE --lang TAG`: an XLIFF 1.2 file for CAT tools. */
export async function translateExport(note: string, options: { lang: string; notes: string; out?: string; config?: LoadedConfig | undefined }, io: Io): Promise<number> {
  return guarded(io, () => exportNote(note, options, io));
}

async function exportNote(note: string, options: { lang: string; notes: string; out?: string; config?: LoadedConfig | undefined }, io: Io): Promise<number> {
  const { source, edition, collection, relative, validators, resources } = await noteAndEdition(note, options.lang, options.notes, options.config);
  const segments = sourceSegments(source, { validators });
  const translatable = new Set(segments.filter((s) => s.key.startsWith('fm.')).map((s) => s.key));
  const xliff = writeXliff(
    {
      original: relative,
      sourceLanguage: collection?.languages[0] ?? 'en',
      targetLanguage: options.lang,
      units: exportUnits(segments, factsOf(source.data.frontMatter ?? {}, translatable), await withPrevious(options.notes, editionText(edition), edition)),
    },
    { name: 'notes', version: resources.version },
  );
  if (options.out) {
    // --out is the user's path; inside the notes folder, it is held to the notes' rules.
    const inNotes = isInside(options.notes, options.out);
    if (inNotes) await assertNoLinks(options.notes, options.out);
    await writeInside(inNotes ? options.notes : path.dirname(options.out), options.out, xliff).catch((error: NodeJS.ErrnoException) => {
      if (error instanceof UnsafePath) throw error;
      throw new UsageError(`--out ${options.out} could not be written (${error.code ?? 'error'}).`);
    });
    io.stderr.write(`Wrote ${options.out}: ${segments.length} segments${edition ? ` (translations from ${edition.path})` : ''}.\n`);
  } else {
    io.stdout.write(xliff);
  }
  return 0;
}

/** `notes translate import FILE.xlf`: apply a CAT tool's translations to the edition. */
export async function translateImport(file: string, options: { notes: string; config?: LoadedConfig | undefined }, io: Io): Promise<number> {
  return guarded(io, () => importFile(file, options, io));
}

/** How many of a refused file's problems are listed; the rest are counted. */
const LISTED = 20;

async function importFile(file: string, options: { notes: string; config?: LoadedConfig | undefined }, io: Io): Promise<number> {
  // The file is the user's argument (it may be anywhere, through links): only its kind and size are checked.
  const text = await readNoFollow(file, { follow: true, maxBytes: XLIFF_LIMIT_BYTES }).then(
    (bytes) => bytes.toString('utf8'),
    (error: NodeJS.ErrnoException) => {
      if (error instanceof FileTooLarge) throw new UsageError(`${error.message}: the XLIFF of one note is well under 1 MB (the largest sample note's is 26 KB). Check that this is the file exported for one note.`);
      if (error instanceof UnsafePath) throw new UsageError(error.message);
      throw new UsageError(`${file} cannot be read (${error.code ?? 'error'}).`);
    },
  );
  let xliff;
  try {
    xliff = readXliff(text);
  } catch (error) {
    io.stderr.write(`${file}: ${printable((error as Error).message)}.\n`);
    return 1;
  }
  const note = path.join(options.notes, ...xliff.original.split('/'));
  let { source, edition, collection, validators } = await noteAndEdition(note, xliff.targetLanguage, options.notes, options.config);
  const segments = sourceSegments(source, { validators });
  // The whole file is checked before anything is written: it is imported whole or not at all.
  const sourceLanguage = collection?.languages[0];
  if (sourceLanguage !== undefined && xliff.sourceLanguage !== '' && xliff.sourceLanguage !== sourceLanguage) {
    io.stderr.write(`${file}: translates from ${printable(xliff.sourceLanguage)}, but ${printable(note)} is written in ${sourceLanguage}: nothing was imported. Export the note again.\n`);
    return 1;
  }
  const refused = fileProblems(xliff, segments);
  if (refused.length > 0) {
    io.stderr.write(refusal(file, refused));
    return 1;
  }
  if (!edition) {
    const code = await initEdition(note, { lang: xliff.targetLanguage, notes: options.notes, config: options.config }, io);
    if (code !== 0) return code;
    ({ source, edition, validators } = await noteAndEdition(note, xliff.targetLanguage, options.notes, options.config));
  }
  const own = editionText(edition);
  if (!edition || !own) {
    io.stderr.write(`The ${xliff.targetLanguage} edition of ${note} has errors: run notes validate and fix them first.\n`);
    return 1;
  }
  const target = editionFile(options.notes, edition);
  await assertWritable(options.notes, [target, snapshotPath(target)]);
  const result = importUnits(xliff, sourceSegments(source, { validators }), own);
  for (const p of result.problems) io.stderr.write(`${file}: unit ${p.id} was not imported: ${p.reason}.\n`);
  if (result.changed.length > 0) {
    // Read before the first write: a snapshot that cannot be read stops the import before it changes anything.
    const snapshot = (await readSnapshot(options.notes, target)) ?? {};
    await writeInside(options.notes, target, result.text);
    // The imported units are now translated from the current source: keep that text.
    for (const s of segments) if (result.changed.includes(s.key)) snapshot[s.key] = s.text;
    await writeSnapshot(options.notes, target, snapshot);
  }
  io.stderr.write(`${edition.path}: ${result.changed.length} unit${result.changed.length === 1 ? '' : 's'} updated${result.problems.length ? `, ${result.problems.length} not imported` : ''}.\n`);
  return result.problems.length > 0 ? 1 : 0;
}

/** Why a file was refused whole: each unit with its lines, the first {@link LISTED} of them. */
function refusal(file: string, problems: readonly FileProblem[]): string {
  const lines = problems.slice(0, LISTED).map((p) => {
    const at = p.lines.length === 0 ? '' : ` (line${p.lines.length === 1 ? '' : 's'} ${p.lines.slice(0, 5).join(', ')}${p.lines.length > 5 ? `, … ${p.lines.length - 5} more` : ''})`;
    return `${file}: unit ${printable(p.id)}${at} ${p.reason}.\n`;
  });
  const more = problems.length > LISTED ? `${file}: … and ${problems.length - LISTED} more problems.\n` : '';
  return `${lines.join('')}${more}${file}: nothing was imported: fix the file (or export the note again) and import it again.\n`;
}
