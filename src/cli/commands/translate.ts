import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { VFile } from 'vfile';
import writeFileAtomic from 'write-file-atomic';
import path from 'node:path';
import { formatDiagnostics } from '../../diagnostics/reporters/index.js';
import { runValidate } from '../../pipeline/index.js';
import { sourceSegments } from '../../pipeline/validate.js';
import { editionOf } from '../../translate/edition.js';
import { deriveEdition } from '../../translate/derive-edition.js';
import { exportUnits, factsOf, importUnits, type EditionText } from '../../translate/exchange.js';
import { editionSkeleton } from '../../translate/init.js';
import { formatSnapshot, snapshotOf, snapshotPath, type Snapshot } from '../../translate/snapshot.js';
import { readXliff, writeXliff } from '../../translate/xliff.js';
import { transliterateMarkdown } from '../../translate/uzbek-script.js';
import { formatStatus, translationStatus } from '../../translate/status.js';
import { UsageError, useColor, type Io } from '../io.js';
import { resolveScope } from '../scope.js';

const TAG = /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?$/;

/** `notes translate init NOTE --lang TAG`: write a new edition with the source text in place. */
export async function translateInit(note: string, options: { lang: string; notes: string }, io: Io): Promise<number> {
  if (!TAG.test(options.lang)) throw new UsageError(`"${options.lang}" is not a language tag such as uz-Latn, uz-Cyrl, ru or fr.`);
  await resolveScope(options.notes, [note]);
  const { project, validators, diagnostics } = await runValidate(options.notes);
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
    await writeFile(target, skeleton, { flag: 'wx' });
    await writeSnapshot(target, snapshotOf(segments));
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
export async function translateStatus(options: { notes: string; format: 'text' | 'json'; strict?: boolean }, io: Io): Promise<number> {
  await resolveScope(options.notes, []);
  const { project } = await runValidate(options.notes);
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
  options: { to: 'uz-Cyrl' | 'uz-Latn'; force?: boolean; stdin?: () => Promise<string> },
  io: Io,
): Promise<number> {
  if (file === '-') {
    const text = options.stdin ? await options.stdin() : await readStdin();
    io.stdout.write(transliterateMarkdown(text, options.to));
    return 0;
  }
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`${file} cannot be read (${error.code ?? 'error'}).`);
  });
  const from = options.to === 'uz-Cyrl' ? 'uz-Latn' : 'uz-Cyrl';
  const suffix = new RegExp(`\\.${from}\\.md$`);
  if (!suffix.test(file)) throw new UsageError(`${file} is not a ${from} edition (name.${from}.md): there is nothing to transliterate to ${options.to}.`);
  const target = file.replace(suffix, `.${options.to}.md`);
  const derived = deriveEdition(text, options.to);
  try {
    await writeFile(target, derived, { flag: options.force ? 'w' : 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      io.stderr.write(`${target} exists already and was left as it is: add --force to replace it.\n`);
      return 1;
    }
    throw error;
  }
  const snapshot = await readSnapshot(file);
  if (snapshot) await writeSnapshot(target, snapshot);
  io.stderr.write(`Wrote ${target}.\n`);
  return 0;
}

async function readSnapshot(edition: string): Promise<Snapshot | undefined> {
  try {
    return JSON.parse(await readFile(snapshotPath(edition), 'utf8')) as Snapshot;
  } catch {
    return undefined;
  }
}

async function writeSnapshot(edition: string, snapshot: Snapshot): Promise<void> {
  await mkdir(path.dirname(snapshotPath(edition)), { recursive: true });
  await writeFileAtomic(snapshotPath(edition), formatSnapshot(snapshot));
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Find the source note and (if any) the edition in `lang`, validated. */
async function noteAndEdition(note: string, lang: string, notes: string) {
  await resolveScope(notes, [note]);
  const run = await runValidate(notes);
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

async function withPrevious(text: EditionText | undefined, file: VFile | undefined): Promise<EditionText | undefined> {
  if (!text || !file) return text;
  const previous = await readSnapshot(file.path);
  return previous ? { ...text, previous } : text;
}

/** `notes translate export NOTE --lang TAG`: an XLIFF 1.2 file for CAT tools. */
export async function translateExport(note: string, options: { lang: string; notes: string; out?: string }, io: Io): Promise<number> {
  const { source, edition, collection, relative, validators, resources } = await noteAndEdition(note, options.lang, options.notes);
  const segments = sourceSegments(source, { validators });
  const translatable = new Set(segments.filter((s) => s.key.startsWith('fm.')).map((s) => s.key));
  const xliff = writeXliff(
    {
      original: relative,
      sourceLanguage: collection?.languages[0] ?? 'en',
      targetLanguage: options.lang,
      units: exportUnits(segments, factsOf(source.data.frontMatter ?? {}, translatable), await withPrevious(editionText(edition), edition)),
    },
    { name: 'notes', version: resources.version },
  );
  if (options.out) {
    await writeFile(options.out, xliff);
    io.stderr.write(`Wrote ${options.out}: ${segments.length} segments${edition ? ` (translations from ${edition.path})` : ''}.\n`);
  } else {
    io.stdout.write(xliff);
  }
  return 0;
}

/** `notes translate import FILE.xlf`: apply a CAT tool's translations to the edition. */
export async function translateImport(file: string, options: { notes: string }, io: Io): Promise<number> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`${file} cannot be read (${error.code ?? 'error'}).`);
  });
  let xliff;
  try {
    xliff = readXliff(text);
  } catch (error) {
    io.stderr.write(`${file}: ${(error as Error).message}.\n`);
    return 1;
  }
  const note = path.join(options.notes, ...xliff.original.split('/'));
  let { source, edition, validators } = await noteAndEdition(note, xliff.targetLanguage, options.notes);
  if (!edition) {
    const code = await translateInit(note, { lang: xliff.targetLanguage, notes: options.notes }, io);
    if (code !== 0) return code;
    ({ source, edition, validators } = await noteAndEdition(note, xliff.targetLanguage, options.notes));
  }
  const own = editionText(edition);
  if (!edition || !own) {
    io.stderr.write(`The ${xliff.targetLanguage} edition of ${note} has errors: run notes validate and fix them first.\n`);
    return 1;
  }
  const segments = sourceSegments(source, { validators });
  const result = importUnits(xliff, segments, own);
  for (const p of result.problems) io.stderr.write(`${file}: unit ${p.id} was not imported: ${p.reason}.\n`);
  if (result.changed.length > 0) {
    await writeFileAtomic(edition.path, result.text);
    // The imported units are now translated from the current source: keep that text.
    const snapshot = (await readSnapshot(edition.path)) ?? {};
    for (const s of segments) if (result.changed.includes(s.key)) snapshot[s.key] = s.text;
    await writeSnapshot(edition.path, snapshot);
  }
  io.stderr.write(`${edition.path}: ${result.changed.length} unit${result.changed.length === 1 ? '' : 's'} updated${result.problems.length ? `, ${result.problems.length} not imported` : ''}.\n`);
  return result.problems.length > 0 ? 1 : 0;
}
