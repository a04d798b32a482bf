import { execFile } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { conceptNote, FORUM_YAML } from '../helpers/project.js';
import { assertInvariants, snapshot } from './invariants.js';

// Code runs in CI: `notes validate --changed-since REF` is what the documented GitHub workflow
// runs on a pull request. A pull request can add a bare repository's plain files (HEAD, config,
// objects/, refs/) to the notes folder, or to a folder between it and the top of the checkout;
// git's own discovery would take that folder for the repository and run what its config names.
// Each case plants such a repository whose commands would create the canary, changes a real note,
// and asserts: the canary never exists, the real changed note is still found and checked (its
// error is reported), and the shared invariants.

const run = promisify(execFile);
const NOTES = 'content/notes';
/** Only what git and the CLI need: a test process's own GIT_* variables are not the threat. */
const ENV = { PATH: process.env['PATH'], HOME: process.env['HOME'], XDG_CACHE_HOME: '' };

/** Run git in `cwd` as a throwaway identity, whatever the machine's git configuration says. */
async function git(cwd: string, ...args: string[]): Promise<string> {
  const identity = ['-c', 'user.name=Notes Test', '-c', 'user.email=test@example.org', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', '-c', 'core.hooksPath=/dev/null'];
  return (await run('git', [...identity, ...args], { cwd, env: { PATH: process.env['PATH'], HOME: process.env['HOME'] } })).stdout;
}

function note(n: number, badEmail = false): string {
  const text = conceptNote().replace('workshop: 1', `workshop: ${n}`);
  return badEmail ? text.replace('ada@un.org', 'ada@un') : text;
}

/** A git config whose every command-running key creates `canary`. */
function evilConfig(canary: string, extra = ''): string {
  const touch = `touch ${canary}`;
  return [
    '[core]',
    '\trepositoryformatversion = 0',
    '\tbare = false',
    '\tworktree = .',
    `\tfsmonitor = "${touch}; false"`,
    `\tpager = "${touch}; cat"`,
    '\thooksPath = hooks',
    '[diff]',
    `\texternal = "${touch}; true"`,
    '[diff "evil"]',
    `\ttextconv = "${touch}; cat"`,
    '[filter "evil"]',
    `\tclean = "${touch}; cat"`,
    `\tsmudge = "${touch}; cat"`,
    extra,
    '',
  ].join('\n');
}

/** Hooks that create `canary`, in `dir/hooks/`. */
async function evilHooks(dir: string, canary: string): Promise<void> {
  await mkdir(path.join(dir, 'hooks'), { recursive: true });
  for (const hook of ['post-checkout', 'pre-commit', 'post-index-change', 'reference-transaction', 'fsmonitor-watchman', 'pre-auto-gc', 'post-rewrite']) {
    const file = path.join(dir, 'hooks', hook);
    await writeFile(file, `#!/bin/sh\ntouch ${canary}\n`);
    await chmod(file, 0o755);
  }
}

/**
 * Plant a bare repository's files in `dir` (a folder of the work tree): a real repository of
 * `dir`'s files, with a commit tagged `base` and an index, whose config and hooks create `canary`.
 */
async function plantBare(dir: string, canary: string, scratch: string): Promise<void> {
  const bare = path.join(scratch, `planted-${path.basename(dir)}.git`);
  await git(scratch, 'init', '--quiet', '--bare', bare);
  await git(dir, `--git-dir=${bare}`, `--work-tree=${dir}`, 'add', '--all');
  await git(dir, `--git-dir=${bare}`, `--work-tree=${dir}`, 'commit', '--quiet', '-m', 'planted');
  await git(dir, `--git-dir=${bare}`, 'tag', 'base');
  for (const name of await readdir(bare)) await cp(path.join(bare, name), path.join(dir, name), { recursive: true });
  await writeFile(path.join(dir, 'config'), evilConfig(canary));
  await evilHooks(dir, canary);
  // Every file through the textconv and filter drivers the planted config defines.
  await writeFile(path.join(dir, '.gitattributes'), '* diff=evil filter=evil\n');
}

interface Project {
  scratch: string;
  repo: string;
  notes: string;
  canary: string;
}

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A real repository with two valid notes below content/notes, committed and tagged `base`. */
async function project(): Promise<Project> {
  const scratch = await realpath(await mkdtemp(path.join(tmpdir(), 'notes-hostile-git-')));
  temps.push(scratch);
  const repo = path.join(scratch, 'repo');
  const notes = path.join(repo, NOTES);
  await mkdir(path.join(notes, 'f'), { recursive: true });
  await writeFile(path.join(repo, 'README.md'), '# Project\n');
  await writeFile(path.join(notes, 'f/collection.yaml'), FORUM_YAML);
  await writeFile(path.join(notes, 'f/a.md'), note(1));
  await writeFile(path.join(notes, 'f/b.md'), note(2));
  await git(repo, 'init', '--quiet');
  await git(repo, 'add', '--all');
  await git(repo, 'commit', '--quiet', '-m', 'base');
  await git(repo, 'tag', 'base');
  return { scratch, repo, notes, canary: path.join(scratch, 'canary') };
}

/** The pull request: the planted files and a real change (b.md gets an invalid e-mail), committed. */
async function pullRequest(p: Project): Promise<void> {
  await writeFile(path.join(p.notes, 'f/b.md'), note(2, true));
  await git(p.repo, 'add', '--all');
  await git(p.repo, 'commit', '--quiet', '-m', 'pull request');
}

interface GitCase {
  name: string;
  /** Plant the hostile repository; the pull request is committed after (unless `uncommitted`). */
  plant(p: Project): Promise<void>;
  /** Leave the planted files out of the commit (what git itself would refuse to commit). */
  uncommitted?: boolean;
  /** Change b.md after the commit too, so git has a dirty file to look at. */
  dirty?: boolean;
}

const CASES: GitCase[] = [
  {
    // The example: notes/HEAD, notes/config with core.fsmonitor, notes/objects/, notes/refs/.
    name: 'a bare repository in the notes folder (core.fsmonitor, core.worktree)',
    plant: (p) => plantBare(p.notes, p.canary, p.scratch),
  },
  {
    name: 'a bare repository in the notes folder, with its index stale (filters, textconv, hooks on index write)',
    plant: (p) => plantBare(p.notes, p.canary, p.scratch),
    dirty: true,
  },
  {
    name: 'a bare repository in a folder between the notes folder and the top of the checkout',
    plant: (p) => plantBare(path.dirname(p.notes), p.canary, p.scratch),
    dirty: true,
  },
  {
    name: 'a bare repository in a subfolder of the notes folder',
    plant: (p) => plantBare(path.join(p.notes, 'f'), p.canary, p.scratch),
    dirty: true,
  },
  {
    name: 'a nested .git folder in a subfolder, committed as a gitlink (git would look into it)',
    async plant(p) {
      const sub = path.join(p.notes, 'sub');
      await mkdir(sub, { recursive: true });
      await writeFile(path.join(sub, 'x.txt'), 'x\n');
      await git(sub, 'init', '--quiet');
      await git(sub, 'add', '--all');
      await git(sub, 'commit', '--quiet', '-m', 'nested');
      await writeFile(path.join(sub, '.git/config'), evilConfig(p.canary).replace('\tworktree = .\n', ''));
      await evilHooks(path.join(sub, '.git'), p.canary);
      await writeFile(path.join(sub, 'x.txt'), 'dirty\n');
    },
    dirty: true,
  },
  {
    name: 'a .git file in a subfolder naming a git folder elsewhere',
    async plant(p) {
      const elsewhere = path.join(p.scratch, 'elsewhere.git');
      await git(p.scratch, 'init', '--quiet', '--bare', elsewhere);
      await writeFile(path.join(elsewhere, 'config'), evilConfig(p.canary).replace('\tworktree = .\n', ''));
      await evilHooks(elsewhere, p.canary);
      await mkdir(path.join(p.notes, 'g'), { recursive: true });
      await writeFile(path.join(p.notes, 'g/.git'), `gitdir: ${elsewhere}\n`);
      await writeFile(path.join(p.notes, 'g/.gitattributes'), '* diff=evil filter=evil\n');
    },
    uncommitted: true,
    dirty: true,
  },
];

describe.concurrent('notes validate --changed-since with a repository planted in the notes', () => {
  for (const c of CASES) {
    it(c.name, { timeout: 60_000 }, async () => {
      const p = await project();
      await c.plant(p);
      if (c.uncommitted) {
        await writeFile(path.join(p.notes, 'f/b.md'), note(2, true));
        await git(p.repo, 'add', path.join(p.notes, 'f/b.md'));
        await git(p.repo, 'commit', '--quiet', '-m', 'pull request');
      } else await pullRequest(p);
      if (c.dirty) await writeFile(path.join(p.notes, 'f/b.md'), `${note(2, true)}\n`);
      const before = await snapshot(p.repo);

      const result = await runCli(['validate', '--notes', p.notes, '--format', 'json', '--changed-since', 'base'], ENV);

      await assertInvariants({ result, root: p.repo, before, canary: p.canary });
      const problems = (JSON.parse(result.stdout || '[]') as { file: string; line: number; ruleId: string }[]).map((d) => `${path.relative(p.notes, d.file)}:${d.line} ${d.ruleId}`);
      // The real change is found in the real repository, and only it: a.md is unchanged since base.
      expect(problems).toEqual(['f/b.md:14 schema-format']);
      expect(result.code).toBe(1);
    });
  }
});

describe('notes validate --changed-since, the repository it uses', () => {
  it('takes a .git at the notes folder itself (a checkout whose top is the notes folder), never git discovery', { timeout: 60_000 }, async () => {
    const p = await project();
    const notesRepo = path.join(p.scratch, 'notes-repo');
    await cp(p.notes, notesRepo, { recursive: true });
    await git(notesRepo, 'init', '--quiet');
    await git(notesRepo, 'add', '--all');
    await git(notesRepo, 'commit', '--quiet', '-m', 'base');
    await git(notesRepo, 'tag', 'base');
    await writeFile(path.join(notesRepo, 'f/b.md'), note(2, true));
    const result = await runCli(['validate', '--notes', notesRepo, '--format', 'json', '--changed-since', 'base'], ENV);
    expect((JSON.parse(result.stdout) as { file: string; line: number }[]).map((d) => `${path.relative(notesRepo, d.file)}:${d.line}`)).toEqual(['f/b.md:14']);
  });

  it('strips every GIT_* variable from the environment git runs in', async () => {
    const { gitEnvironment } = await import('../../src/load/changed.js');
    expect(gitEnvironment({ PATH: '/bin', HOME: '/h', GIT_DIR: '/evil', GIT_WORK_TREE: '/evil', GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'core.fsmonitor', GIT_EXEC_PATH: '/evil', git_dir: '/evil' })).toEqual({
      PATH: '/bin',
      HOME: '/h',
      GIT_OPTIONAL_LOCKS: '0',
      GIT_TERMINAL_PROMPT: '0',
    });
  });
});
