/// <reference lib="dom" />
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { pdfText } from '../helpers/pdf.js';
import { conceptNote, FORUM_YAML, testdir } from '../helpers/project.js';

// A project with a theme, built by the CLI with the real Chromium: the stylesheet's colour in the
// HTML and the PDF, Letter paper, a partial of the project and the package's where it has none,
// the logo on the cover and in the running header.
const run = promisify(execFile);
const ACCENT = [200, 0, 110] as const;
let browser: Browser;
let dir: string;
let out: string;
let plain: string;

/** A PNG of `width`×`height` pixels of one colour, as Chromium screenshots it. */
async function png(width: number, height: number, colour: string): Promise<Uint8Array> {
  const page = await browser.newPage();
  await page.setViewport({ width, height });
  await page.setContent(`<body style="margin:0;background:${colour}"></body>`);
  const shot = await page.screenshot({ type: 'png' });
  await page.close();
  return shot;
}

/** How many pixels of page `n` of a PDF are within 6 of `rgb` in each channel (rendered at 30 dpi). */
async function pixelsOf(pdf: string, n: number, rgb: readonly number[]): Promise<number> {
  const { stdout } = await run('pdftoppm', ['-r', '30', '-f', String(n), '-l', String(n), pdf], { encoding: 'buffer', maxBuffer: 50_000_000 });
  // P6 header: magic, width, height, maxval, each followed by one whitespace byte.
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(stdout.subarray(0, 50).toString('latin1'));
  if (!header) throw new Error('not a PPM');
  const pixels = stdout.subarray(header[0].length);
  let count = 0;
  for (let i = 0; i + 2 < pixels.length; i += 3) {
    if (Math.abs((pixels[i] as number) - (rgb[0] as number)) <= 6 && Math.abs((pixels[i + 1] as number) - (rgb[1] as number)) <= 6 && Math.abs((pixels[i + 2] as number) - (rgb[2] as number)) <= 6) count++;
  }
  return count;
}

/** The images pdfimages lists on page `n`. */
async function imagesOn(pdf: string, n: number): Promise<number> {
  const { stdout } = await run('pdfimages', ['-list', '-f', String(n), '-l', String(n), pdf]);
  return stdout.trim().split('\n').length - 2;
}

const notes = {
  'notes/forum/collection.yaml': FORUM_YAML,
  'notes/forum/workshop-1.md': conceptNote(),
};

beforeAll(async () => {
  browser = await puppeteer.launch({ executablePath: process.env['PUPPETEER_EXECUTABLE_PATH'] ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  dir = await testdir({
    ...notes,
    'brand/brand.css': `:root {\n  --accent: rgb(${ACCENT.join(', ')});\n}\n`,
    'brand/templates/partials/contacts.hbs': '<section class="contacts project-contacts"><h2>Write to the secretariat</h2>{{#each contacts}}<p>{{name}}</p>{{/each}}</section>\n',
    'notes.config.yaml': [
      'notes: notes',
      'out: out',
      'theme:',
      '  stylesheet: brand/brand.css',
      '  templates: brand/templates',
      '  logo: { src: brand/logo.png, alt: Test Organisation }',
      '  paper: Letter',
      '',
    ].join('\n'),
  });
  await writeFile(path.join(dir, 'brand/logo.png'), await png(240, 80, '#1d7a3a'));
  out = path.join(dir, 'out');
  const themed = await runCli(['build', '--config', path.join(dir, 'notes.config.yaml')]);
  if (themed.code !== 0) throw new Error(themed.stderr);
  // The same notes with no theme: the package's look.
  const bare = await testdir({ ...notes, 'notes.config.yaml': 'notes: notes\nout: out\n' });
  plain = path.join(bare, 'out');
  const built = await runCli(['build', '--config', path.join(bare, 'notes.config.yaml')]);
  if (built.code !== 0) throw new Error(built.stderr);
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

const note = (root: string, ext: string): string => path.join(root, 'test-forum', 'workshop-1', `workshop-1.en.${ext}`);
const combined = (root: string, ext: string): string => path.join(root, 'test-forum', `test-forum.en.${ext}`);

describe('a project stylesheet', () => {
  it('changes the accent colour in the HTML, after the built-in styles', async () => {
    const html = await readFile(note(out, 'html'), 'utf8');
    expect(html.indexOf('--accent: #0b5fa5')).toBeLessThan(html.indexOf(`--accent: rgb(${ACCENT.join(', ')})`));
    const page = await browser.newPage();
    await page.setContent(html);
    const colour = await page.$eval('.collection-name', (e) => getComputedStyle(e).color);
    await page.close();
    expect(colour).toBe(`rgb(${ACCENT.join(', ')})`);
    const page2 = await browser.newPage();
    await page2.setContent(await readFile(note(plain, 'html'), 'utf8'));
    expect(await page2.$eval('.collection-name', (e) => getComputedStyle(e).color)).toBe('rgb(11, 95, 165)');
    await page2.close();
  });

  it('changes it in the PDF: the session table’s head is painted in it, and not without the theme', async () => {
    expect(await pixelsOf(note(out, 'pdf'), 1, ACCENT)).toBeGreaterThan(100);
    expect(await pixelsOf(note(plain, 'pdf'), 1, ACCENT)).toBe(0);
  });
});

describe('paper', () => {
  it('prints every page on Letter (612 × 792 pt) with the theme, A4 without', async () => {
    for (const file of [note(out, 'pdf'), combined(out, 'pdf')]) {
      const pdf = await PDFDocument.load(await readFile(file));
      for (const page of pdf.getPages()) expect([Math.round(page.getWidth()), Math.round(page.getHeight())]).toEqual([612, 792]);
    }
    const a4 = await PDFDocument.load(await readFile(note(plain, 'pdf')));
    expect([Math.round(a4.getPage(0).getWidth()), Math.round(a4.getPage(0).getHeight())]).toEqual([595, 842]);
  });
});

describe('template overrides', () => {
  it('uses the project’s partial where it has one, and the package’s where it has none', async () => {
    const html = await readFile(note(out, 'html'), 'utf8');
    expect(html).toContain('<section class="contacts project-contacts"><h2>Write to the secretariat</h2><p>Ada Lovelace</p></section>');
    // The facts and sessions partials are the package's.
    expect(html).toContain('class="facts');
    expect(html).toMatch(/<table class="sessions/);
    expect(await pdfText(note(out, 'pdf'))).toContain('Write to the secretariat');
    expect(await readFile(note(plain, 'html'), 'utf8')).not.toContain('Write to the secretariat');
  });
});

describe('the logo', () => {
  it('is on the cover of the combined document, with its alternative text', async () => {
    const html = await readFile(combined(out, 'html'), 'utf8');
    expect(html).toMatch(/<section class="cover"[^>]*>\s*<img class="cover-logo" src="data:image\/png;base64,[^"]+" alt="Test Organisation">/);
    expect(await imagesOn(combined(out, 'pdf'), 1)).toBeGreaterThanOrEqual(1);
    expect(await imagesOn(combined(plain, 'pdf'), 1)).toBe(0);
    // Green on the cover, where the logo is printed.
    expect(await pixelsOf(combined(out, 'pdf'), 1, [29, 122, 58])).toBeGreaterThan(20);
  });

  it('heads the note’s first page and the running header of the pages after it', async () => {
    expect(await readFile(note(out, 'html'), 'utf8')).toContain('<img class="brand-logo" src="data:image/png;base64,');
    expect(await pixelsOf(note(out, 'pdf'), 1, [29, 122, 58])).toBeGreaterThan(20);
    const pages = (await PDFDocument.load(await readFile(combined(out, 'pdf')))).getPageCount();
    expect(pages).toBeGreaterThan(2);
    // Page 2 of the combined document has no logo of its own: the one there is the running header's.
    expect(await pixelsOf(combined(out, 'pdf'), 2, [29, 122, 58])).toBeGreaterThan(5);
    expect(await pixelsOf(combined(plain, 'pdf'), 2, [29, 122, 58])).toBe(0);
  });
});

describe('what is remembered', () => {
  it('prints again when the theme changes, and takes unchanged PDFs from the cache when it does not', async () => {
    const config = path.join(dir, 'notes.config.yaml');
    const again = await runCli(['build', '--config', config]);
    expect(again.stderr).toMatch(/\((\d+) unchanged, from the cache\)/);
    const all = /of \d+ pages? \((\d+) unchanged/.exec(again.stderr)?.[1];
    expect(/(\d+) PDFs? of/.exec(again.stderr)?.[1]).toBe(all);
    await writeFile(path.join(dir, 'brand/brand.css'), ':root {\n  --accent: rgb(0, 120, 0);\n}\n');
    const changed = await runCli(['build', '--config', config]);
    expect(changed.code).toBe(0);
    expect(changed.stderr).toContain('(0 unchanged, from the cache)');
    expect(await readFile(note(out, 'html'), 'utf8')).toContain('--accent: rgb(0, 120, 0)');
    expect(await pixelsOf(note(out, 'pdf'), 1, [0, 120, 0])).toBeGreaterThan(100);
  });
});
