import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The new user's path, from the published package rather than from this repository: `npm pack`,
// the tarball installed into a prefix of its own, then `notes` run in an empty folder outside the
// repository. What the package forgets (a run-time import left in devDependencies, a file left
// out of `files`, an install script that downloads a browser) fails here and nowhere else.

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

let work: string;
let prefix: string;
let notes: string;
let installLog = '';

/** Run the installed `notes` in `cwd`, with no access to this repository's node_modules. */
async function installed(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(notes, args, {
      cwd,
      env: { PATH: `${path.join(prefix, 'bin')}:${process.env['PATH'] ?? '/usr/bin:/bin'}`, HOME: process.env['HOME'] ?? work, NO_COLOR: '1', NOTES_CACHE_DIR: path.join(work, 'cache') },
      encoding: 'utf8',
      timeout: 240_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'notes-package-'));
  prefix = path.join(work, 'prefix');
  // The tarball npm would publish. `npm test` has built dist/ already; --ignore-scripts keeps pack's
  // `prepare` from rebuilding it under the feet of the suites that run the binary meanwhile.
  const packed = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  const tarball = path.join(work, (JSON.parse(packed.stdout) as { filename: string }[])[0]?.filename ?? '');
  // Installed as a user installs it: globally, into a prefix of its own; scripts run as npm runs them.
  const install = await run('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', tarball], {
    cwd: work,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { ...process.env, npm_config_foreground_scripts: 'true' },
  });
  installLog = `${install.stdout}\n${install.stderr}`;
  notes = path.join(prefix, 'bin', 'notes');
}, 600_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the published package, installed into an empty prefix', () => {
  it('installs its bin, and no package it installs has an install script (none can download a browser)', async () => {
    expect(existsSync(notes), installLog).toBe(true);
    const top = path.join(prefix, 'lib', 'node_modules', 'notes');
    const withScripts: string[] = [];
    const packages: string[] = [];
    for (const entry of await readdir(top, { recursive: true, withFileTypes: true })) {
      if (entry.name !== 'package.json' || !entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      const pkg = JSON.parse(await readFile(file, 'utf8')) as { name?: string; scripts?: Record<string, string> };
      if (!pkg.name || path.basename(path.dirname(file)) !== pkg.name.split('/').pop()) continue;
      packages.push(pkg.name);
      if (['preinstall', 'install', 'postinstall'].some((s) => pkg.scripts?.[s] !== undefined)) withScripts.push(pkg.name);
    }
    expect(packages).toContain('puppeteer-core');
    expect(packages).toContain('hast-util-from-html');
    expect(packages).not.toContain('puppeteer');
    expect(withScripts).toEqual([]);
  });

  it('notes init starts a project in an empty folder outside this repository; it validates and builds, PDFs printed by Chromium', { timeout: 300_000 }, async () => {
    const project = path.join(work, 'project');
    await mkdir(project);
    const init = await installed(['init'], project);
    expect(init.code, init.stderr).toBe(0);
    expect((await readdir(project)).sort()).toEqual(['.github', '.gitignore', 'notes', 'notes.config.yaml']);

    const validated = await installed(['validate'], project);
    expect(validated.code, validated.stderr).toBe(0);
    expect(validated.stderr).toBe('1 note checked: no problems.\n');

    const built = await installed(['build'], project);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).not.toMatch(/internal error|Cannot find package/);
    const pdfs = (await readdir(path.join(project, 'output'), { recursive: true })).filter((f) => String(f).endsWith('.pdf'));
    expect(pdfs.length).toBe(2);
    for (const pdf of pdfs) expect((await readFile(path.join(project, 'output', String(pdf)))).subarray(0, 5).toString()).toBe('%PDF-');
    const note = pdfs.find((f) => String(f).includes('workshop-1')) as string;
    const { stdout } = await run('pdftotext', [path.join(project, 'output', note), '-'], { encoding: 'utf8' });
    expect(stdout).toContain('Workshop 1');
    expect(stdout).toContain('Digital Public Services for Everyone');
  });

  it('notes doctor finds the browser and the package\'s own templates and schemas', { timeout: 120_000 }, async () => {
    const result = await installed(['doctor'], path.join(work, 'project'));
    expect(result.stdout).toMatch(/^OK {4}browser: /m);
    expect(result.stdout).toMatch(/^OK {4}templates and schemas: /m);
    expect(result.stderr).not.toMatch(/internal error/);
  });
});
