import type { Kinds } from '../model/kind.js';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Root as MdastRoot } from 'mdast';
import type { VFile } from 'vfile';
import type { Collection, Project } from '../model/types.js';
import { probesHold, type NoteMemo, type NoteMemoEntry, type RenderMemoEntry } from '../cache/note-memo.js';
import type { JsonSchema } from '../validate/schema.js';
import { editionEnv, sourceEnv, translatedSources } from '../validate/validate.js';
import { keyOf } from '../cache/validate-step.js';
import type { CollectionStub, JobResult, NoteJob, WorkerInit } from './worker.js';

/** A note worked out ahead by a worker: what the memo keeps of it, and its tree when asked. */
export interface Prepared {
  entry: NoteMemoEntry;
  tree?: MdastRoot;
  /** For a build: the note rendered in its language, when it was valid. */
  rendered?: RenderMemoEntry & { lang: string; collection: string };
}

/** How many notes to check in parallel, and from how many on. */
export interface PoolOptions {
  /** Worker threads (default: the cores, at most 4); 0 checks every note on the main thread. */
  workers?: number;
  /** Fewer notes to check than this are not worth starting workers for (default 100). */
  min?: number;
  /** Send each note's tree back (a build renders from it). */
  keepTrees?: boolean;
  /** For a build: render each valid note in the workers too (its tree then stays there). */
  render?: NonNullable<WorkerInit['render']>;
}

/** The worker's compiled file, beside this one; none when running from TypeScript sources (tests). */
const WORKER = new URL('./worker.js', import.meta.url);
const COMPILED = !import.meta.url.endsWith('.ts');

/**
 * Check in worker threads the notes that the memo does not already hold, so that
 * validateProject then finds every one worked out (`context.prepared`). Sources first, then the
 * editions (which need their sources' results). Parsing is most of the cost of a note and each
 * note is checked on its own, so this divides a cold run's time by the cores. Collections must
 * already be validated. Returns nothing to use when it is not worth it or workers cannot start;
 * a note a worker could not check is simply checked again on the main thread.
 */
export async function prepareInParallel(
  project: Project,
  context: { memo?: NoteMemo | undefined; fingerprint: string },
  init: { schemas: Record<string, JsonSchema>; messages: Record<string, Record<string, string>>; kinds: Kinds },
  options: PoolOptions = {},
): Promise<Map<string, Prepared>> {
  const prepared = new Map<string, Prepared>();
  const workers = options.workers ?? Math.min(availableParallelism(), 4);
  if (!COMPILED || workers < 1) return prepared;
  const translated = translatedSources(project);
  const known = (key: string): boolean => {
    const entry = context.memo?.get(key);
    return entry !== undefined && probesHold(entry, project.files);
  };

  // The sources to check; each source's key is set now, as validateProject sets it.
  const sources: { file: VFile; key: string; job: Omit<NoteJob, 'id'> }[] = [];
  for (const file of project.notes.filter((f) => !f.data.edition)) {
    const env = sourceEnv(file, project, translated);
    const key = keyOf(file, context.fingerprint, env.dependsOn);
    if (key === undefined) continue;
    file.data.memoKey = key;
    if (known(key)) continue;
    const data = env.collection?.data;
    const lang = data?.languages[0];
    sources.push({
      file,
      key,
      job: {
        ...base(file, options),
        hasEditions: env.hasEditions,
        ...(env.collection && { collection: stub(env.collection) }),
        ...(options.render && data && lang && { render: { lang, collection: data } }),
      },
    });
  }
  const editions = project.notes.filter((f) => f.data.edition);
  if (sources.length + editions.length < (options.min ?? 100)) return prepared;

  const pool = startPool(Math.min(workers, Math.ceil((sources.length + editions.length) / 25)), {
    schemas: init.schemas,
    messages: init.messages,
    kinds: init.kinds,
    files: [...project.files],
    ...(options.render && { render: options.render }),
  });
  try {
    for (const [i, result] of (await pool.run(sources.map((s) => s.job))).entries()) {
      const { key } = sources[i] as (typeof sources)[number];
      if (result) prepared.set(key, result);
    }
    // Editions, with their sources as validated (from the memo, or just now).
    const jobs: { key: string; job: Omit<NoteJob, 'id'> }[] = [];
    for (const file of editions) {
      const env = editionEnv(file, project);
      const key = keyOf(file, context.fingerprint, env.dependsOn);
      if (key === undefined || known(key) || !env.source?.data.memoKey) continue;
      const sourceKey = env.source.data.memoKey;
      const source = prepared.get(sourceKey)?.entry ?? (known(sourceKey) ? context.memo?.get(sourceKey) : undefined);
      if (!source) continue;
      const collection = project.collections.find((c) => c.data !== undefined && c.data.id === source.collection);
      jobs.push({
        key,
        job: {
          ...base(file, options),
          edition: { lang: file.data.edition?.lang ?? '', source: file.data.edition?.source ?? '' },
          source: {
            path: env.source.path,
            relative: env.source.data.relative ?? '',
            ...(source.frontMatter && { frontMatter: source.frontMatter }),
            ...(source.note && { note: source.note }),
            ...(source.collection !== undefined && { collection: source.collection }),
            ...(source.segments && { segments: source.segments }),
          },
          ...(collection && { collection: stub(collection) }),
          ...(options.render && collection?.data?.languages.includes(file.data.edition?.lang ?? '') && { render: { lang: file.data.edition?.lang ?? '', collection: collection.data } }),
        },
      });
    }
    for (const [i, result] of (await pool.run(jobs.map((j) => j.job))).entries()) {
      if (result) prepared.set((jobs[i] as (typeof jobs)[number]).key, result);
    }
  } finally {
    await pool.close();
  }
  return prepared;
}

function base(file: VFile, options: PoolOptions): Omit<NoteJob, 'id'> {
  return { path: file.path, relative: file.data.relative ?? '', value: file.value ?? '', keepTree: options.keepTrees !== false };
}

function stub(collection: Collection): CollectionStub {
  return { dir: collection.dir, path: collection.file.path, ...(collection.data && { data: collection.data }) };
}

/** A few workers, each taking the next note when it is done with one. */
function startPool(size: number, init: WorkerInit): { run(jobs: Omit<NoteJob, 'id'>[]): Promise<(Prepared | undefined)[]>; close(): Promise<void> } {
  // The workers take none of this process's Node options (such as --input-type or --import).
  const workers = Array.from({ length: size }, () => new Worker(fileURLToPath(WORKER), { workerData: init, execArgv: [] }));
  // A worker that fails after its notes were given up on must not bring the process down.
  for (const worker of workers) worker.on('error', () => undefined);
  return {
    run(jobs) {
      const results: (Prepared | undefined)[] = new Array(jobs.length).fill(undefined);
      if (jobs.length === 0) return Promise.resolve(results);
      let next = 0;
      let done = 0;
      return new Promise((resolve) => {
        const listeners = new Map<Worker, { message: (m: Partial<JobResult> & { id: number }) => void; error: () => void }>();
        const finish = (): void => {
          for (const [worker, l] of listeners) worker.off('message', l.message).off('error', l.error);
          resolve(results);
        };
        const give = (worker: Worker): void => {
          if (next < jobs.length) {
            const id = next++;
            worker.postMessage({ ...jobs[id], id });
          }
        };
        for (const worker of workers) {
          const message = (m: Partial<JobResult> & { id: number; error?: string }): void => {
            // A note a worker failed on is left to the main thread, which reports what went wrong.
            if (m.entry) results[m.id] = { entry: m.entry, ...(m.tree && { tree: m.tree }), ...(m.rendered && { rendered: m.rendered }) };
            if (++done === jobs.length) finish();
            else give(worker);
          };
          // A worker that dies leaves its notes to the main thread: stop waiting for it.
          const error = (): void => finish();
          listeners.set(worker, { message, error });
          worker.on('message', message).on('error', error);
          give(worker);
        }
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
