import { lstat, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadResources } from '../../load/resources.js';
import { forumIdFor, FORUM_ID_MAX, initKind, INIT_FILES, isForumId, planInit, type InitFile, type InitPlanFile } from '../../scaffold/init.js';
import { today } from '../../scaffold/plan.js';
import { UsageError, type Io } from '../io.js';

/** Options of `notes init`. */
export interface InitCommandOptions {
  forum?: string;
  name?: string;
  /** Comma-separated names of the files to add (config, collection, note, gitignore, workflow). */
  only?: string;
}

/** How many of a non-empty folder's entries a message names. */
const SHOWN = 8;

/**
 * `notes init [dir]`: start a project in `dir` (default: the current folder), created if missing.
 * Writes only into an empty folder, unless `--only` names the files to add. Never replaces
 * anything and never writes through a symbolic link: every target is checked before any is
 * written, and when one is in the way nothing is written (exit 1). Returns 0 or 1.
 */
export async function initCommand(dir: string | undefined, options: InitCommandOptions, io: Io): Promise<number> {
  const target = dir ?? '.';
  if (options.forum !== undefined && !isForumId(options.forum)) {
    throw new UsageError(`"${options.forum}" is not a forum id: use lower-case letters, digits and dashes, at most ${FORUM_ID_MAX} characters, starting with a letter or digit (e.g. unpsf-2026).`);
  }
  if (options.name !== undefined && !/\S/.test(options.name)) throw new UsageError('--name is empty: give the forum\'s name, e.g. --name "2026 United Nations Public Service Forum".');
  const only = options.only === undefined ? undefined : parseOnly(options.only);

  const stats = await lstat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (stats && !stats.isDirectory() && !(stats.isSymbolicLink() && (await isDirectory(target)))) {
    throw new UsageError(`${target} is not a folder: name a folder to start the project in (it is created if missing).`);
  }
  if (!stats) await mkdir(target, { recursive: true });
  const entries = (await readdir(target)).sort();
  if (entries.length > 0 && only === undefined) {
    const shown = entries.slice(0, SHOWN).join(', ') + (entries.length > SHOWN ? `, and ${entries.length - SHOWN} more` : '');
    throw new UsageError(
      `${target} is not empty (it holds ${shown}): notes init starts a project only in an empty folder, and never replaces a file. ` +
        `To add some of its files here, name them with --only, e.g. --only gitignore,workflow (the files: ${INIT_FILES.join(', ')}).`,
    );
  }

  // The package's own kinds: a project that does not exist yet has none of its own.
  const resources = await loadResources();
  const kind = initKind(resources.kinds);
  if (!kind) throw new Error('No kind of note of notes says new.init: notes init has no sample note to write.');
  const en = resources.messages['en'] ?? {};
  const forum = options.forum ?? forumIdFor(path.basename(path.resolve(target)));
  const plan = planInit({
    forum,
    ...(options.name !== undefined && { name: options.name.trim() }),
    today: today(io.env),
    kind,
    ...(en['sessionNumber'] !== undefined && { sessionLabel: en['sessionNumber'] }),
  });
  const files = plan.files.filter((f) => only === undefined || only.includes(f.key));

  // Every target first: nothing is written when one of them is in the way.
  const blocked: string[] = [];
  for (const file of files) {
    const problem = await obstacle(target, file);
    if (problem) blocked.push(problem);
  }
  if (blocked.length > 0) {
    for (const problem of blocked) io.stderr.write(`${problem}\n`);
    io.stderr.write(`Nothing was written: leave ${blocked.length === 1 ? 'it' : 'them'} out of --only (${INIT_FILES.join(', ')}).\n`);
    return 1;
  }

  let skipped = 0;
  for (const file of files) {
    const shown = path.join(target, ...file.path.split('/'));
    try {
      await makeFolders(target, file.path);
      // 'wx': created only if nothing is there, so a file or link that appears meanwhile is never replaced or followed.
      await writeFile(shown, file.content, { flag: 'wx' });
      io.stderr.write(`Wrote ${shown}\n`);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST' && !(error instanceof InTheWay)) throw error;
      io.stderr.write(error instanceof InTheWay ? `${error.message}\n` : `${shown} exists already and was left as it is.\n`);
      skipped++;
    }
  }

  const notes = plan.files.filter((f) => (f.key === 'collection' || f.key === 'note') && files.includes(f)).map((f) => path.join(target, ...f.path.split('/')));
  const lines = ['', 'Next:'];
  if (path.resolve(target) !== path.resolve('.')) lines.push(`  cd ${target}`);
  const collection = notes.find((n) => n.endsWith('collection.yaml'));
  const note = notes.find((n) => n.endsWith('.md'));
  if (collection) lines.push(`  replace each "Name of …" and the dates in ${path.relative(target, collection)}`);
  if (note) lines.push(`  write your first workshop over the sample in ${path.relative(target, note)} (a draft: remove draft: true when it is final)`);
  lines.push('  notes validate     check every note', '  notes build        HTML and PDF of every note into output/', '  notes preview      see the notes in the browser, rebuilt as you write');
  io.stderr.write(`${lines.join('\n')}\n`);
  return skipped > 0 ? 1 : 0;
}

/** `gitignore, workflow` → ['gitignore', 'workflow'], each one of {@link INIT_FILES}. */
function parseOnly(value: string): InitFile[] {
  const names = value.split(',').map((n) => n.trim()).filter(Boolean);
  const wrong = names.find((n) => !(INIT_FILES as readonly string[]).includes(n));
  if (names.length === 0 || wrong !== undefined) {
    throw new UsageError(`${wrong === undefined ? '--only names no file' : `"${wrong}" is not a file notes init writes`}: use --only with some of ${INIT_FILES.join(', ')}, comma-separated.`);
  }
  return [...new Set(names)] as InitFile[];
}

/** A problem found before writing, or while making a file's folders. */
class InTheWay extends Error {}

/** Why `file` cannot be written inside `root`: a folder on the way that is a link or a file, or the file itself existing. */
async function obstacle(root: string, file: InitPlanFile): Promise<string | undefined> {
  const parts = file.path.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const shown = path.join(root, ...parts.slice(0, i));
    const stats = await lstat(shown).catch(() => undefined);
    if (!stats) return undefined;
    if (i === parts.length) {
      return stats.isSymbolicLink() ? `${shown} is a symbolic link: it was left as it is, and nothing is written through it.` : `${shown} exists already and was left as it is.`;
    }
    if (stats.isSymbolicLink()) return `${shown} is a symbolic link: nothing is written through it (${file.path} would be).`;
    if (!stats.isDirectory()) return `${shown} is not a folder, so ${file.path} cannot be written.`;
  }
  return undefined;
}

/** Make the folders of `rel` inside `root` one by one, refusing any that is (or becomes) a link. */
async function makeFolders(root: string, rel: string): Promise<void> {
  const parts = rel.split('/').slice(0, -1);
  for (let i = 1; i <= parts.length; i++) {
    const folder = path.join(root, ...parts.slice(0, i));
    await mkdir(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    const stats = await lstat(folder);
    if (!stats.isDirectory()) throw new InTheWay(`${folder} is ${stats.isSymbolicLink() ? 'a symbolic link' : 'not a folder'}: nothing is written through it, so ${path.join(root, ...rel.split('/'))} was not written.`);
  }
}

async function isDirectory(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined))?.isDirectory() ?? false;
}

