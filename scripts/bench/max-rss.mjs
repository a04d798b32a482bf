// Loaded with `node --import` by the benchmark into the CLI's process:
// - writes the process's peak resident memory (KB, VmHWM: since its own start, worker threads
//   included) to $NOTES_BENCH_RSS_FILE as it exits. Not process.resourceUsage().maxRSS: Linux
//   carries that over from the parent across fork and exec, so a child of a large benchmark
//   process would report the benchmark's memory;
// - with $NOTES_BENCH_HEAP_FILE (and --expose-gc), every 5 s collects garbage and records the
//   live heap ([ms since the epoch, bytes]), so that a leak can be told from memory the garbage
//   collector has not reclaimed yet.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.env.NOTES_BENCH_RSS_FILE;
const heapFile = process.env.NOTES_BENCH_HEAP_FILE;
const heap = [];
if (heapFile && typeof globalThis.gc === 'function') {
  setInterval(() => {
    globalThis.gc();
    const m = process.memoryUsage();
    heap.push([Date.now(), m.heapUsed + m.external]);
  }, 5000).unref();
}
process.on('exit', () => {
  if (file) {
    const status = readFileSync('/proc/self/status', 'utf8');
    writeFileSync(file, /VmHWM:\s*(\d+)/.exec(status)?.[1] ?? String(process.resourceUsage().maxRSS));
  }
  if (heapFile) writeFileSync(heapFile, JSON.stringify(heap));
});
