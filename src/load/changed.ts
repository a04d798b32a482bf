import { execFile } from 'node:child_process';
import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Why the changed files could not be listed (no git, not a repository, an unknown ref): a usage error. */
export class ChangedSinceError extends Error {}

/** The repository git is told to use: its work tree's top folder and its `.git` (a folder, or a file naming one). */
export interface Repository {
  top: string;
  gitDir: string;
}

/**
 * The repository whose work tree holds `folder` (a real path): the nearest `.git` entry at or
 * above it, found by walking up ourselves. Git's own discovery is never used, because it takes
 * any folder holding `HEAD`, `objects/` and `refs/` for a bare repository, and those are plain
 * files anyone can commit into the notes folder (or a folder between it and the top): its
 * `config` would then run commands (`core.fsmonitor`, filters). A `.git` entry itself cannot come
 * from a commit (git refuses the name), so one at or above the notes folder is the checkout's own;
 * one in a subfolder of the notes folder is never looked at.
 */
export async function findRepository(folder: string): Promise<Repository | undefined> {
  for (let dir = folder; ; dir = path.dirname(dir)) {
    const info = await lstat(path.join(dir, '.git')).catch(() => undefined);
    if (info?.isDirectory() || info?.isFile() || info?.isSymbolicLink()) return { top: dir, gitDir: path.join(dir, '.git') };
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Options given to every git command, so that no configuration makes it start another program: no
 * fsmonitor, hooks or pager (and, on the diff command itself, no external diff, textconv or submodule).
 */
const HARDENED = ['--no-pager', '-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '-c', 'submodule.recurse=false'];

/**
 * The environment git runs in: this process's, without any `GIT_*` variable (`GIT_DIR`,
 * `GIT_WORK_TREE`, `GIT_CONFIG_*`, `GIT_EXEC_PATH`…) that could point it elsewhere; the repository
 * is given on the command line instead. GIT_OPTIONAL_LOCKS=0: a check never rewrites the index.
 */
export function gitEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) if (!/^GIT_/i.test(key)) clean[key] = value;
  return { ...clean, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' };
}

/**
 * The files of the notes folder that differ between `ref` and the working tree: changed in commits
 * since, staged, unstaged, deleted, and new files git does not ignore. Paths are relative to the notes
 * folder and `/`-separated, like `file.data.relative`. Git runs without a shell, with the repository
 * and work tree named explicitly (see {@link findRepository}) and hardened options, so nothing
 * planted in the notes folder configures it; a repository nested inside the notes folder is never used.
 */
export async function changedSince(notes: string, ref: string): Promise<string[]> {
  // A ref that starts with "-" would be read by git as an option.
  if (ref === '' || ref.startsWith('-')) throw new ChangedSinceError(`--changed-since "${ref}" is not a git ref: give a branch, tag or commit, e.g. origin/main.`);
  const root = await realpath(path.resolve(notes)).catch(() => path.resolve(notes));
  const repository = await findRepository(root);
  if (!repository) throw new ChangedSinceError(`--changed-since ${ref} needs a git repository, but the notes folder ${notes} is not in one (no .git in it or in any folder above it).`);
  const { top } = repository;
  const commit = (
    await git(repository, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], () =>
      `--changed-since ${ref}: there is no commit "${ref}" in the repository ${top}. Check the name, or fetch it first (in GitHub Actions: actions/checkout with fetch-depth: 0).`,
    )
  ).trim();
  // From the top folder, both list paths relative to it (whatever diff.relative says).
  const fail = (detail: string): string => `--changed-since ${ref}: git could not list the changed files${detail}.`;
  const changed = await git(repository, ['diff', '--name-only', '--no-renames', '--no-ext-diff', '--no-textconv', '--ignore-submodules=all', '-z', commit, '--'], fail);
  const untracked = await git(repository, ['ls-files', '--others', '--exclude-standard', '-z'], fail);

  const paths = new Set<string>();
  for (const name of [...changed.split('\0'), ...untracked.split('\0')]) {
    if (name === '') continue;
    const relative = path.relative(root, path.join(top, ...name.split('/')));
    if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) continue;
    paths.add(relative.split(path.sep).join('/'));
  }
  return [...paths].sort();
}

/** Run git on `repository` (from its top folder); on failure, throw a ChangedSinceError with `explain(git's own first line)`. */
async function git(repository: Repository, args: string[], explain: (detail: string) => string): Promise<string> {
  const explicit = [`--git-dir=${repository.gitDir}`, `--work-tree=${repository.top}`];
  try {
    const { stdout } = await run('git', [...HARDENED, ...explicit, ...args], { cwd: repository.top, env: gitEnvironment(process.env), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { code, stderr } = error as NodeJS.ErrnoException & { stderr?: string };
    if (code === 'ENOENT') throw new ChangedSinceError(`--changed-since needs git, which was not found: install git, or leave out --changed-since.`);
    const said = (stderr ?? '').trim().split('\n')[0]?.replace(/^fatal: /, '');
    throw new ChangedSinceError(explain(said ? ` (git: ${said})` : ''));
  }
}
