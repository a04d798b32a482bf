import { parentPort, workerData } from 'node:worker_threads';
import { VFile } from 'vfile';
import type { CollectionData, EditionData, NoteData } from '../model/types.js';
import type { Segment } from '../translate/segments.js';
import { recordingFiles } from './memo.js';
import { createParser } from './parse.js';
import { compileSchemas, type JsonSchema } from './schema.js';
import { checkEdition, checkSource, entryOf, type ValidateContext } from './validate.js';

/**
 * A worker thread of the validate pool (validate-pool.ts): checks the notes it is sent with the
 * same functions as the main thread, and sends back what the memo would keep of each (and its
 * Markdown tree, for a build to render).
 */

/** What every worker is started with. */
export interface WorkerInit {
  schemas: Record<string, JsonSchema>;
  messages: Record<string, Record<string, string>>;
  /** Every file of the notes folder, relative to it. */
  files: string[];
}

/** A collection as a note's checks see it. */
export interface CollectionStub {
  dir: string;
  path: string;
  data?: CollectionData;
}

/** One note to check. */
export interface NoteJob {
  id: number;
  path: string;
  relative: string;
  value: Uint8Array | string;
  keepTree: boolean;
  collection?: CollectionStub;
  /** For a source note: whether it has editions (keep its segments). */
  hasEditions?: boolean;
  /** For an edition: its language and source, and the source as validated. */
  edition?: { lang: string; source: string };
  source?: { path: string; relative: string; frontMatter?: Record<string, unknown>; note?: NoteData; collection?: string; segments?: Segment[] };
}

if (parentPort) {
  const init = workerData as WorkerInit;
  const context: ValidateContext = { parser: createParser(), validators: compileSchemas(init.schemas), messages: init.messages };
  const files = new Set(init.files);
  const port = parentPort;
  port.on('message', (job: NoteJob) => {
    try {
      port.postMessage({ id: job.id, ...checkJob(job, context, files) });
    } catch (error) {
      port.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) });
    }
  });
}

/** Check one note of a job; returns its memo entry and, when asked, its tree. */
export function checkJob(job: NoteJob, context: ValidateContext, all: ReadonlySet<string>): { entry: ReturnType<typeof entryOf>; tree?: unknown } {
  const file = new VFile({ path: job.path, value: job.value, data: { relative: job.relative } });
  const collection = job.collection && { file: new VFile({ path: job.collection.path }), dir: job.collection.dir, ...(job.collection.data && { data: job.collection.data }) };
  const files = recordingFiles(all);
  if (job.edition) {
    file.data.edition = { ...job.edition, stale: [] } satisfies EditionData;
    const source = job.source && new VFile({ path: job.source.path, data: { relative: job.source.relative } });
    if (source && job.source?.frontMatter) source.data.frontMatter = job.source.frontMatter;
    if (source && job.source?.note) source.data.note = job.source.note;
    if (source && job.source?.collection !== undefined) source.data.collection = job.source.collection;
    if (source && job.source?.segments) source.data.segments = job.source.segments;
    checkEdition(file, { source, collection }, context, files);
  } else {
    checkSource(file, { collection, hasEditions: job.hasEditions === true }, context, files);
  }
  const entry = entryOf(file, files.probes);
  return job.keepTree && file.data.tree ? { entry, tree: file.data.tree } : { entry };
}
