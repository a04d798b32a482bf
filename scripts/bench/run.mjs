#!/usr/bin/env node
// `npm run bench [-- --notes N --seed S --concurrency C --large L --quick --keep]`: builds a
// synthetic, seeded set of forums with the real CLI (each run a child process, its memory and its
// browser's sampled) and measures it against two floors on the same documents, in the same run:
// a bare unified pipeline and a bare Chromium print. Then validates and builds a larger set
// (--large, 1,000 notes). Prints a table with each target met or missed; writes bench/results.json.
import { execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import pLimit from 'p-limit';
import puppeteer from 'puppeteer-core';
import { runValidate } from '../../dist/pipeline/index.js';
import { findBrowser, isExecutable } from '../../dist/print/find-browser.js';
import { generate } from './generate.mjs';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({
  options: {
    notes: { type: 'string', default: '250' },
    seed: { type: 'string', default: '20250623' },
    concurrency: { type: 'string', default: String(availableParallelism()) },
    large: { type: 'string', default: '1000' },
    quick: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const N = values.quick ? 20 : Number(values.notes);
const SEED = Number(values.seed);
const CONCURRENCY = Number(values.concurrency);
const LARGE = values.quick ? 100 : Number(values.large);

const root = await mkdtemp(path.join(tmpdir(), 'notes-bench-'));
// Every run's caches (the note memo and the PDF cache) in a folder of the benchmark's own.
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
const mb = (bytes) => Math.round(bytes / 1024 / 1024);

/** Every file below `dir`, relative to it, `/`-separated. */
async function listFiles(dir) {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath ?? e.path, e.name)).split(path.sep).join('/'));
}

/** Resident memory of one process (VmRSS), in bytes; 0 when it is gone. */
function ownRss(pid) {
  try {
    return Number(/VmRSS:\s*(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** Resident memory of a process and all its descendants (Linux /proc), in bytes. */
function treeRss(pid) {
  if (!pid || process.platform !== 'linux') return 0;
  const children = new Map();
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop();
    total += ownRss(p);
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

/**
 * Run the real CLI in a child process; returns its time, exit code, output and peak resident
 * memory (VmHWM, read by max-rss.mjs as it exits). With `sample`, the child's memory and its
 * browser's (every process below it) are read every 250 ms, with how many PDFs it had done.
 */
async function cli(args, { sample = false } = {}) {
  const rssFile = path.join(root, `rss-${Math.random().toString(36).slice(2)}`);
  const heapFile = path.join(root, `heap-${Math.random().toString(36).slice(2)}`);
  const start = performance.now();
  const probe = ['--import', new URL('./max-rss.mjs', import.meta.url).href, ...(sample ? ['--expose-gc'] : [])];
  const child = spawn(process.execPath, [...probe, path.join(REPO, 'bin/notes.js'), ...args], {
    env: { ...process.env, NOTES_BENCH_RSS_FILE: rssFile, ...(sample && { NOTES_BENCH_HEAP_FILE: heapFile }), CI: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const progress = [];
  let stderr = '';
  let done = 0;
  const printed = [];
  const samples = [];
  child.stdout.resume();
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    for (const match of String(chunk).matchAll(/^\[(\d+)\/\d+\] (printed|unchanged) (.+)$/gm)) {
      done = Number(match[1]);
      progress.push([Date.now(), done]);
      if (match[2] === 'printed') printed.push(match[3]);
    }
  });
  const timer = sample
    ? setInterval(() => {
        const node = ownRss(child.pid);
        samples.push({ done, node, browser: treeRss(child.pid) - node });
      }, 250)
    : undefined;
  const code = await new Promise((resolve) => child.on('close', resolve));
  clearInterval(timer);
  const ms = performance.now() - start;
  const maxRss = Number(await readFile(rssFile, 'utf8').catch(() => '0'));
  // The live heap after each collection, with how many PDFs were done by then.
  const heap = sample
    ? JSON.parse(await readFile(heapFile, 'utf8').catch(() => '[]')).map(([at, bytes]) => ({ done: progress.filter(([t]) => t <= at).pop()?.[1] ?? 0, bytes }))
    : [];
  if (code !== 0) throw new Error(`bench: notes ${args.join(' ')} failed (${code}): ${stderr.slice(-800)}`);
  const summary = /Done in [^\n]*/.exec(stderr)?.[0] ?? '';
  return {
    ms,
    maxRssMB: Math.round(maxRss / 1024),
    printed,
    samples,
    heap,
    cached: Number(/\((\d+) unchanged, from the cache\)/.exec(summary)?.[1] ?? 0),
    remembered: Number(/\((\d+) unchanged, from the memo\)/.exec(summary)?.[1] ?? 0),
  };
}

/** `notes build` of `notes` into `out` with the benchmark's browser and concurrency. */
const build = (notes, out, flags = [], options = {}) =>
  cli(['build', '--notes', notes, '--out', out, '--concurrency', String(CONCURRENCY), '--browser', browser.path, '--timeout', '1800', ...flags], options);

const load = loadavg()[0];
console.log(`notes benchmark: ${N} notes in two languages in forums of 25 (seed ${SEED}), concurrency ${CONCURRENCY}, on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; load average ${load.toFixed(2)}`);
const notes = path.join(root, 'notes');
await generate(notes, { notes: N, seed: SEED });

// 1. Validate, in this process, every note checked (no memo).
const validated = await time(() => runValidate(notes));
const files = validated.value.project.notes.length;

// 2. HTML only, cold: every note parsed, checked and rendered (the memo is refilled, not read).
// For the HTML figure, notes and the unified floor each run in a fresh process of their own
// (html-child.mjs; start-up not counted), three times, the median kept. By the CLI too, whose
// time the full build's is compared with for the PDF figure.
const htmlOut = path.join(root, 'html');
const child = async (...args) => {
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const { stdout } = await promisify(execFile)(process.execPath, [fileURLToPath(new URL('./html-child.mjs', import.meta.url)), ...args], { maxBuffer: 1 << 24 });
    runs.push(JSON.parse(stdout));
  }
  return runs.sort((a, b) => a.ms - b.ms)[1];
};
const htmlInProcess = await child('notes', notes, path.join(root, 'html-in-process'));
const unifiedFloor = await child('floor', notes);
const html = await build(notes, htmlOut, ['--no-pdf', '--force']);

// 3. A full build (nothing remembered, nothing cached) with its memory sampled, a no-op rebuild,
// and a rebuild after one note changed.
const out = path.join(root, 'out');
const full = await build(notes, out, ['--force'], { sample: true });
const pdfs = (await listFiles(out)).filter((f) => f.endsWith('.pdf'));
const noop = await build(notes, out);
const one = path.join(notes, 'bench-forum-1', 'workshop-1.md');
await writeFile(one, (await readFile(one, 'utf8')).replace('## Objective\n\n', '## Objective\n\nOne new sentence for the benchmark.\n\n'));
const changed = await build(notes, out);
const expectedPrints = ['workshop-1/workshop-1.en.pdf', 'workshop-1/workshop-1.fr.pdf', 'bench-forum-1.en.pdf', 'bench-forum-1.fr.pdf'].map((p) => `bench-forum-1/${p}`);
const onlyItsOwn = JSON.stringify([...changed.printed].sort()) === JSON.stringify(expectedPrints.sort());

// 4. The Chromium floor, on the same documents.
// The HTML of every document printed (each PDF lies beside its HTML), as the build wrote it.
const printable = await Promise.all(
  pdfs.map(async (pdf) => ({ combined: !pdf.includes('/workshop-'), content: await readFile(path.join(out, pdf.replace(/\.pdf$/, '.html')), 'utf8') })),
);
const chromiumFloor = await time(async () => {
  const b = await puppeteer.launch({ executablePath: browser.path, headless: true, pipe: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const limit = pLimit(CONCURRENCY);
    await Promise.all(
      printable.map((o) =>
        limit(async () => {
          // As notes does: the combined documents twice (the second pass fills in the page numbers).
          for (let pass = 0; pass < (o.combined ? 2 : 1); pass++) {
            const page = await b.newPage();
            await page.setContent(o.content, { waitUntil: 'load' });
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

// 5. A larger set: validated and built (HTML) by the CLI, cold then warm.
const big = path.join(root, 'big');
await generate(big, { notes: LARGE, seed: SEED + 1, editions: false });
const bigValidateCold = await cli(['validate', '--notes', big]);
const bigValidateWarm = await cli(['validate', '--notes', big]);
const bigHtmlCold = await cli(['build', '--no-pdf', '--force', '--notes', big, '--out', path.join(root, 'big-out')]);
const bigHtmlWarm = await cli(['build', '--no-pdf', '--notes', big, '--out', path.join(root, 'big-out')]);

const pdfMs = (full.ms - html.ms) / pdfs.length;
const htmlMs = htmlInProcess.ms / htmlInProcess.documents;
const unifiedMs = unifiedFloor.ms / unifiedFloor.documents;
const chromiumMs = chromiumFloor.ms / printable.length;
// Memory by quarter of the PDFs done: the mean of the samples taken while that quarter printed,
// and their least, the level memory comes back to between documents. A leak (a page or a PDF
// kept) raises that level quarter after quarter; a large document printing only lifts the mean.
const quarters = (key, fold) =>
  [1, 2, 3, 4].map((q) => {
    // Only while printing: before the browser is up, and once the last PDF is done, are not.
    const printing = full.samples.filter((x) => x.browser > 0 && x.done < pdfs.length);
    const inQuarter = printing.filter((x) => x.done >= ((q - 1) * pdfs.length) / 4 && x.done < (q * pdfs.length) / 4).map((x) => x[key]);
    return inQuarter.length === 0 ? 0 : mb(fold(inQuarter));
  });
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const least = (xs) => Math.min(...xs);
const nodeQuarters = quarters('node', mean);
const browserQuarters = quarters('browser', mean);
const nodeLeast = quarters('node', least);
const browserLeast = quarters('browser', least);
// Flat: the least of the last quarter within 10 % (and 30 MB) of the second's (the first quarter
// includes start-up and the end of checking).
const flat = (q) => q[3] <= q[1] * 1.1 + 30;
// notes' live heap after a garbage collection, by quarter (the mean of the collections made then).
const liveHeap = [1, 2, 3, 4].map((q) => {
  const inQuarter = full.heap.filter((x) => x.done >= ((q - 1) * pdfs.length) / 4 && x.done < (q * pdfs.length) / 4 && x.done > 0);
  return inQuarter.length === 0 ? 0 : mb(inQuarter.reduce((sum, x) => sum + x.bytes, 0) / inQuarter.length);
});
const brief = ({ ms, maxRssMB }) => ({ ms: Math.round(ms), maxRssMB });
const results = {
  machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), os: `${platform()} ${release()}`, node: process.version, browser: browser.path, loadAverageAtStart: load },
  notes: N,
  seed: SEED,
  concurrency: CONCURRENCY,
  validateMsPerNote: validated.ms / files,
  htmlMsPerDocument: htmlMs,
  pdfMsPerPdf: pdfMs,
  fullBuildMs: full.ms,
  fullBuildPeakRssMB: full.maxRssMB,
  noopRebuildMs: noop.ms,
  oneChangedRebuildMs: changed.ms,
  oneChangedPrinted: changed.printed,
  pdfs: pdfs.length,
  unifiedFloorMsPerNote: unifiedMs,
  chromiumFloorMsPerPdf: chromiumMs,
  large: { notes: LARGE, validateCold: brief(bigValidateCold), validateWarm: brief(bigValidateWarm), htmlCold: brief(bigHtmlCold), htmlWarm: brief(bigHtmlWarm) },
  nodeRssDuringPrintMB: { mean: nodeQuarters, least: nodeLeast },
  nodeLiveHeapDuringPrintMB: liveHeap,
  browserRssDuringPrintMB: { mean: browserQuarters, least: browserLeast },
};
const targets = [
  ['PDF ≤ 1.15 × Chromium floor', pdfMs / chromiumMs <= 1.15, `${(pdfMs / chromiumMs).toFixed(2)} ×`],
  ['HTML ≤ 1.5 × unified floor', htmlMs / unifiedMs <= 1.5, `${(htmlMs / unifiedMs).toFixed(2)} ×`],
  ['no-op rebuild ≤ 5 % of a full build', noop.ms / full.ms <= 0.05, `${((noop.ms / full.ms) * 100).toFixed(1)} %`],
  ['one note changed: only its editions and the packs that hold it', onlyItsOwn, `${changed.printed.length} prints`],
  [`validate ${LARGE} notes < 1 s, no browser (unchanged notes, from the memo)`, bigValidateWarm.ms < 1000, `${(bigValidateWarm.ms / 1000).toFixed(2)} s`],
  [`validate ${LARGE} notes < 1 s, no browser (every note parsed: first run, or --no-cache)`, bigValidateCold.ms < 1000, `${(bigValidateCold.ms / 1000).toFixed(2)} s`],
  [`Node RSS ≤ 300 MB for ${LARGE} notes, validate (cold, warm)`, Math.max(bigValidateCold.maxRssMB, bigValidateWarm.maxRssMB) <= 300, `${bigValidateCold.maxRssMB} MB, ${bigValidateWarm.maxRssMB} MB`],
  [`Node RSS ≤ 300 MB for ${LARGE} notes, HTML build (cold, warm)`, Math.max(bigHtmlCold.maxRssMB, bigHtmlWarm.maxRssMB) <= 300, `${bigHtmlCold.maxRssMB} MB, ${bigHtmlWarm.maxRssMB} MB`],
  [
    `memory flat across ${pdfs.length} PDFs (notes' live heap, the browser's least RSS, by quarter)`,
    liveHeap.slice(1).includes(0) ? undefined : flat(liveHeap) && flat(browserLeast),
    `notes ${liveHeap.join(' → ')} MB; browser ${browserLeast.join(' → ')} MB${liveHeap.slice(1).includes(0) ? ' (too short a build to sample every quarter: run without --quick)' : ''}`,
  ],
];
results.targets = Object.fromEntries(targets.map(([name, met, shown]) => [name, { value: shown, met }]));

const rows = [
  ['validate', `${results.validateMsPerNote.toFixed(1)} ms/note`, `${files} notes, every one parsed, in this process`],
  ['HTML', `${htmlMs.toFixed(1)} ms/document`, `${(htmlMs / unifiedMs).toFixed(2)} × unified floor (${unifiedMs.toFixed(1)} ms/note); ${htmlInProcess.documents} documents in ${(htmlInProcess.ms / 1000).toFixed(1)} s (median of 3, fresh processes, both sides); by the CLI ${(html.ms / 1000).toFixed(1)} s`],
  ['PDF', `${pdfMs.toFixed(0)} ms/PDF`, `${(pdfMs / chromiumMs).toFixed(2)} × Chromium floor (${chromiumMs.toFixed(0)} ms/PDF)`],
  ['full build', `${(full.ms / 1000).toFixed(1)} s`, `${pdfs.length} PDFs, ${full.printed.length} printed (notes build --force); peak RSS ${full.maxRssMB} MB`],
  ['no-op rebuild', `${(noop.ms / 1000).toFixed(2)} s`, `${((noop.ms / full.ms) * 100).toFixed(1)} % of full; ${noop.printed.length} printed, ${noop.cached} from the cache, ${noop.remembered} notes from the memo`],
  ['one note changed', `${(changed.ms / 1000).toFixed(2)} s`, `${changed.printed.length} printed (${changed.printed.join(', ')}), ${changed.cached} from the cache`],
  [`validate ${LARGE}, cold`, `${(bigValidateCold.ms / 1000).toFixed(2)} s`, `notes validate, peak RSS ${bigValidateCold.maxRssMB} MB`],
  [`validate ${LARGE}, warm`, `${(bigValidateWarm.ms / 1000).toFixed(2)} s`, `peak RSS ${bigValidateWarm.maxRssMB} MB`],
  [`HTML build ${LARGE}, cold`, `${(bigHtmlCold.ms / 1000).toFixed(2)} s`, `notes build --no-pdf --force, peak RSS ${bigHtmlCold.maxRssMB} MB`],
  [`HTML build ${LARGE}, warm`, `${(bigHtmlWarm.ms / 1000).toFixed(2)} s`, `peak RSS ${bigHtmlWarm.maxRssMB} MB`],
  ['memory while printing', 'by quarter', `mean: notes ${nodeQuarters.join(' → ')} MB, its browser ${browserQuarters.join(' → ')} MB; least: notes ${nodeLeast.join(' → ')} MB, browser ${browserLeast.join(' → ')} MB; notes' live heap ${liveHeap.join(' → ')} MB`],
];
const width = Math.max(...rows.map((r) => r[0].length));
for (const [a, b, c] of rows) console.log(`${a.padEnd(width)}  ${b.padEnd(16)}  ${c}`);
console.log('');
for (const [name, , shown] of targets) {
  const { met } = results.targets[name];
  console.log(`${met === undefined ? 'n/a   ' : met ? 'met   ' : 'MISSED'}  ${name}: ${shown}`);
}

await mkdir(path.join(REPO, 'bench'), { recursive: true });
await writeFile(path.join(REPO, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('\nwrote bench/results.json');
if (values.keep) console.log(`kept ${root}`);
else await rm(root, { recursive: true, force: true });
