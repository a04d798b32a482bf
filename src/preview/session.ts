import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/report.js';
import { Interrupted, runBuild } from '../pipeline/index.js';
import { cacheDirFor } from '../cache/pdf-cache.js';
import { loadResources, PACKAGE_ROOT, type Resources } from '../load/resources.js';
import { overlayProblems, startServer, type PreviewServer, type PreviewState } from './server.js';
import { createRebuildQueue, watchPaths, type Watcher } from './watch.js';

/** How every temporary build folder of a preview is named: `notes-preview-` and six random characters (mkdtemp). */
export const PREFIX = 'notes-preview-';

/** How to preview. */
export interface PreviewOptions {
  /** The notes folder. */
  notes: string;
  host?: string;
  /** 0 for any free port (default 4321). */
  port?: number;
  /** Also print PDFs on every build (default false). */
  pdf?: boolean;
  env?: Record<string, string | undefined>;
  /** Milliseconds changes must settle before a rebuild (default 100). */
  delayMs?: number;
  /** Where the temporary build folders go (default: the system's temporary folder). */
  buildRoot?: string;
  /** The folder holding templates/ and schemas/ (default: the package's own). */
  packageRoot?: string;
  /** Read the resources (default: the package's, from packageRoot); the CLI adds the project's theme. */
  loadResources?: () => Promise<Resources>;
  /** More files and folders whose change reads the resources again (the theme's). */
  resourcePaths?: readonly string[];
  /** Told after every build. */
  onBuild?: (report: BuildReport) => void;
  /** Told of what the user should know that is not a build (a watcher error, a build notice). */
  onNotice?: (message: string) => void;
  /** Registers a clean-up to run on SIGINT/SIGTERM (the session's own close, a browser launched for --pdf); returns its unregister function. */
  onCleanup?: (cleanup: () => Promise<void>) => () => void;
}

/** What one build did. */
export interface BuildReport {
  /** The first build of the session (then "Built", else "Rebuilt"). */
  first: boolean;
  ms: number;
  notes: number;
  diagnostics: Diagnostic[];
  /** Why the build did not run to its end (a template that does not compile), if it did not. */
  failure?: string;
  /** Whether the pages now served come from this build. */
  served: boolean;
  /** Whether an earlier build's pages stay served instead (this one had errors or wrote nothing). */
  kept: boolean;
}

/** A running preview: stop it with close(). */
export interface PreviewSession {
  url: string;
  /** Resolves once no build runs or waits (tests use it). */
  idle(): Promise<void>;
  /** Stop watching, end the running build, close the server, remove every temporary build folder. */
  close(): Promise<void>;
}

interface Served {
  dir: string;
  /** Built without errors: a later build with errors does not replace it. */
  good: boolean;
}

/**
 * Build the notes into a fresh temporary folder, serve it, and rebuild on every change to the notes,
 * templates or schemas. A build replaces the served folder only when it wrote outputs and either has
 * no errors or what is served has errors too: so the last good output stays served while the
 * overlay shows what is wrong.
 */
export async function startPreview(options: PreviewOptions): Promise<PreviewSession> {
  const notes = path.resolve(options.notes);
  const packageRoot = options.packageRoot ?? PACKAGE_ROOT;
  const resourceDirs = [path.join(packageRoot, 'templates'), path.join(packageRoot, 'schemas'), path.join(packageRoot, 'kinds'), ...(options.resourcePaths ?? []).map((p) => path.resolve(p))];
  const session = randomBytes(4).toString('hex');
  const controller = new AbortController();
  let served: Served | undefined;
  let generation = 0;
  let state: PreviewState = { version: `${session}.0`, problems: [] };
  let resources: Resources | undefined;
  let resourcesChanged: string[] = [];
  let first = true;
  const building = new Set<string>();
  let server: PreviewServer | undefined;

  const remove = async (dir: string): Promise<void> => {
    // Retried: a file still being closed (ENOTEMPTY, EBUSY) must not leave the folder behind.
    await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    // A --pdf build caches its PDFs per output folder: that cache dies with the folder.
    if (options.pdf) await rm(cacheDirFor(dir, options.env ?? process.env), { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  };

  const build = async (): Promise<void> => {
    const started = Date.now();
    let dir = '';
    let diagnostics: Diagnostic[] = [];
    let failure: string | undefined;
    let noteCount = 0;
    let wrote = false;
    // Once the preview closes, no new temporary folder is made (its clean-up may already have run).
    if (controller.signal.aborted) return;
    try {
      dir = await mkdtemp(path.join(options.buildRoot ?? tmpdir(), PREFIX));
      building.add(dir);
      if (controller.signal.aborted) throw new Interrupted('interrupted');
      if (!resources) {
        resources = await (options.loadResources ?? (() => loadResources(packageRoot)))().catch((error: unknown) => {
          const changed = resourcesChanged.length > 0 ? ` (changed: ${resourcesChanged.map((f) => path.relative(packageRoot, f)).join(', ')})` : '';
          throw new Error(`The templates and schemas could not be read${changed}: ${error instanceof Error ? error.message : String(error)}`);
        });
        resourcesChanged = [];
      }
      const result = await runBuild(
        notes,
        dir,
        {
          pdf: options.pdf === true,
          env: options.env ?? process.env,
          signal: controller.signal,
          ...(options.onCleanup && { onCleanup: options.onCleanup }),
          ...(options.onNotice && { onNotice: options.onNotice }),
        },
        resources,
      );
      diagnostics = result.diagnostics;
      noteCount = result.project.notes.length;
      wrote = result.outputs.length > 0;
    } catch (error) {
      if (error instanceof Interrupted || controller.signal.aborted) {
        building.delete(dir);
        if (dir) await remove(dir);
        return;
      }
      failure = `The build failed: ${error instanceof Error ? error.message : String(error)}`;
      // A template or schema that does not compile is read again on the next change.
      resources = undefined;
    }
    const errors = failure !== undefined || diagnostics.some((d) => d.severity === 'error');
    const replace = wrote && failure === undefined && (!errors || !served?.good);
    const previous = served;
    if (replace) {
      served = { dir, good: !errors };
      generation += 1;
    }
    building.delete(dir);
    state = { version: `${session}.${generation}`, problems: overlayProblems(diagnostics, failure) };
    server?.publish();
    if (replace && previous) await remove(previous.dir);
    if (!replace && dir) await remove(dir);
    // A build that ends while the preview closes is not reported.
    if (controller.signal.aborted) return;
    options.onBuild?.({ first, ms: Date.now() - started, notes: noteCount, diagnostics, served: replace, kept: !replace && served !== undefined, ...(failure !== undefined && { failure }) });
    first = false;
  };

  let closing: Promise<void> | undefined;
  let watcher: Watcher | undefined;
  let setup: Promise<void> = Promise.resolve();
  // Stop watching, end the running build, stop serving, remove every temporary build folder. A close
  // while the watcher or server is starting waits for it, so neither is left running after.
  const close = (): Promise<void> => {
    closing ??= (async () => {
      controller.abort();
      await setup.catch(() => undefined);
      await watcher?.close();
      await queue.close();
      await server?.close();
      await Promise.all([...building, ...(served ? [served.dir] : [])].map((dir) => remove(dir).catch(() => undefined)));
      served = undefined;
    })();
    return closing;
  };
  const queue = createRebuildQueue(build, options.delayMs ?? 100);
  // Registered before anything is made, so a signal at any moment (even before the address is
  // printed) removes every temporary folder.
  const unregister = options.onCleanup?.(close) ?? (() => undefined);
  setup = (async () => {
    watcher = await watchPaths(
      [notes, ...resourceDirs],
      (file) => {
        if (resourceDirs.some((dir) => file === dir || file.startsWith(dir + path.sep))) {
          resources = undefined;
          resourcesChanged.push(file);
        }
        queue.schedule();
      },
      (error) => options.onNotice?.(`Watching for changes failed: ${error.message}`),
    );
    server = await startServer({ host: options.host ?? '127.0.0.1', port: options.port ?? 4321, root: () => served?.dir, state: () => state });
  })();
  try {
    await setup;
  } catch (error) {
    await close();
    unregister();
    throw error;
  }
  const running = server as PreviewServer;
  queue.schedule();

  return {
    url: running.url,
    idle: () => queue.idle(),
    async close() {
      await close();
      unregister();
    },
  };
}
