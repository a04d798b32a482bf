import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild, type BuildOptions } from '../../src/pipeline/index.js';
import { cacheDirFor } from '../../src/cache/pdf-cache.js';
import { isStored } from '../../src/pack/pack.js';
import { contentBytes } from '../../src/write/write.js';
import { loadResources, type Resources } from '../../src/load/resources.js';
import type { Printer } from '../../src/print/printer.js';
import { conceptNote, FORUM_YAML, testdir } from '../helpers/project.js';

// Incremental builds: a PDF is printed again only when something that shapes it changed. What
// is printed is counted at the printer itself (every call to print()), so a test sees exactly
// which documents a rebuild printed, and whether a browser was started at all.

const ENV = { PATH: process.env['PATH'], PUPPETEER_EXECUTABLE_PATH: process.env['PUPPETEER_EXECUTABLE_PATH'] };
const temps: string[] = [];
let resources: Resources;

beforeAll(async () => {
  resources = await loadResources();
});
afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function forum(): Promise<string> {
  const files: Record<string, string> = { 'c/collection.yaml': FORUM_YAML };
  for (let n = 1; n <= 3; n++) files[`c/w${n}.md`] = conceptNote().replace('workshop: 1', `workshop: ${n}`).replace('Opening text.', `Opening text of workshop ${n}.`);
  const dir = await testdir(files);
  temps.push(dir);
  return dir;
}

/** Build, counting the browsers started and the pages printed (by their <title>). */
async function build(notes: string, out: string, options: BuildOptions = {}, res: Resources = resources) {
  let launched = 0;
  const printed: string[] = [];
  const result = await runBuild(
    notes,
    out,
    {
      env: ENV,
      ...options,
      onPrinter: (printer: Printer) => {
        launched++;
        const print = printer.print;
        printer.print = async (html) => {
          printed.push(/<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '?');
          return print(html);
        };
      },
    },
    res,
  );
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { ...result, launched, printed: printed.sort() };
}

async function hashes(out: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const entry of await readdir(out, { recursive: true, withFileTypes: true })) {
    const abs = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && !path.relative(out, abs).startsWith('.notes-')) found.set(path.relative(out, abs), createHash('sha256').update(await readFile(abs)).digest('hex'));
  }
  return found;
}

describe('a rebuild', () => {
  let notes: string;
  let out: string;
  let first: Awaited<ReturnType<typeof build>>;
  let firstFiles: Map<string, string>;

  beforeAll(async () => {
    notes = await forum();
    out = await mkdtemp(path.join(tmpdir(), 'notes-cache-'));
    temps.push(out);
    first = await build(notes, out);
    firstFiles = await hashes(out);
  }, 120_000);

  it('the first build prints every document: 3 notes, and the combined document twice', async () => {
    expect(first.launched).toBe(1);
    expect(first.printed).toHaveLength(5);
    expect(first.cached).toBe(0);
    // The cache is kept outside the output folder, which is published.
    expect(cacheDirFor(out).startsWith(out)).toBe(false);
    expect(await readdir(out)).toEqual(['index.html', 'test-forum']);
    expect(existsSync(path.join(cacheDirFor(out), 'index.json'))).toBe(true);
    // The PDFs are not held in memory until the end: each lies in the cache once printed.
    const pdfs = first.outputs.filter((o) => o.path.endsWith('.pdf'));
    expect(pdfs).toHaveLength(4);
    for (const pdf of pdfs) {
      expect(isStored(pdf.content)).toBe(true);
      if (isStored(pdf.content)) expect(path.dirname(pdf.content.file)).toBe(cacheDirFor(out));
    }
  });

  it('a PDF in the cache that changed between printing and writing is not written', async () => {
    const [pdf] = first.outputs.filter((o) => o.path.endsWith('.pdf'));
    if (!pdf || !isStored(pdf.content)) throw new Error('expected a stored PDF');
    await expect(contentBytes({ ...pdf.content, sha256: '0'.repeat(64) })).rejects.toThrow(/changed after it was printed/);
    expect((await contentBytes(pdf.content)).byteLength).toBe(pdf.content.bytes);
  });

  it('with nothing changed: no browser is started, nothing printed, every file the same and left untouched', async () => {
    const pdf = path.join(out, 'test-forum/w2/w2.en.pdf');
    const before = (await stat(pdf)).mtimeMs;
    const again = await build(notes, out);
    expect(again.launched).toBe(0);
    expect(again.printed).toEqual([]);
    expect(again.cached).toBe(4);
    expect(await hashes(out)).toEqual(firstFiles);
    expect((await stat(pdf)).mtimeMs).toBe(before);
  });

  it('after one note changed: only that note and the combined document that holds it are printed', async () => {
    const file = path.join(notes, 'c/w2.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('Opening text of workshop 2.', 'Opening text of workshop 2, revised.'));
    const unchanged = path.join(out, 'test-forum/w1/w1.en.pdf');
    const before = (await stat(unchanged)).mtimeMs;
    const again = await build(notes, out);
    expect(again.launched).toBe(1);
    // w2's own edition once, the combined document twice (its two passes); w1 and w3 not at all.
    expect(again.printed.filter((t) => /Workshop 2|Test Forum/.test(t))).toHaveLength(3);
    expect(again.printed).toHaveLength(3);
    expect(again.cached).toBe(2);
    const now = await hashes(out);
    const changed = [...now].filter(([rel, hash]) => firstFiles.get(rel) !== hash).map(([rel]) => rel).sort();
    expect(changed).toEqual(expect.arrayContaining(['test-forum/w2/w2.en.html', 'test-forum/w2/w2.en.pdf', 'test-forum/test-forum.en.pdf', 'test-forum/test-forum.en.html']));
    expect(changed.filter((rel) => /w[13]\//.test(rel))).toEqual([]);
    expect((await stat(unchanged)).mtimeMs).toBe(before);
    // The cache keeps only what this build used: 4 PDFs.
    expect((await readdir(cacheDirFor(out))).filter((n) => n.endsWith('.pdf'))).toHaveLength(4);
  });

  it('--force prints everything again, and gives the same bytes', async () => {
    const before = await hashes(out);
    const again = await build(notes, out, { force: true });
    expect(again.printed).toHaveLength(5);
    expect(again.cached).toBe(0);
    expect(await hashes(out)).toEqual(before);
  });

  it('a change to the styles (a template, a label) prints every document again', async () => {
    const again = await build(notes, out, {}, { ...resources, styles: `${resources.styles}\n/* changed */\n` });
    expect(again.printed).toHaveLength(5);
  });
});

describe('a damaged or foreign cache', () => {
  let notes: string;
  let out: string;
  let good: Map<string, string>;

  beforeAll(async () => {
    notes = await forum();
    out = await mkdtemp(path.join(tmpdir(), 'notes-cache-'));
    temps.push(out);
    await build(notes, out);
    good = await hashes(out);
  }, 120_000);

  it('a cached PDF whose bytes changed is not trusted: it is printed again, right', async () => {
    const dir = cacheDirFor(out);
    const [victim] = (await readdir(dir)).filter((n) => n.endsWith('.pdf'));
    await writeFile(path.join(dir, victim as string), '%PDF-1.7 not the PDF that was cached');
    const again = await build(notes, out);
    expect(again.printed.length).toBeGreaterThan(0);
    expect(again.cached).toBe(3);
    expect(await hashes(out)).toEqual(good);
  });

  it.each([
    ['not JSON', 'this is not JSON'],
    ['another layout', JSON.stringify({ format: 99, tool: '0.1.0', entries: {} })],
    ['another version of notes', JSON.stringify({ format: 1, tool: '0.0.1', entries: {} })],
    ['entries that are not hashes', JSON.stringify({ format: 1, tool: '0.1.0', entries: { '../../etc/passwd': 'x' } })],
  ])('an index that is %s: the whole cache is discarded, and said so', async (_what, index) => {
    await writeFile(path.join(cacheDirFor(out), 'index.json'), index);
    const notices: string[] = [];
    const again = await build(notes, out, { onNotice: (m) => notices.push(m) });
    expect(again.cached).toBe(0);
    expect(again.printed).toHaveLength(5);
    expect(notices.join('\n')).toContain('The PDF cache');
    expect(await hashes(out)).toEqual(good);
  });
});
