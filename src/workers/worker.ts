import type { Kinds } from '../model/kind.js';
import { parentPort, workerData } from 'node:worker_threads';
import { VFile } from 'vfile';
import type { CollectionData, EditionData, NoteData } from '../model/types.js';
import type { Segment } from '../translate/segments.js';
import type { Root as MdastRoot } from 'mdast';
import { hasErrors } from '../diagnostics/report.js';
import { compileTemplates, type TemplateSources } from '../render/templates.js';
import type { Theme } from '../render/look.js';
import { loadAssets } from '../load/load.js';
import type { NoteMemoEntry, RenderMemoEntry } from '../cache/note-memo.js';
import { entryOf } from '../cache/validate-step.js';
import { recordingFiles } from '../validate/file-lookup.js';
import { renderNote, type RenderContext } from '../render/documents.js';
import { createParser } from '../parse/parse.js';
import { compileSchemas, type JsonSchema } from '../validate/schema.js';
import { checkEdition, checkSource, type ValidateContext } from '../validate/validate.js';

/**
 * A worker thread of the validate pool (pool.ts): checks the notes it is sent with the
 * same functions as the main thread, and sends back what the memo would keep of each (and its
 * Markdown tree, for a build to render).
 */

/** What every worker is started with. */
export interface WorkerInit {
  schemas: Record<string, JsonSchema>;
  messages: Record<string, Record<string, string>>;
  kinds: Kinds;
  /** Every file of the notes folder, relative to it. */
  files: string[];
  /** For a build: what rendering needs (the notes folder, to read the images a note shows). */
  render?: { root: string; templates: TemplateSources; styles: string; version: string; theme?: Theme };
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
  /** Render the note, when it is valid, in this language of this collection (as a build would). */
  render?: { lang: string; collection: CollectionData };
}

/** What a worker sends back for a job. */
export interface JobResult {
  entry: NoteMemoEntry;
  tree?: MdastRoot;
  rendered?: RenderMemoEntry & { lang: string; collection: string };
}

if (parentPort) {
  const init = workerData as WorkerInit;
  const context: ValidateContext = { parser: createParser(), validators: compileSchemas(init.schemas, init.kinds), messages: init.messages };
  const files = new Set(init.files);
  const render = init.render && {
    root: init.render.root,
    context: {
      templates: compileTemplates(init.render.templates),
      messages: init.messages,
      kinds: init.kinds,
      styles: init.render.styles,
      version: init.render.version,
      ...(init.render.theme && { theme: init.render.theme }),
      assets: new Map(),
    } satisfies RenderContext,
  };
  const port = parentPort;
  port.on('message', (job: NoteJob) => {
    checkJob(job, context, files, render).then(
      (result) => port.postMessage({ id: job.id, ...result }),
      (error: unknown) => port.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
}

/**
 * Check one note of a job; returns its memo entry and, when asked, its tree; or, for a build, the
 * note rendered (then the tree stays here: the main thread does not need it).
 */
export async function checkJob(job: NoteJob, context: ValidateContext, all: ReadonlySet<string>, render?: { root: string; context: RenderContext }): Promise<JobResult> {
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
  if (render && job.render && file.data.note && file.data.tree && !hasErrors(file)) {
    // The images this note shows, read here as the main thread would (only files that exist).
    const assets = await loadAssets(render.root, (file.data.images ?? []).filter((p) => all.has(p)));
    const rendered = renderNote(file, job.render.collection, job.render.lang, { ...render.context, assets });
    return { entry, rendered: { lang: job.render.lang, collection: JSON.stringify(job.render.collection), view: rendered.view, page: rendered.page, chapter: rendered.chapter } };
  }
  return job.keepTree && file.data.tree ? { entry, tree: file.data.tree } : { entry };
}
