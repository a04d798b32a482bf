import { execFile, execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { conceptNote, FORUM_YAML, testdir } from '../helpers/project.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = path.join(ROOT, 'test/fixtures');

/** Run git in `cwd` as a throwaway identity, whatever the machine's git configuration says. */
async function git(cwd: string, ...args: string[]): Promise<string> {
  const identity = ['-c', 'user.name=Notes Test', '-c', 'user.email=test@example.org', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main'];
  return (await run('git', [...identity, ...args], { cwd })).stdout;
}

/** A git repository holding `files`, committed and tagged `base`; returns its (real) folder. */
async function repository(files: Record<string, string>): Promise<string> {
  const dir = await realpath(await testdir(files));
  await git(dir, 'init', '--quiet');
  await git(dir, 'add', '--all');
  await git(dir, 'commit', '--quiet', '-m', 'base');
  await git(dir, 'tag', 'base');
  return dir;
}

/** Concept note number `n` of the test forum; `warning` adds a footnote that is never referenced. */
function note(n: number, options: { warning?: boolean; badEmail?: boolean; body?: string } = {}): string {
  let text = conceptNote().replace('workshop: 1', `workshop: ${n}`);
  if (options.badEmail) text = text.replace('ada@un.org', 'ada@un');
  if (options.body) text = text.replace('Intro.', options.body);
  return options.warning ? `${text}\n[^9]: Never referenced.\n` : text;
}

/** `notes validate --format json …` on the notes folder `notes`: exit code, `file:line rule` of each problem, stderr. */
async function validate(notes: string, ...args: string[]): Promise<{ code: number; problems: string[]; stderr: string }> {
  const { code, stdout, stderr } = await runCli(['validate', '--notes', notes, '--format', 'json', ...args]);
  const printed = stdout === '' ? [] : (JSON.parse(stdout) as { file: string; line: number | null; ruleId: string }[]);
  return { code, stderr, problems: printed.map((d) => `${path.relative(notes, d.file).split(path.sep).join('/')}:${d.line} ${d.ruleId}`) };
}

/** The notes folder lives below the repository's top folder, to show that git's paths are mapped onto it. */
const NOTES = 'content/notes';

describe('notes validate --changed-since REF', () => {
  it('reports committed, staged, unstaged and new notes, and nothing of the unchanged ones', async () => {
    const repo = await repository({
      'README.md': '# Project\n',
      'content/other.md': 'Not a note.\n',
      [`${NOTES}/f/collection.yaml`]: FORUM_YAML,
      [`${NOTES}/f/a.md`]: note(1, { warning: true }),
      [`${NOTES}/f/b.md`]: note(2),
      [`${NOTES}/f/c.md`]: note(3),
      [`${NOTES}/f/e.md`]: note(5),
    });
    const notes = path.join(repo, NOTES);
    await writeFile(path.join(notes, 'f/c.md'), note(3, { badEmail: true }));
    await git(repo, 'commit', '--quiet', '-am', 'c: committed since base');
    await writeFile(path.join(notes, 'f/b.md'), note(2, { warning: true }));
    await git(repo, 'add', path.join(notes, 'f/b.md'));
    await writeFile(path.join(notes, 'f/e.md'), note(5, { warning: true }));
    await writeFile(path.join(notes, 'f/d.md'), note(4, { badEmail: true }));
    await writeFile(path.join(repo, 'README.md'), '# Changed, but not a note\n');
    await writeFile(path.join(repo, 'content/new.md'), 'New, but outside the notes folder.\n');

    // a.md's warning is older than base: not reported.
    expect(await validate(notes, '--changed-since', 'base')).toEqual({
      code: 1,
      stderr: '',
      problems: ['f/b.md:39 footnote-unused', 'f/c.md:14 schema-format', 'f/d.md:14 schema-format', 'f/e.md:39 footnote-unused'],
    });
    // Paths limit the report further.
    expect(await validate(notes, path.join(notes, 'f/b.md'), '--changed-since', 'base')).toEqual({ code: 0, stderr: '', problems: ['f/b.md:39 footnote-unused'] });
  });

  it('passes a clean change with --strict although an unchanged note has a warning (which fails a full --strict run)', async () => {
    const repo = await repository({ [`${NOTES}/f/collection.yaml`]: FORUM_YAML, [`${NOTES}/f/a.md`]: note(1, { warning: true }), [`${NOTES}/f/b.md`]: note(2) });
    const notes = path.join(repo, NOTES);
    await writeFile(path.join(notes, 'f/b.md'), note(2, { body: 'Intro, rewritten.' }));
    expect(await runCli(['validate', '--notes', notes, '--changed-since', 'base', '--strict'])).toEqual({ code: 0, stdout: '', stderr: '1 note checked: no problems.\n' });
    expect((await runCli(['validate', '--notes', notes, '--strict'])).code).toBe(1);
    expect((await runCli(['validate', '--notes', notes])).code).toBe(0);
  });

  it('reports a duplicate workshop number on an unchanged note when a changed note takes its number (only that problem of it)', async () => {
    const repo = await repository({ [`${NOTES}/f/collection.yaml`]: FORUM_YAML, [`${NOTES}/f/a.md`]: note(1), [`${NOTES}/f/b.md`]: note(2, { warning: true }), [`${NOTES}/f/c.md`]: note(3) });
    const notes = path.join(repo, NOTES);
    await writeFile(path.join(notes, 'f/a.md'), note(2));
    // The duplicate is reported on b.md, the later of the two; b.md's own older warning is not.
    expect(await validate(notes, '--changed-since', 'base')).toEqual({ code: 1, stderr: '', problems: ['f/b.md:4 workshop-duplicate'] });
  });

  it('checks every note of a changed collection.yaml', async () => {
    const repo = await repository({ [`${NOTES}/f/collection.yaml`]: FORUM_YAML, [`${NOTES}/f/a.md`]: note(1, { warning: true }), [`${NOTES}/f/b.md`]: note(2), [`${NOTES}/g/collection.yaml`]: FORUM_YAML.replace('test-forum', 'other'), [`${NOTES}/g/c.md`]: note(1, { warning: true }).replace('forum: test-forum', 'forum: other') });
    const notes = path.join(repo, NOTES);
    // A renamed forum breaks the `forum` of each of its notes; all their problems count, the other forum's do not.
    await writeFile(path.join(notes, 'f/collection.yaml'), FORUM_YAML.replace('id: test-forum', 'id: renamed-forum'));
    expect(await validate(notes, '--changed-since', 'base')).toEqual({ code: 1, stderr: '', problems: ['f/a.md:3 forum-mismatch', 'f/a.md:39 footnote-unused', 'f/b.md:3 forum-mismatch'] });
  });

  it('checks the editions of a changed source, and the errors of the source of a changed edition', async () => {
    const fixture = (file: string): Promise<string> => readFile(path.join(FIXTURES, 'translation-stale', file), 'utf8');
    const valid = await readFile(path.join(FIXTURES, 'valid/w.md'), 'utf8');
    const files = { [`${NOTES}/f/collection.yaml`]: await fixture('collection.yaml'), [`${NOTES}/f/w.md`]: valid, [`${NOTES}/f/w.fr.md`]: await fixture('w.fr.md') };
    // The source is revised after translation: the unchanged edition is stale.
    const revised = await repository(files);
    await writeFile(path.join(revised, NOTES, 'f/w.md'), await fixture('w.md'));
    expect(await validate(path.join(revised, NOTES), '--changed-since', 'base')).toEqual({ code: 0, stderr: '', problems: ['f/w.fr.md:7 translation-stale'] });
    // The source has an error: a change to the edition alone reports it, as it stops the edition.
    const broken = await repository({ ...files, [`${NOTES}/f/w.md`]: valid.replace('ada@un.org', 'ada@un') });
    await writeFile(path.join(broken, NOTES, 'f/w.fr.md'), (await fixture('w.fr.md')).replace('status: draft', 'status: translated'));
    expect(await validate(path.join(broken, NOTES), '--changed-since', 'base')).toEqual({ code: 1, stderr: '', problems: ['f/w.fr.md:1 translation-source-missing', 'f/w.md:14 schema-format'] });
  });

  it('reports the missing image of an unchanged note when the image is deleted', async () => {
    const repo = await repository({
      [`${NOTES}/f/collection.yaml`]: FORUM_YAML,
      [`${NOTES}/f/a.md`]: note(1, { body: 'Intro. ![The forum logo](logo.png)' }),
      [`${NOTES}/f/logo.png`]: 'not really a PNG',
      [`${NOTES}/f/b.md`]: note(2),
    });
    await rm(path.join(repo, NOTES, 'f/logo.png'));
    expect(await validate(path.join(repo, NOTES), '--changed-since', 'base')).toEqual({ code: 1, stderr: '', problems: ['f/a.md:19 image-missing'] });
  });

  it('--fix corrects only the notes a change concerns', async () => {
    const fixture = (file: string): Promise<string> => readFile(path.join(FIXTURES, 'uz-apostrophe', file), 'utf8');
    const edition = await fixture('w.uz-Latn.md');
    const repo = await repository({
      [`${NOTES}/f/collection.yaml`]: await fixture('collection.yaml'),
      [`${NOTES}/f/w.md`]: await fixture('w.md'),
      [`${NOTES}/f/w.uz-Latn.md`]: edition,
      [`${NOTES}/f/x.md`]: note(2),
    });
    const notes = path.join(repo, NOTES);
    const display = path.relative(process.cwd(), path.join(notes, 'f/w.uz-Latn.md'));
    await writeFile(path.join(notes, 'f/x.md'), note(2, { body: 'Intro, rewritten.' }));
    expect(await runCli(['validate', '--notes', notes, '--changed-since', 'base', '--fix'])).toEqual({ code: 0, stdout: '', stderr: '1 note checked: no problems.\n' });
    expect(await readFile(path.join(notes, 'f/w.uz-Latn.md'), 'utf8')).toBe(edition);
    await writeFile(path.join(notes, 'f/w.uz-Latn.md'), `${edition}\nQo'shimcha.\n`);
    expect(await runCli(['validate', '--notes', notes, '--changed-since', 'base', '--fix'])).toEqual({ code: 0, stdout: '', stderr: `Fixed 2 in ${display}.\n2 notes checked: no problems.\n` });
    expect(await readFile(path.join(notes, 'f/w.uz-Latn.md'), 'utf8')).toBe(`${edition.replace("O'zbekiston", 'O\u02BBzbekiston')}\nQo\u02BBshimcha.\n`);
  });

  it('says so when no note changed (also when only files outside the notes folder did), exit 0 and an empty report', async () => {
    const repo = await repository({ 'README.md': '# Project\n', [`${NOTES}/f/collection.yaml`]: FORUM_YAML, [`${NOTES}/f/a.md`]: note(1, { warning: true }) });
    const notes = path.join(repo, NOTES);
    expect(await runCli(['validate', '--notes', notes, '--changed-since', 'base', '--strict'])).toEqual({ code: 0, stdout: '', stderr: 'No notes changed since base.\n' });
    await writeFile(path.join(repo, 'README.md'), '# Changed\n');
    expect(await runCli(['validate', '--notes', notes, '--changed-since', 'base', '--format', 'json'])).toEqual({ code: 0, stdout: '[]\n', stderr: 'No notes changed since base.\n' });
    const junit = await runCli(['validate', '--notes', notes, '--changed-since', 'base', '--format', 'junit']);
    expect(junit).toEqual({ code: 0, stdout: expect.stringContaining('<testsuites name="notes validate" tests="0" failures="0"') as unknown as string, stderr: 'No notes changed since base.\n' });
  });

  it('refuses an unknown ref, a ref that looks like an option, and a folder outside git: exit 2 naming the ref', async () => {
    const repo = await repository({ [`${NOTES}/f/collection.yaml`]: FORUM_YAML, [`${NOTES}/f/a.md`]: note(1) });
    const notes = path.join(repo, NOTES);
    expect(await runCli(['validate', '--notes', notes, '--changed-since', 'origin/nope'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `--changed-since origin/nope: there is no commit "origin/nope" in the repository ${repo}. Check the name, or fetch it first (in GitHub Actions: actions/checkout with fetch-depth: 0).\n`,
    });
    expect(await runCli(['validate', '--notes', notes, '--changed-since=--output=x'])).toEqual({
      code: 2,
      stdout: '',
      stderr: '--changed-since "--output=x" is not a git ref: give a branch, tag or commit, e.g. origin/main.\n',
    });
    const outside = path.join(await mkdtemp(path.join(tmpdir(), 'notes-no-git-')), 'notes');
    await testdirAt(outside);
    const result = await runCli(['validate', '--notes', outside, '--changed-since', 'main']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^--changed-since main needs a git repository, but the notes folder ${escapeRegExp(outside)} is not in one \\(no \\.git in it or in any folder above it\\)\\.\\n$`));
  });
});

/** A one-note project in `notes` (a folder that is in no git repository). */
async function testdirAt(notes: string): Promise<void> {
  await mkdir(path.join(notes, 'f'), { recursive: true });
  await writeFile(path.join(notes, 'f/collection.yaml'), FORUM_YAML);
  await writeFile(path.join(notes, 'f/a.md'), note(1));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A command line of a CI file, with what it runs in (a GitHub step's `if`, a GitLab job). */
interface CiCommand {
  file: string;
  when: string;
  line: string;
  /** GitLab: the job's JUnit report file. */
  junit?: string;
}

/** Every `notes …` command of docs/ci/github-actions.yml, with the `if` of its step. */
function githubCommands(text: string): CiCommand[] {
  const workflow = parseYaml(text) as { jobs: Record<string, { steps: { run?: string; if?: string; uses?: string; with?: Record<string, unknown> }[] }> };
  return Object.values(workflow.jobs).flatMap((job) =>
    job.steps.flatMap((step) => (step.run ?? '').split('\n').filter((line) => /^\s*npx notes /.test(line)).map((line) => ({ file: 'github-actions.yml', when: step.if ?? '', line: line.trim() }))),
  );
}

/** Every `notes …` command of docs/ci/gitlab-ci.yml, with its job's rule and JUnit report (through `extends`). */
function gitlabCommands(text: string): CiCommand[] {
  type Job = { extends?: string; script?: string[]; before_script?: string[]; rules?: { if: string }[]; artifacts?: { reports?: { junit?: string } } };
  const pipeline = parseYaml(text) as Record<string, Job>;
  const resolved = (job: Job): Job => (job.extends ? { ...resolved(pipeline[job.extends] as Job), ...job } : job);
  return Object.entries(pipeline)
    .filter(([name, job]) => !name.startsWith('.') && typeof job === 'object' && 'script' in job)
    .flatMap(([, raw]) => {
      const job = resolved(raw);
      return [...(job.before_script ?? []), ...(job.script ?? [])]
        .filter((line) => /^npx notes /.test(line))
        .map((line) => ({ file: 'gitlab-ci.yml', when: job.rules?.[0]?.if ?? '', line, ...(job.artifacts?.reports?.junit !== undefined && { junit: job.artifacts.reports.junit }) }));
    });
}

/** The arguments of `npx notes …`, with the CI's variable for the target branch replaced by `branch`. */
function argumentsOf(line: string, branch: string): string[] {
  const replaced = line.replace('${{ github.base_ref }}', branch).replace('$CI_MERGE_REQUEST_TARGET_BRANCH_NAME', branch);
  // No other variable, quote or shell syntax: splitting on spaces is then what a shell does.
  expect(replaced).not.toMatch(/[$"'`|&;<>()\\*?]/);
  const [npx, notes, ...args] = replaced.split(/\s+/);
  expect([npx, notes]).toEqual(['npx', 'notes']);
  return args;
}

describe('notes validate --help', () => {
  it('shows the examples for people and CI', async () => {
    const { code, stdout } = await runCli(['validate', '--help']);
    expect(code).toBe(0);
    expect(stdout.split('\n').filter((line) => line.startsWith('  $ '))).toEqual([
      '  $ notes validate',
      '  $ notes validate notes/unpsf-2025/workshop-7.md',
      '  $ notes validate --format github --changed-since origin/main --strict',
      '  $ notes validate --format junit --output report.xml',
    ]);
  });
});

describe('docs/ci, tried as written', () => {
  beforeAll(() => {
    // `npx notes` in a project runs bin/notes.js, which imports dist/: compile it.
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore' });
  });

  /**
   * A pull request: main has a.md (with a warning) and b.md; the branch adds a warning to b.md.
   * origin/main is main as the CI's clone sees it.
   */
  async function pullRequest(): Promise<string> {
    const repo = await repository({ 'notes/f/collection.yaml': FORUM_YAML, 'notes/f/a.md': note(1, { warning: true }), 'notes/f/b.md': note(2) });
    await git(repo, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
    await git(repo, 'checkout', '--quiet', '-b', 'feature');
    await writeFile(path.join(repo, 'notes/f/b.md'), note(2, { warning: true }));
    await git(repo, 'commit', '--quiet', '-am', 'b: a footnote');
    return repo;
  }

  /** Run `node bin/notes.js …args` in `cwd` as `npx notes` would. */
  async function notesIn(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return run('node', [path.join(ROOT, 'bin/notes.js'), ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  }

  const FOOTNOTE = 'The footnote [^9] is defined but never referenced in the text: reference it or remove it.';
  const annotation = (file: string): string => `::warning file=notes/f/${file},line=39,col=1,endLine=39,endColumn=24,title=footnote-unused::${FOOTNOTE}`;

  it('github-actions.yml: annotations of the changed note on a pull request (strict), of every note on a push', async () => {
    const text = await readFile(path.join(ROOT, 'docs/ci/github-actions.yml'), 'utf8');
    const workflow = parseYaml(text) as { on: Record<string, unknown>; jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }> };
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push']);
    const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
    expect(steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with?.['fetch-depth']).toBe(0);
    expect(steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with?.['node-version']).toBe(20);

    const commands = githubCommands(text);
    expect(commands.map((c) => c.when)).toEqual(["github.event_name == 'pull_request'", "github.event_name == 'push'"]);
    const repo = await pullRequest();
    const [pr, push] = await Promise.all(commands.map((c) => notesIn(repo, argumentsOf(c.line, 'main'))));
    expect(pr).toEqual({ code: 1, stdout: `${annotation('b.md')}\n`, stderr: '1 note checked: 0 errors, 1 warning.\n' });
    expect(push).toEqual({ code: 0, stdout: `${annotation('a.md')}\n${annotation('b.md')}\n`, stderr: '2 notes checked: 0 errors, 2 warnings.\n' });
  });

  it('gitlab-ci.yml: a JUnit report.xml of the changed notes on a merge request (strict), of every note on the default branch', async () => {
    const text = await readFile(path.join(ROOT, 'docs/ci/gitlab-ci.yml'), 'utf8');
    const commands = gitlabCommands(text);
    expect(commands.map((c) => [c.when, c.junit])).toEqual([
      ['$CI_PIPELINE_SOURCE == "merge_request_event"', 'report.xml'],
      ['$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH', 'report.xml'],
    ]);
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'failure'].includes(name) });
    type Report = { testsuites: { tests: string; failures: string; testsuite: { testcase: { name: string; failure?: { type: string }[]; 'system-out'?: string }[] }[] } };
    const outcomes = [];
    for (const command of commands) {
      const repo = await pullRequest();
      const args = argumentsOf(command.line, 'main');
      // The job writes the file its artifacts upload.
      expect(args[args.indexOf('--output') + 1]).toBe(command.junit);
      const result = await notesIn(repo, args);
      const report = (parser.parse(await readFile(path.join(repo, command.junit ?? ''), 'utf8')) as Report).testsuites;
      const cases = report.testsuite.flatMap((s) => s.testcase).map((t) => [t.name, t.failure?.map((f) => f.type).join() ?? (t['system-out'] ? 'output' : 'pass')]);
      outcomes.push({ ...result, tests: report.tests, failures: report.failures, cases });
    }
    expect(outcomes).toEqual([
      { code: 1, stdout: '', stderr: '1 note checked: 0 errors, 1 warning. Report written to report.xml.\n', tests: '1', failures: '1', cases: [['notes/f/b.md', 'warning']] },
      {
        code: 0,
        stdout: '',
        stderr: '2 notes checked: 0 errors, 2 warnings. Report written to report.xml.\n',
        tests: '3',
        failures: '0',
        cases: [['notes/f/a.md', 'output'], ['notes/f/b.md', 'output'], ['notes/f/collection.yaml', 'pass']],
      },
    ]);
  });
});
