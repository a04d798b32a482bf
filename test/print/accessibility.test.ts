/// <reference lib="dom" />
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../../src/pipeline/index.js';

// Every HTML edition of the sample, checked as a reader's browser and the W3C checker see it.
const require = createRequire(import.meta.url);
const run = promisify(execFile);
let out: string;
let pages: string[];
let browser: Browser;

interface VnuResult {
  stderr: string;
}

async function vnu(files: string[]): Promise<{ type: string; url: string; message: string }[]> {
  const jar = require.resolve('vnu-jar/build/dist/vnu.jar');
  // vnu exits 1 when it finds errors; its JSON report is on stderr either way.
  const result: VnuResult = await run('java', ['-jar', jar, '--errors-only', '--format', 'json', ...files], { maxBuffer: 10_000_000 }).catch(
    (error: VnuResult) => error,
  );
  return (JSON.parse(result.stderr) as { messages: { type: string; url: string; message: string }[] }).messages;
}

beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'notes-a11y-'));
  const { outputs } = await runBuild('notes', out, { pdf: false });
  pages = outputs.filter((o) => o.path.endsWith('.html')).map((o) => path.join(out, o.path));
  browser = await puppeteer.launch({
    executablePath: process.env['PUPPETEER_EXECUTABLE_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('accessible HTML', () => {
  it('builds every page to check, editions included', () => {
    expect(pages.length).toBeGreaterThanOrEqual(16);
    expect(pages.some((p) => p.endsWith('workshop-7.uz-Latn.html'))).toBe(true);
    expect(pages.some((p) => p.endsWith('workshop-7.uz-Cyrl.html'))).toBe(true);
  });

  it('has zero axe-core violations (WCAG 2.1 A and AA, best practices) on every page', async () => {
    const axe = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
    const found: string[] = [];
    for (const file of pages) {
      const page = await browser.newPage();
      await page.setContent(await readFile(file, 'utf8'));
      await page.addScriptTag({ content: axe });
      const violations = await page.evaluate(async () => {
        const axeApi = (window as unknown as { axe: { run: (d: Document, o: object) => Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe;
        const result = await axeApi.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
        return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
      });
      found.push(...violations.map((v) => `${path.relative(out, file)}: ${v}`));
      await page.close();
    }
    expect(found).toEqual([]);
  });

  it('axe does report a page with a missing lang and an unlabelled image (the check can fail)', async () => {
    const axe = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
    const page = await browser.newPage();
    await page.setContent('<!DOCTYPE html><html><head><title>x</title></head><body><main><img src="data:image/png;base64,"></main></body></html>');
    await page.addScriptTag({ content: axe });
    const ids = await page.evaluate(async () => {
      const axeApi = (window as unknown as { axe: { run: (d: Document) => Promise<{ violations: { id: string }[] }> } }).axe;
      return (await axeApi.run(document)).violations.map((v) => v.id);
    });
    await page.close();
    expect(ids).toEqual(expect.arrayContaining(['html-has-lang', 'image-alt']));
  });

  it('has zero errors from the Nu HTML Checker on every page', async () => {
    const messages = await vnu(pages);
    expect(messages.filter((m) => m.type === 'error').map((m) => `${m.url}: ${m.message}`)).toEqual([]);
  });

  it('the Nu HTML Checker does report broken HTML (the check can fail)', async () => {
    const bad = path.join(out, 'broken.html');
    await writeFile(bad, '<!DOCTYPE html><html lang="en"><title>x</title><p><div></p>');
    expect((await vnu([bad])).length).toBeGreaterThan(0);
  });
});
