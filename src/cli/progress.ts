import type { Io } from './io.js';
import { terminalSafe } from '../diagnostics/report.js';

/** One document done: printed, taken from the cache, or failed (reported as print-failed). */
export interface ProgressEvent {
  done: number;
  total: number;
  path: string;
  cached: boolean;
  failed?: boolean;
}

/** Shows printing progress: a bar on a terminal, plain lines elsewhere (or when CI is set). */
export interface Progress {
  update(event: ProgressEvent): void;
  /** Clear the bar before the summary. */
  finish(): void;
}

const WIDTH = 24;
/** Back to the start of the line and erase it: a cursor control, not a colour (picocolors has none). */
const ERASE_LINE = '\r\u001b[K';

/** The bar line for a terminal: `[#########.......]  5/12  test-forum/w1/w1.en.pdf`. */
export function barLine(event: ProgressEvent, columns = 80): string {
  const filled = event.total === 0 ? WIDTH : Math.round((event.done / event.total) * WIDTH);
  const head = `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(event.done).padStart(String(event.total).length)}/${event.total}  `;
  const label = event.failed ? 'failed ' : '';
  const room = Math.max(10, columns - head.length - label.length - 1);
  // A note's file name reaches the terminal: its control characters are shown, never obeyed.
  const shown = terminalSafe(event.path);
  const path = shown.length > room ? `…${shown.slice(-(room - 1))}` : shown;
  return head + label + path;
}

/** The plain line for a log: `[5/12] printed test-forum/w1/w1.en.pdf` (or unchanged, or failed). */
export function plainLine(event: ProgressEvent): string {
  return `[${event.done}/${event.total}] ${event.failed ? 'failed' : event.cached ? 'unchanged' : 'printed'} ${terminalSafe(event.path)}`;
}

/**
 * The progress display for `io`: a bar on a terminal, plain lines in a log. Nothing with --quiet;
 * with --verbose, the plain lines even on a terminal, so each PDF printed or taken from the cache stays said.
 */
export function createProgress(io: Io): Progress {
  if (io.verbosity === 'quiet') return { update: () => undefined, finish: () => undefined };
  const stream = io.stderr as Io['stderr'] & { columns?: number };
  const bar = stream.isTTY === true && !io.env['CI'] && io.env['TERM'] !== 'dumb' && io.verbosity !== 'verbose';
  let shown = false;
  return {
    update(event) {
      if (bar) {
        stream.write(`${ERASE_LINE}${barLine(event, stream.columns)}`);
        shown = true;
      } else {
        stream.write(`${plainLine(event)}\n`);
      }
    },
    finish() {
      if (shown) stream.write(ERASE_LINE);
      shown = false;
    },
  };
}
