import { execFile } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Why the changed files could not be listed (no git, not a repository, an unknown ref): a usage error. */
export class ChangedSinceError extends Error {}

/**
 * The files of the notes folder that differ between `ref` and the working tree: changed in commits
 * since, staged, unstaged, deleted, and new files git does not ignore. Paths are relative to the notes
 * folder and `/`-separated, like `file.data.relative`. Git runs without a shell, in the notes
 * folder's repository.
 */
export async function changedSince(notes: string, ref: string): Promise<string[]> {
  // A ref that starts with "-" would be read by git as an option.
  if (ref === '' || ref.startsWith('-')) throw new ChangedSinceError(`--changed-since "${ref}" is not a git ref: give a branch, tag or commit, e.g. origin/main.`);
  const folder = path.resolve(notes);
  const top = (
    await git(['rev-parse', '--show-toplevel'], folder, (detail) => `--changed-since ${ref} needs a git repository, but the notes folder ${notes} is not in one${detail}.`)
  ).trim();
  const commit = (
    await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], top, () =>
      `--changed-since ${ref}: there is no commit "${ref}" in the repository ${top}. Check the name, or fetch it first (in GitHub Actions: actions/checkout with fetch-depth: 0).`,
    )
  ).trim();
  // From the top folder, both list paths relative to it (whatever diff.relative says).
  const fail = (detail: string): string => `--changed-since ${ref}: git could not list the changed files${detail}.`;
  const changed = await git(['diff', '--name-only', '--no-renames', '-z', commit, '--'], top, fail);
  const untracked = await git(['ls-files', '--others', '--exclude-standard', '-z'], top, fail);

  const [root, repository] = await Promise.all([realpath(folder), realpath(top)]);
  const paths = new Set<string>();
  for (const name of [...changed.split('\0'), ...untracked.split('\0')]) {
    if (name === '') continue;
    const relative = path.relative(root, path.join(repository, ...name.split('/')));
    if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) continue;
    paths.add(relative.split(path.sep).join('/'));
  }
  return [...paths].sort();
}

/** Run git; on failure, throw a ChangedSinceError with `explain(git's own first line)`. */
async function git(args: string[], cwd: string, explain: (detail: string) => string): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { code, stderr } = error as NodeJS.ErrnoException & { stderr?: string };
    if (code === 'ENOENT') throw new ChangedSinceError(`--changed-since needs git, which was not found: install git, or leave out --changed-since.`);
    const said = (stderr ?? '').trim().split('\n')[0]?.replace(/^fatal: /, '');
    throw new ChangedSinceError(explain(said ? ` (git: ${said})` : ''));
  }
}
