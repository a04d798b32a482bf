import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser, isExecutable } from '../../src/print/find-browser.js';
import { runCli } from '../helpers/cli.js';
import { conceptNote, FORUM_YAML, testdir } from '../helpers/project.js';

// Past one machine: printing on a browser that is already running (--browser-endpoint, as a
// remote Chrome or a browserless pool), and one CI runner's part of a build (--shard i/n).

const ENV = { PATH: process.env['PATH'], PUPPETEER_EXECUTABLE_PATH: process.env['PUPPETEER_EXECUTABLE_PATH'] };
const temps: string[] = [];
let notes: string;
let chrome: ChildProcess;
let endpoint: string;

async function files(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

beforeAll(async () => {
  const project: Record<string, string> = { 'c/collection.yaml': FORUM_YAML };
  for (let n = 1; n <= 5; n++) project[`c/w${n}.md`] = conceptNote().replace('workshop: 1', `workshop: ${n}`);
  notes = await testdir(project);
  temps.push(notes);
  // A browser of its own, as a remote Chrome would be: listening for DevTools on a free port.
  const choice = findBrowser({ env: process.env, platform: process.platform, isExecutable, puppeteerBrowser: () => undefined });
  if (!choice || 'error' in choice) throw new Error('no browser to start');
  const profile = await tempDir('remote-chrome-');
  chrome = spawn(choice.path, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  endpoint = await new Promise<string>((resolve, reject) => {
    let seen = '';
    chrome.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
      if (match) resolve(match[1] as string);
    });
    chrome.once('exit', () => reject(new Error(`the browser ended: ${seen}`)));
  });
}, 60_000);

afterAll(async () => {
  // Wait for the browser to be gone before removing its profile (it writes there until it ends).
  if (chrome && chrome.exitCode === null && chrome.signalCode === null) {
    const ended = new Promise((resolve) => chrome.once('exit', resolve));
    chrome.kill('SIGKILL');
    await ended;
  }
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true, maxRetries: 5 })));
});

describe('--browser-endpoint', () => {
  it('prints every PDF on the running browser, launches none, and leaves that browser running', async () => {
    const out = await tempDir('notes-remote-');
    // No browser to launch here: PATH and PUPPETEER_EXECUTABLE_PATH lead nowhere, so every PDF
    // written was printed on the remote one.
    const nowhere = { PATH: '/nonexistent', PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chrome' };
    expect((await runCli(['build', '--notes', notes, '--out', await tempDir('notes-none-')], nowhere)).code).toBe(1);
    const { code, stderr } = await runCli(['build', '--notes', notes, '--out', out, '--browser-endpoint', endpoint], nowhere);
    expect(code, stderr).toBe(0);
    const written = await files(out);
    expect(written.filter((f) => f.endsWith('.pdf'))).toHaveLength(6);
    // The remote browser is still there, still answering.
    expect(chrome.exitCode).toBeNull();
    const version = await fetch(endpoint.replace(/^ws:/, 'http:').replace(/\/devtools\/.*$/, '/json/version')).then((r) => r.json() as Promise<{ Browser: string }>);
    expect(version.Browser).toMatch(/Chrome|Chromium/);
  });

  it('an endpoint nobody answers: exit 1 and a browser-missing error that names it', async () => {
    const out = await tempDir('notes-remote-');
    const { code, stderr } = await runCli(['build', '--notes', notes, '--out', out, '--browser-endpoint', 'ws://127.0.0.1:9/devtools/browser/x'], ENV);
    expect(code).toBe(1);
    expect(stderr).toContain('The browser at ws://127.0.0.1:9/devtools/browser/x could not be reached');
    expect(stderr).toContain('browser-missing');
    expect(await files(out)).toEqual([]);
  });
});

describe('--shard i/n', () => {
  it('three runners build disjoint parts that together are the whole build, byte for byte', async () => {
    const whole = await tempDir('notes-whole-');
    expect((await runCli(['build', '--notes', notes, '--out', whole, '--no-pdf'], ENV)).code).toBe(0);
    const all = await files(whole);
    const parts: string[][] = [];
    for (const i of [1, 2, 3]) {
      const out = await tempDir(`notes-shard-${i}-`);
      const { code, stderr } = await runCli(['build', '--notes', notes, '--out', out, '--no-pdf', '--shard', `${i}/3`], ENV);
      expect(code, stderr).toBe(0);
      parts.push(await files(out));
      for (const file of parts.at(-1) as string[]) {
        expect((await readFile(path.join(out, file))).equals(await readFile(path.join(whole, file))), file).toBe(true);
      }
    }
    expect(parts.flat().sort()).toEqual(all);
    for (const part of parts) expect(part.length).toBeGreaterThan(0);
  });

  it('refuses a shard that is not i/n', async () => {
    const { code, stderr } = await runCli(['build', '--notes', notes, '--shard', '4/3'], ENV);
    expect(code).toBe(2);
    expect(stderr).toContain('expected i/n with 1 ≤ i ≤ n ≤ 1000, such as 2/4.');
  });
});
