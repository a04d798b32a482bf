import path from 'node:path';
import type { Segment } from './segments.js';

/**
 * The source text an edition was translated from, kept per segment so that when the source
 * changes, a translator (and the XLIFF export) can see the old source beside the new one. It
 * lives in `.translations/<edition>.json` next to the notes, out of the translators' way.
 */
export type Snapshot = Record<string, string>;

/** Where the snapshot of an edition file is kept. */
export function snapshotPath(editionFile: string): string {
  return path.join(path.dirname(editionFile), '.translations', `${path.basename(editionFile, '.md')}.json`);
}

/** A snapshot of every segment as the source has it now. */
export function snapshotOf(segments: readonly Segment[]): Snapshot {
  return Object.fromEntries(segments.map((s) => [s.key, s.text]));
}

/** The snapshot as stable JSON text (keys in segment order). */
export function formatSnapshot(snapshot: Snapshot): string {
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}
