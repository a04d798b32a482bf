import { watch } from 'chokidar';

/** Runs builds one at a time, after changes settle. */
export interface RebuildQueue {
  /** A change happened: build once changes have settled for the delay (and any running build ended). */
  schedule(): void;
  /** Resolves once no build runs and none is waiting. */
  idle(): Promise<void>;
  /** Stop scheduling; resolves once the running build (if any) has ended. */
  close(): Promise<void>;
}

/** The timer functions the queue uses (injected so tests can use fake timers). */
export interface Timers {
  setTimeout: (callback: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Debounce changes by `delayMs` and never run two builds at once: changes that arrive during a
 * build queue exactly one more build, started (after the delay) once the running one has ended.
 * `build` is expected to handle its own errors; one that rejects anyway does not stop the queue.
 */
export function createRebuildQueue(build: () => Promise<void>, delayMs = 100, timers: Timers = realTimers): RebuildQueue {
  let timer: unknown;
  let running: Promise<void> | undefined;
  let pending = false;
  let closed = false;
  let waiters: (() => void)[] = [];

  const settle = (): void => {
    if (timer !== undefined || running || pending) return;
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  };
  const fire = (): void => {
    timer = undefined;
    if (closed) return settle();
    if (running) {
      pending = true;
      return;
    }
    running = build()
      .catch(() => undefined)
      .finally(() => {
        running = undefined;
        if (pending && !closed) {
          pending = false;
          schedule();
        }
        pending = false;
        settle();
      });
  };
  const schedule = (): void => {
    if (closed) return;
    if (running) {
      pending = true;
      return;
    }
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = timers.setTimeout(fire, delayMs);
  };
  return {
    schedule,
    idle() {
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        settle();
      });
    },
    async close() {
      closed = true;
      pending = false;
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
      await running;
      settle();
    },
  };
}

/** A running file watcher. */
export interface Watcher {
  close(): Promise<void>;
}

/** Folders that never hold anything a build reads. */
const IGNORED = /(^|[/\\])(\.git|node_modules)([/\\]|$)/;

/**
 * Watch `paths` (folders, recursively, without following symbolic links) and call `onChange` with the path of every file or folder
 * added, changed or removed. Resolves once the initial scan is done, so a change made after it
 * is seen.
 */
export async function watchPaths(paths: readonly string[], onChange: (file: string) => void, onError: (error: Error) => void = () => undefined): Promise<Watcher> {
  // Links are watched as links, never followed: a build does not follow them either (file-symlink),
  // and a link to a large folder outside (/, a home folder) would keep the first scan from ending.
  const watcher = watch([...paths], { ignoreInitial: true, followSymlinks: false, ignored: (file) => IGNORED.test(file) });
  watcher.on('all', (_event, file) => onChange(file));
  watcher.on('error', (error) => onError(error instanceof Error ? error : new Error(String(error))));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return { close: () => watcher.close() };
}
