import type { VFile } from 'vfile';
import { hasErrors } from '../diagnostics/report.js';
import type { Project } from '../model/types.js';

/** Where a note stands in one language. */
export type EditionState = 'missing' | 'draft' | 'stale' | 'up-to-date';

/** One row of `notes translate status`. */
export interface StatusRow {
  note: string;
  lang: string;
  state: EditionState;
  /** The edition file, when there is one. */
  edition?: string;
  /** Its recorded status (draft, translated, reviewed). */
  status?: string;
  /** The source segments that changed since, by heading or field. */
  stale: { key: string; where: string }[];
}

/**
 * For every valid source note and every other language of its collection: missing, draft,
 * stale (with the segments that changed) or up to date. A plan, as plain data.
 */
export function translationStatus(project: Project): StatusRow[] {
  const rows: StatusRow[] = [];
  const editions = project.notes.filter((f) => f.data.edition);
  for (const collection of project.collections) {
    const data = collection.data;
    if (!data) continue;
    const [sourceLang, ...others] = data.languages;
    const sources = project.notes.filter((f) => !f.data.edition && f.data.collection === data.id && f.data.note && !hasErrors(f));
    for (const source of sources) {
      for (const lang of others) {
        if (lang === sourceLang) continue;
        const edition = editions.find((e) => e.data.edition?.source === source.data.relative && e.data.edition?.lang === lang);
        rows.push(row(source, lang, edition));
      }
    }
  }
  return rows.sort((a, b) => a.note.localeCompare(b.note) || a.lang.localeCompare(b.lang));
}

function row(source: VFile, lang: string, edition: VFile | undefined): StatusRow {
  const note = source.data.relative ?? source.path;
  const info = edition?.data.edition;
  if (!edition || !info) return { note, lang, state: 'missing', stale: [] };
  const base = { note, lang, edition: edition.data.relative ?? edition.path, stale: info.stale };
  if (info.status === undefined) return { ...base, state: 'missing' };
  const state: EditionState = info.stale.length > 0 ? 'stale' : info.status === 'draft' ? 'draft' : 'up-to-date';
  return { ...base, state, status: info.status };
}

/** The status as text for people: one line per note and language, stale segments below. */
export function formatStatus(rows: readonly StatusRow[]): string {
  if (rows.length === 0) return 'No collection has languages to translate into.\n';
  const lines: string[] = [];
  for (const r of rows) {
    const label = r.state === 'up-to-date' ? `up to date (${r.status})` : r.state === 'stale' ? `stale: ${r.stale.length} segment${r.stale.length === 1 ? '' : 's'} changed (${r.status})` : r.state;
    lines.push(`${r.note}  ${r.lang}  ${label}${r.edition ? `  ${r.edition}` : ''}`);
    const places = new Map<string, number>();
    for (const s of r.stale) places.set(s.where, (places.get(s.where) ?? 0) + 1);
    for (const [where, count] of places) lines.push(`    ${where}${count > 1 ? ` (${count} segments)` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
