import type { Io } from './io.js';

/** One document done: printed, or taken from the cache. */
export interface ProgressEvent {
  done: number;
  total: number;
  path: string;
  cached: boolean;
}

/** Shows printing progress: a bar on a terminal, plain lines elsewhere (or when CI is set). */
export interface Progress {
  update(event: ProgressEvent): void;
  /** Clear the bar before the summary. */
  finish(): void;
}

const WIDTH = 24;

/** The bar line for a terminal: `[#########.......]  5/12  test-forum/w1/w1.en.pdf`. */
export function barLine(event: ProgressEvent, columns = 80): string {
  const filled = event.total === 0 ? WIDTH : Math.round((event.done / event.total) * WIDTH);
  const head = `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(event.done).padStart(String(event.total).length)}/${event.total}  `;
  const room = Math.max(10, columns - head.length - 1);
  const path = event.path.length > room ? `…${event.path.slice(-(room - 1))}` : event.path;
  return head + path;
}

/** The plain line for a log: `[5/12] printed test-forum/w1/w1.en.pdf`. */
export function plainLine(event: ProgressEvent): string {
  return `[${event.done}/${event.total}] ${event.cached ? 'unchanged' : 'printed'} ${event.path}`;
}

export function createProgress(io: Io): Progress {
  const stream = io.stderr as Io['stderr'] & { columns?: number };
  const bar = stream.isTTY === true && !io.env['CI'] && io.env['TERM'] !== 'dumb';
  let shown = false;
  return {
    update(event) {
      if (bar) {
        stream.write(`\r\u001b[K${barLine(event, stream.columns)}`);
        shown = true;
      } else {
        stream.write(`${plainLine(event)}\n`);
      }
    },
    finish() {
      if (shown) stream.write('\r\u001b[K');
      shown = false;
    },
  };
}
