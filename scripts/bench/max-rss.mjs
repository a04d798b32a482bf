// Loaded with `node --import` by the benchmark: writes the process's peak resident memory (KB,
// VmHWM: since its own start, worker threads included) to $NOTES_BENCH_RSS_FILE as it exits. Not
// process.resourceUsage().maxRSS: Linux carries that over from the parent across fork and exec,
// so a child of a large benchmark process would report the benchmark's memory.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.env.NOTES_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const status = readFileSync('/proc/self/status', 'utf8');
    writeFileSync(file, /VmHWM:\s*(\d+)/.exec(status)?.[1] ?? String(process.resourceUsage().maxRSS));
  });
}
