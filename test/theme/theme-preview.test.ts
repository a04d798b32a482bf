/// <reference lib="dom" />
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourcesFor } from '../../src/cli/theme.js';
import { loadConfig } from '../../src/config/load.js';
import { startPreview, type BuildReport, type PreviewSession } from '../../src/preview/session.js';
import { themePaths } from '../../src/theme/load.js';
import { conceptNote, FORUM_YAML, testdir } from '../helpers/project.js';

// notes preview with a theme: the page takes the project's stylesheet, and an edit of the
// stylesheet rebuilds it, as an edit of a note does.
let browser: Browser;
let session: PreviewSession | undefined;

beforeAll(async () => {
  browser = await puppeteer.launch({ executablePath: process.env['PUPPETEER_EXECUTABLE_PATH'] ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
}, 60_000);

afterAll(async () => {
  await session?.close();
  await browser?.close();
});

describe('notes preview with a theme', () => {
  it('serves the themed page and rebuilds it when the stylesheet changes', async () => {
    const dir = await testdir({
      'notes/test-forum/collection.yaml': FORUM_YAML,
      'notes/test-forum/w1.md': conceptNote(),
      'brand/brand.css': ':root { --accent: rgb(200, 0, 110); }\n',
      'notes.config.yaml': 'theme:\n  stylesheet: brand/brand.css\n',
    });
    const builds = path.join(dir, 'builds');
    await mkdir(builds);
    const config = await loadConfig(path.join(dir, 'notes.config.yaml'));
    const theme = config?.settings.theme;
    if (!theme) throw new Error('no theme');
    const reports: BuildReport[] = [];
    session = await startPreview({
      notes: path.join(dir, 'notes'),
      port: 0,
      buildRoot: builds,
      loadResources: () => resourcesFor(config),
      resourcePaths: themePaths(theme),
      onBuild: (r) => reports.push(r),
    });
    await session.idle();
    const page = await browser.newPage();
    await page.goto(`${session.url}test-forum/w1/w1.en.html`);
    expect(await page.$eval('.collection-name', (e) => getComputedStyle(e).color)).toBe('rgb(200, 0, 110)');
    await writeFile(path.join(dir, 'brand/brand.css'), ':root { --accent: rgb(0, 120, 0); }\n');
    await page.waitForFunction(() => getComputedStyle(document.querySelector('.collection-name') as Element).color === 'rgb(0, 120, 0)', { timeout: 20_000, polling: 100 });
    // A broken theme is a failed build: the last good one stays served.
    await writeFile(path.join(dir, 'brand/brand.css'), '@import "x.css";\n');
    await expect.poll(() => reports.at(-1)?.failure ?? '', { timeout: 20_000 }).toMatch(/brand\.css:1:1 {2}error {2}A stylesheet cannot @import another/);
    expect(reports.at(-1)?.kept).toBe(true);
    await page.close();
  });
});
