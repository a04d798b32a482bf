import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBrowser, noBrowserMessage, type BrowserProbe } from '../../src/print/find-browser.js';
import { runCli } from '../helpers/cli.js';
import { conceptNote, FORUM_YAML, testdir } from '../helpers/project.js';

function probe(present: string[], over: Partial<BrowserProbe> = {}): BrowserProbe {
  return {
    env: { PATH: '/usr/local/bin:/usr/bin' },
    platform: 'linux',
    isExecutable: (file) => present.includes(file),
    puppeteerBrowser: () => '/home/u/.cache/puppeteer/chrome/linux-1/chrome',
    ...over,
  };
}

describe('finding a browser', () => {
  it('prefers --browser, then PUPPETEER_EXECUTABLE_PATH, then Chrome, then Chromium, then puppeteer’s own', () => {
    const all = ['/opt/my-chrome', '/env/chrome', '/usr/bin/google-chrome-stable', '/usr/bin/chromium', '/home/u/.cache/puppeteer/chrome/linux-1/chrome'];
    expect(findBrowser(probe(all, { option: '/opt/my-chrome', env: { PATH: '/usr/bin', PUPPETEER_EXECUTABLE_PATH: '/env/chrome' } }))).toEqual({ path: '/opt/my-chrome', source: 'option' });
    expect(findBrowser(probe(all, { env: { PATH: '/usr/bin', PUPPETEER_EXECUTABLE_PATH: '/env/chrome' } }))).toEqual({ path: '/env/chrome', source: 'environment' });
    expect(findBrowser(probe(all))).toEqual({ path: '/usr/bin/google-chrome-stable', source: 'system' });
    expect(findBrowser(probe(all.slice(3)))).toEqual({ path: '/usr/bin/chromium', source: 'system' });
    expect(findBrowser(probe(all.slice(4)))).toEqual({ path: '/home/u/.cache/puppeteer/chrome/linux-1/chrome', source: 'puppeteer' });
  });

  it('says so when a named browser does not exist, and finds nothing when there is none', () => {
    expect(findBrowser(probe([], { option: '/nope' }))).toEqual({ error: 'The browser /nope (from --browser) does not exist or cannot be run.' });
    expect(findBrowser(probe([]))).toBeUndefined();
  });

  it('looks in the usual places on macOS', () => {
    const mac = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(findBrowser(probe([mac], { platform: 'darwin' }))).toEqual({ path: mac, source: 'system' });
  });

  it('tells what to install when there is none', () => {
    expect(noBrowserMessage('linux')).toContain('sudo apt-get install chromium fonts-noto-core');
    expect(noBrowserMessage('linux')).toContain('--browser PATH');
    expect(noBrowserMessage('linux')).toContain('--no-pdf');
  });

  it('stops a build before writing anything when the browser named does not exist, exit 1', async () => {
    const dir = await testdir({ 'notes/c/collection.yaml': FORUM_YAML, 'notes/c/w.md': conceptNote() });
    const out = path.join(dir, 'out');
    const result = await runCli(['build', '--notes', path.join(dir, 'notes'), '--out', out, '--browser', '/nonexistent/chrome']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The browser /nonexistent/chrome (from --browser) does not exist or cannot be run.');
    expect(result.stderr).toContain('apt-get install chromium fonts-noto-core');
    expect(result.stderr).toContain('browser-missing');
  });
});
