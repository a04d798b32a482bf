#!/usr/bin/env node
// `npm run bench [-- --notes N --seed S --concurrency C --quick]`: builds a synthetic, seeded
// forum and measures notes against two floors on the same documents, in the same run: a bare
// unified pipeline and a bare Chromium print. Prints a table and writes bench/results.json.
import { cpus, availableParallelism, totalmem, tmpdir, platform, release } from 'node:os';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import puppeteer from 'puppeteer';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { runBuild, runValidate } from '../../dist/pipeline/index.js';
import { findBrowser, isExecutable } from '../../dist/print/find-browser.js';
import { generate } from './generate.mjs';

const { values } = parseArgs({
  options: {
    notes: { type: 'string', default: '200' },
    seed: { type: 'string', default: '20250623' },
    concurrency: { type: 'string', default: String(availableParallelism()) },
    quick: { type: 'boolean', default: false },
    validate: { type: 'string', default: '1000' },
  },
});
const N = values.quick ? 20 : Number(values.notes);
const SEED = Number(values.seed);
const CONCURRENCY = Number(values.concurrency);
const VALIDATE_N = values.quick ? 100 : Number(values.validate);

const root = await mkdtemp(path.join(tmpdir(), 'notes-bench-'));
process.env.NOTES_CACHE_DIR = path.join(root, 'cache');
const browser = findBrowser({ env: process.env, platform: process.platform, isExecutable, puppeteerBrowser: () => undefined });
if (!browser || 'error' in browser) {
  console.error('bench: no Chrome or Chromium found (see README, Printing).');
  process.exit(1);
}

const time = async (fn) => {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
};
const rss = () => process.memoryUsage().rss;
let peakRss = rss();
const sampler = setInterval(() => (peakRss = Math.max(peakRss, rss())), 50);

/** Build, counting printed documents and sampling memory as PDFs are done. */
async function build(notes, out, options = {}) {
  let printed = 0;
  const memory = [];
  const result = await time(() =>
    runBuild(notes, out, {
      concurrency: CONCURRENCY,
      browser: browser.path,
      ...options,
      onPrinter: (printer) => {
        const print = printer.print;
        printer.print = (html) => {
          printed++;
          return print(html);
        };
      },
      onProgress: (event) => memory.push({ done: event.done, rss: rss() }),
    }),
  );
  const errors = result.value.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`bench build failed: ${errors[0].message}`);
  return { ms: result.ms, outputs: result.value.outputs, cached: result.value.cached, printed, memory };
}

console.log(`notes benchmark: ${N} notes in two languages (seed ${SEED}), concurrency ${CONCURRENCY}, on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
const notes = path.join(root, 'notes');
await generate(notes, { notes: N, seed: SEED });

// 1. Validate.
const validated = await time(() => runValidate(notes));
const files = validated.value.project.notes.length;

// 2. HTML only.
const htmlOut = path.join(root, 'html');
const html = await build(notes, htmlOut, { pdf: false });
const htmlDocs = html.outputs.filter((o) => o.path.endsWith('.html') && o.meta).length;

// 3. A full build (the cache starts empty), a no-op rebuild, a rebuild after one note changed.
const out = path.join(root, 'out');
const full = await build(notes, out);
const pdfs = full.outputs.filter((o) => o.path.endsWith('.pdf'));
const noop = await build(notes, out);
const one = path.join(notes, 'bench-forum', 'workshop-1.md');
await writeFile(one, (await readFile(one, 'utf8')).replace('## Objective\n\n', '## Objective\n\nOne new sentence for the benchmark.\n\n'));
const changed = await build(notes, out);

// 4. The floors, on the same documents.
const bodies = await Promise.all(
  validated.value.project.notes.map((f) => {
    const text = String(f.value);
    return text.slice(text.indexOf('\n---\n') + 5);
  }),
);
const processor = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeStringify);
const unifiedFloor = await time(async () => {
  for (const body of bodies) String(await processor.process(body));
});
const printable = full.outputs.filter((o) => o.meta && o.path.endsWith('.html'));
const chromiumFloor = await time(async () => {
  const b = await puppeteer.launch({ executablePath: browser.path, headless: true, pipe: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const limit = pLimit(CONCURRENCY);
    await Promise.all(
      printable.map((o) =>
        limit(async () => {
          // As notes does: the combined documents twice (the second pass fills in the page numbers).
          for (let pass = 0; pass < (o.kind === 'combined' ? 2 : 1); pass++) {
            const page = await b.newPage();
            await page.setContent(String(o.content), { waitUntil: 'load' });
            await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
            await page.close();
          }
        }),
      ),
    );
  } finally {
    await b.close();
  }
});

// 5. Validate a larger forum (no browser is involved in validation).
const big = path.join(root, 'big');
await generate(big, { notes: VALIDATE_N, seed: SEED + 1, editions: false });
const rssBefore = rss();
const bigValidate = await time(() => runValidate(big));
const bigRss = Math.max(rss(), rssBefore);
clearInterval(sampler);

const pdfMs = (full.ms - html.ms) / pdfs.length;
const htmlMs = html.ms / htmlDocs;
const unifiedMs = unifiedFloor.ms / bodies.length;
const chromiumMs = chromiumFloor.ms / printable.length;
const quarter = (q) => full.memory[Math.min(full.memory.length - 1, Math.floor((full.memory.length * q) / 4))]?.rss ?? 0;
const mb = (bytes) => Math.round(bytes / 1024 / 1024);
const results = {
  machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), os: `${platform()} ${release()}`, node: process.version, browser: browser.path },
  notes: N,
  seed: SEED,
  concurrency: CONCURRENCY,
  validateMsPerNote: validated.ms / files,
  htmlMsPerDocument: htmlMs,
  pdfMsPerPdf: pdfMs,
  fullBuildMs: full.ms,
  noopRebuildMs: noop.ms,
  oneChangedRebuildMs: changed.ms,
  oneChangedPrinted: changed.printed,
  oneChangedCached: changed.cached,
  pdfs: pdfs.length,
  unifiedFloorMsPerNote: unifiedMs,
  chromiumFloorMsPerPdf: chromiumMs,
  validateLargeMs: bigValidate.ms,
  validateLargeNotes: VALIDATE_N,
  peakRssMB: mb(peakRss),
  rssAfterLargeValidateMB: mb(bigRss),
  rssDuringPrintMB: [1, 2, 3, 4].map((q) => mb(quarter(q))),
};
const targets = [
  ['PDF ≤ 1.15 × Chromium floor', pdfMs / chromiumMs, 1.15, `${(pdfMs / chromiumMs).toFixed(2)} ×`],
  ['HTML ≤ 1.5 × unified floor', htmlMs / unifiedMs, 1.5, `${(htmlMs / unifiedMs).toFixed(2)} ×`],
  ['no-op rebuild ≤ 5 % of a full build', noop.ms / full.ms, 0.05, `${((noop.ms / full.ms) * 100).toFixed(1)} %`],
  [`validate ${VALIDATE_N} notes < 1 s`, bigValidate.ms / 1000, 1, `${(bigValidate.ms / 1000).toFixed(2)} s`],
  ['peak RSS ≤ 300 MB', mb(peakRss) / 300, 1, `${mb(peakRss)} MB`],
];
results.targets = Object.fromEntries(targets.map(([name, value, limit, shown]) => [name, { value: shown, met: value <= limit }]));

const rows = [
  ['validate', `${results.validateMsPerNote.toFixed(1)} ms/note`, ''],
  ['HTML', `${htmlMs.toFixed(1)} ms/document`, `${(htmlMs / unifiedMs).toFixed(2)} × unified floor (${unifiedMs.toFixed(1)} ms/note)`],
  ['PDF', `${pdfMs.toFixed(0)} ms/PDF`, `${(pdfMs / chromiumMs).toFixed(2)} × Chromium floor (${chromiumMs.toFixed(0)} ms/PDF)`],
  ['full build', `${(full.ms / 1000).toFixed(1)} s`, `${pdfs.length} PDFs, ${full.printed} prints`],
  ['no-op rebuild', `${(noop.ms / 1000).toFixed(2)} s`, `${((noop.ms / full.ms) * 100).toFixed(1)} % of full; ${noop.printed} prints, ${noop.cached} from cache`],
  ['one note changed', `${(changed.ms / 1000).toFixed(2)} s`, `${changed.printed} prints, ${changed.cached} from cache`],
  [`validate ${VALIDATE_N} notes`, `${(bigValidate.ms / 1000).toFixed(2)} s`, `RSS ${mb(bigRss)} MB, no browser`],
  ['peak RSS', `${mb(peakRss)} MB`, `during printing, by quarter: ${results.rssDuringPrintMB.join(' → ')} MB`],
];
const width = Math.max(...rows.map((r) => r[0].length));
for (const [a, b, c] of rows) console.log(`${a.padEnd(width)}  ${b.padEnd(18)}  ${c}`);
console.log('');
for (const [name, , , shown] of targets) console.log(`${results.targets[name].met ? 'met   ' : 'MISSED'}  ${name}: ${shown}`);

await mkdir(new URL('../../bench', import.meta.url), { recursive: true });
await writeFile(new URL('../../bench/results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
console.log('\nwrote bench/results.json');
await rm(root, { recursive: true, force: true });
