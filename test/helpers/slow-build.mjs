// A build that pauses after each output file is moved into place, so that a test can kill it
// there (kill -9) and look at what the output folder holds. Usage:
//   node test/helpers/slow-build.mjs NOTES OUT PAUSE_MS
// It prints "written <path>" as each file lands, then "done".
import { runBuild } from '../../dist/pipeline/index.js';

const [notes, out, pause] = process.argv.slice(2);
await runBuild(notes, out, {
  pdf: false,
  onWritten: async (relative) => {
    process.stdout.write(`written ${relative}\n`);
    await new Promise((resolve) => setTimeout(resolve, Number(pause)));
  },
});
process.stdout.write('done\n');
