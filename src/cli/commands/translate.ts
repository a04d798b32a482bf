import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatDiagnostics } from '../../diagnostics/reporters/index.js';
import { runValidate } from '../../pipeline/index.js';
import { sourceSegments } from '../../pipeline/validate.js';
import { editionOf } from '../../translate/edition.js';
import { deriveEdition } from '../../translate/derive-edition.js';
import { editionSkeleton } from '../../translate/init.js';
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
  const skeleton = editionSkeleton({ sourceName: path.basename(note), lang: options.lang, segments: sourceSegments(source, { validators }), body });
  try {
    await writeFile(target, skeleton, { flag: 'wx' });
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
  io.stderr.write(`Wrote ${target}.\n`);
  return 0;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
