import { hasErrors } from '../diagnostics/report.js';
import type { Collection, CollectionData, Project } from '../model/types.js';
import { layout } from './layout.js';
import { compareNotes, renderCollectionIndex, renderCombined, renderNote, renderRootIndex, type RenderContext, type RenderedNote } from './render.js';

/** One file to write, relative to the output folder. */
export interface Output {
  path: string;
  content: string | Uint8Array;
  /** The note it was made from, relative to the notes folder (none for indexes and combined documents). */
  source?: string;
  lang?: string;
  kind: 'note' | 'combined' | 'index';
}

/** Which part of the project to build. */
export interface Selection {
  /** Only this collection (`--forum`). */
  collection?: string;
  /** Only concept notes with this workshop number (`--workshop`): packs only, no combined documents. */
  workshop?: number;
}

type ValidCollection = Collection & { data: CollectionData };

/**
 * Plan every output of a build, as data: each valid note in each language of its collection,
 * each collection's combined document and index, and the root index. Pure: renders, writes nothing.
 */
export function planBuild(project: Project, selection: Selection, context: RenderContext): Output[] {
  const outputs: Output[] = [];
  const collections = project.collections.filter((c): c is ValidCollection => c.data !== undefined && !hasErrors(c.file));
  for (const collection of collections) {
    const id = collection.data.id;
    if (selection.collection !== undefined && selection.collection !== id) continue;
    const notes = project.notes
      .filter((f) => f.data.collection === id && f.data.note && !hasErrors(f))
      .filter((f) => selection.workshop === undefined || (f.data.note?.kind === 'concept-note' && f.data.note.workshop === selection.workshop))
      .sort((a, b) => compareNotes(a.data.note!, b.data.note!));
    const rendered: RenderedNote[] = [];
    for (const lang of collection.data.languages) {
      const inLang = notes.map((file) => renderNote(file, collection.data, lang, context));
      rendered.push(...inLang);
      for (const r of inLang) {
        outputs.push({ path: layout.note(id, r.slug, lang, 'html'), content: r.page, source: r.file.data.relative, lang, kind: 'note' });
      }
      if (selection.workshop === undefined && inLang.length > 0) {
        outputs.push({ path: layout.combined(id, lang, 'html'), content: renderCombined(collection.data, inLang, lang, context), lang, kind: 'combined' });
      }
    }
    if (selection.workshop === undefined) {
      outputs.push({ path: layout.collectionIndex(id), content: renderCollectionIndex(collection, rendered, context), kind: 'index' });
    }
  }
  if (selection.workshop === undefined && selection.collection === undefined && collections.length > 0) {
    outputs.push({ path: layout.rootIndex(), content: renderRootIndex(collections.map((c) => c.data), context), kind: 'index' });
  }
  return outputs;
}
