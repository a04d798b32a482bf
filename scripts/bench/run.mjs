#!/usr/bin/env node
// `npm run bench [-- --notes N --seed S --concurrency C --large L --quick]`: builds a synthetic,
// seeded set of forums and measures notes against two floors on the same documents, in the same
// run: a bare unified pipeline and a bare Chromium print. Then validates and builds a larger set
// (--large, 1,000 notes) with the real CLI in child processes, for their time and peak memory.
// Prints a table with each target met or missed, and writes bench/results.json.
import { execFile } from 'node:child_process';
import { cpus, availableParallelism, totalmem, tmpdir, platform, release, loadavg } from 'node:os';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
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
const rss = () => process.memoryUsage().rss;
let peakRss = rss();
const sampler = setInterval(() => (peakRss = Math.max(peakRss, rss())), 50);

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
    try {
      total += Number(readFileSync(`/proc/${p}/statm`, 'utf8').split(' ')[1]) * 4096;
    } catch {
      // gone meanwhile
    }
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

/** Build, counting what was printed and sampling memory (Node's and the browser's) as PDFs are done. */
async function build(notes, out, options = {}) {
  const printed = [];
  const memory = [];
  let browserPid;
  const result = await time(() =>
    runBuild(notes, out, {
      concurrency: CONCURRENCY,
      browser: browser.path,
      timeoutMs: 30 * 60_000,
      ...options,
      onPrinter: (printer) => (browserPid = printer.pid()),
      onProgress: (event) => {
        if (!event.cached) printed.push(event.path);
        memory.push({ done: event.done, node: rss(), browser: treeRss(browserPid) });
      },
    }),
  );
  const errors = result.value.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`bench build failed: ${errors[0].file}:${errors[0].line} ${errors[0].message}`);
  return { ms: result.ms, outputs: result.value.outputs, cached: result.value.cached, remembered: result.value.remembered, printed, memory };
}

/** Run the real CLI in a child process; returns its time, exit code and peak resident memory. */
async function cli(args, env) {
  const rssFile = path.join(root, `rss-${Math.random().toString(36).slice(2)}`);
  const start = performance.now();
  const { code, stderr } = await promisify(execFile)(process.execPath, ['--import', new URL('./max-rss.mjs', import.meta.url).href, path.join(REPO, 'bin/notes.js'), ...args], {
    env: { ...process.env, ...env, NOTES_BENCH_RSS_FILE: rssFile, CI: '1' },
    maxBuffer: 64 * 1024 * 1024,
  }).then(
    (r) => ({ code: 0, ...r }),
    (error) => ({ code: error.code, stderr: error.stderr }),
  );
  const ms = performance.now() - start;
  const maxRss = Number(await readFile(rssFile, 'utf8').catch(() => '0'));
  return { ms, code, maxRssMB: Math.round(maxRss / 1024), stderr: String(stderr) };
}

const load = loadavg()[0];
console.log(`notes benchmark: ${N} notes in two languages in forums of 25 (seed ${SEED}), concurrency ${CONCURRENCY}, on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; load average ${load.toFixed(2)}`);
const notes = path.join(root, 'notes');
await generate(notes, { notes: N, seed: SEED });

// 1. Validate, in this process, every note checked (no memo).
const validated = await time(() => runValidate(notes));
const files = validated.value.project.notes.length;

// 2. HTML only, cold: every note parsed, checked and rendered.
const html = await build(notes, path.join(root, 'html'), { pdf: false, force: true });
const htmlDocs = html.outputs.filter((o) => o.path.endsWith('.html') && o.meta).length;

// 3. A full build (nothing remembered, nothing cached), a no-op rebuild, a rebuild after one note changed.
const out = path.join(root, 'out');
const full = await build(notes, out, { force: true });
const pdfs = full.outputs.filter((o) => o.path.endsWith('.pdf'));
const noop = await build(notes, out);
const one = path.join(notes, 'bench-forum-1', 'workshop-1.md');
await writeFile(one, (await readFile(one, 'utf8')).replace('## Objective\n\n', '## Objective\n\nOne new sentence for the benchmark.\n\n'));
const changed = await build(notes, out);
const expectedPrints = ['workshop-1/workshop-1.en.pdf', 'workshop-1/workshop-1.fr.pdf', 'bench-forum-1.en.pdf', 'bench-forum-1.fr.pdf'].map((p) => `bench-forum-1/${p}`);
const onlyItsOwn = JSON.stringify([...changed.printed].sort()) === JSON.stringify(expectedPrints.sort());

// 4. The floors, on the same documents.
const bodies = validated.value.project.notes.map((f) => {
  const text = String(f.value);
  return text.slice(text.indexOf('\n---\n') + 5);
});
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
clearInterval(sampler);

// 5. A larger set with the real CLI, each run in a child process of its own: time and peak RSS.
const big = path.join(root, 'big');
await generate(big, { notes: LARGE, seed: SEED + 1, editions: false });
const bigEnv = { NOTES_CACHE_DIR: path.join(root, 'big-cache') };
const bigValidateCold = await cli(['validate', '--notes', big], bigEnv);
const bigValidateWarm = await cli(['validate', '--notes', big], bigEnv);
const bigHtmlCold = await cli(['build', '--no-pdf', '--force', '--notes', big, '--out', path.join(root, 'big-out')], bigEnv);
const bigHtmlWarm = await cli(['build', '--no-pdf', '--notes', big, '--out', path.join(root, 'big-out')], bigEnv);
for (const run of [bigValidateCold, bigValidateWarm, bigHtmlCold, bigHtmlWarm]) {
  if (run.code !== 0) throw new Error(`bench: the CLI failed on the large set (${run.code}): ${run.stderr.slice(0, 500)}`);
}

const pdfMs = (full.ms - html.ms) / pdfs.length;
const htmlMs = html.ms / htmlDocs;
const unifiedMs = unifiedFloor.ms / bodies.length;
const chromiumMs = chromiumFloor.ms / printable.length;
const quarters = (key) => [1, 2, 3, 4].map((q) => mb(full.memory[Math.min(full.memory.length - 1, Math.floor((full.memory.length * q) / 4) - 1)]?.[key] ?? 0));
const nodeQuarters = quarters('node');
const browserQuarters = quarters('browser');
const flat = (q) => q[3] <= q[0] * 1.2 + 20;
const results = {
  machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), os: `${platform()} ${release()}`, node: process.version, browser: browser.path, loadAverageAtStart: load },
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
  pdfs: pdfs.length,
  unifiedFloorMsPerNote: unifiedMs,
  chromiumFloorMsPerPdf: chromiumMs,
  large: { notes: LARGE, validateCold: bigValidateCold, validateWarm: bigValidateWarm, htmlCold: bigHtmlCold, htmlWarm: bigHtmlWarm },
  peakRssMB: mb(peakRss),
  nodeRssDuringPrintMB: nodeQuarters,
  browserRssDuringPrintMB: browserQuarters,
};
for (const run of Object.values(results.large)) if (typeof run === 'object') delete run.stderr;
const targets = [
  ['PDF ≤ 1.15 × Chromium floor', pdfMs / chromiumMs <= 1.15, `${(pdfMs / chromiumMs).toFixed(2)} ×`],
  ['HTML ≤ 1.5 × unified floor', htmlMs / unifiedMs <= 1.5, `${(htmlMs / unifiedMs).toFixed(2)} ×`],
  ['no-op rebuild ≤ 5 % of a full build', noop.ms / full.ms <= 0.05, `${((noop.ms / full.ms) * 100).toFixed(1)} %`],
  ['one note changed: only its editions and the packs that hold it', onlyItsOwn, `${changed.printed.length} prints`],
  [`validate ${LARGE} notes < 1 s, no browser (unchanged notes, from the memo)`, bigValidateWarm.ms < 1000, `${(bigValidateWarm.ms / 1000).toFixed(2)} s`],
  [`validate ${LARGE} notes < 1 s, no browser (every note parsed: first run, or --no-cache)`, bigValidateCold.ms < 1000, `${(bigValidateCold.ms / 1000).toFixed(2)} s`],
  [`Node RSS ≤ 300 MB for ${LARGE} notes (validate and HTML build, cold)`, Math.max(bigValidateCold.maxRssMB, bigHtmlCold.maxRssMB) <= 300, `${bigValidateCold.maxRssMB} MB, ${bigHtmlCold.maxRssMB} MB`],
  [`memory flat across ${pdfs.length} PDFs`, flat(nodeQuarters) && flat(browserQuarters), `Node ${nodeQuarters.join(' → ')} MB; browser ${browserQuarters.join(' → ')} MB`],
];
results.targets = Object.fromEntries(targets.map(([name, met, shown]) => [name, { value: shown, met }]));

const rows = [
  ['validate', `${results.validateMsPerNote.toFixed(1)} ms/note`, `${files} notes, every one parsed`],
  ['HTML', `${htmlMs.toFixed(1)} ms/document`, `${(htmlMs / unifiedMs).toFixed(2)} × unified floor (${unifiedMs.toFixed(1)} ms/note); ${htmlDocs} documents in ${(html.ms / 1000).toFixed(1)} s`],
  ['PDF', `${pdfMs.toFixed(0)} ms/PDF`, `${(pdfMs / chromiumMs).toFixed(2)} × Chromium floor (${chromiumMs.toFixed(0)} ms/PDF)`],
  ['full build', `${(full.ms / 1000).toFixed(1)} s`, `${pdfs.length} PDFs, ${full.printed.length} printed`],
  ['no-op rebuild', `${(noop.ms / 1000).toFixed(2)} s`, `${((noop.ms / full.ms) * 100).toFixed(1)} % of full; ${noop.printed.length} printed, ${noop.cached} from the cache, ${noop.remembered?.notes} notes from the memo`],
  ['one note changed', `${(changed.ms / 1000).toFixed(2)} s`, `${changed.printed.length} printed (${changed.printed.join(', ')}), ${changed.cached} from the cache`],
  [`validate ${LARGE}, cold`, `${(bigValidateCold.ms / 1000).toFixed(2)} s`, `notes validate in a child process, peak RSS ${bigValidateCold.maxRssMB} MB`],
  [`validate ${LARGE}, warm`, `${(bigValidateWarm.ms / 1000).toFixed(2)} s`, `peak RSS ${bigValidateWarm.maxRssMB} MB`],
  [`HTML build ${LARGE}, cold`, `${(bigHtmlCold.ms / 1000).toFixed(2)} s`, `notes build --no-pdf --force, peak RSS ${bigHtmlCold.maxRssMB} MB`],
  [`HTML build ${LARGE}, warm`, `${(bigHtmlWarm.ms / 1000).toFixed(2)} s`, `peak RSS ${bigHtmlWarm.maxRssMB} MB`],
  ['memory while printing', `by quarter`, `Node ${nodeQuarters.join(' → ')} MB; browser ${browserQuarters.join(' → ')} MB (bench process peak ${mb(peakRss)} MB)`],
];
const width = Math.max(...rows.map((r) => r[0].length));
for (const [a, b, c] of rows) console.log(`${a.padEnd(width)}  ${b.padEnd(16)}  ${c}`);
console.log('');
for (const [name, , shown] of targets) console.log(`${results.targets[name].met ? 'met   ' : 'MISSED'}  ${name}: ${shown}`);

await mkdir(path.join(REPO, 'bench'), { recursive: true });
await writeFile(path.join(REPO, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('\nwrote bench/results.json');
if (values.keep) console.log(`kept ${root}`);
else await rm(root, { recursive: true, force: true });

