import type { Root } from 'mdast';
import { isMap, parseDocument } from 'yaml';
import { getIn } from './edition.js';
import { bodySegments, pathOf, type Segment } from './segments.js';
import { checkUnit, unitsFor, type XliffFile, type XliffUnit } from './xliff.js';

/** What export and import know of an edition: its text, parsed body and recorded state. */
export interface EditionText {
  text: string;
  frontMatter: Record<string, unknown>;
  tree: Root;
  status?: string;
  stale: readonly string[];
  /** The source text each segment had when translated, if kept. */
  previous?: Readonly<Record<string, string>>;
}

/** The edition's text for each segment key: translated fields, and body blocks by position. */
export function editionTargets(segments: readonly Segment[], edition: EditionText | undefined): Map<string, string> {
  const targets = new Map<string, string>();
  if (!edition) return targets;
  const body = bodySegments(edition.tree, edition.text);
  for (const segment of segments) {
    if (segment.key.startsWith('fm.')) {
      const value = getIn(edition.frontMatter, pathOf(segment.key));
      if (typeof value === 'string') targets.set(segment.key, value);
    } else {
      const own = body.find((b) => b.key === segment.key);
      if (own) targets.set(segment.key, own.text);
    }
  }
  return targets;
}

/** The XLIFF document of one note in one language (facts included as `translate="no"` context). */
export function exportUnits(segments: readonly Segment[], facts: readonly { path: string; value: string }[], edition: EditionText | undefined): XliffUnit[] {
  const units = unitsFor(segments, editionTargets(segments, edition), {
    stale: new Set(edition?.stale ?? []),
    ...(edition?.status && { status: edition.status }),
    ...(edition?.previous && { previous: edition.previous }),
  });
  return [...units, ...facts.map((f): XliffUnit => ({ id: `fact.${f.path}`, source: f.value, translate: false, note: 'Comes from the source note: not translated' }))];
}

/** The source's front-matter values that are facts (not translatable), as path and text. */
export function factsOf(frontMatter: Record<string, unknown>, translatable: ReadonlySet<string>): { path: string; value: string }[] {
  const facts: { path: string; value: string }[] = [];
  const walk = (value: unknown, path: (string | number)[]): void => {
    if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, Array.isArray(value) ? Number(k) : k]);
    } else if (value !== undefined && !translatable.has(['fm', ...path].join('.')) && path[0] !== 'kind') {
      facts.push({ path: path.join('.'), value: String(value) });
    }
  };
  walk(frontMatter, []);
  return facts;
}

/** What an import did. */
export interface ImportResult {
  text: string;
  changed: string[];
  problems: { id: string; reason: string }[];
}

/**
 * Apply an XLIFF file's translations to an edition's text: each translated unit whose Markdown
 * matches its source replaces that field or body block, and its source hash is recorded (it is
 * now translated from the current source). Everything else in the file is left exactly as it was.
 */
export function importUnits(xliff: XliffFile, segments: readonly Segment[], edition: EditionText): ImportResult {
  const problems: ImportResult['problems'] = [];
  const changed: string[] = [];
  const bySource = new Map(segments.map((s) => [s.key, s]));
  const body = bodySegments(edition.tree, edition.text);
  const sourceBody = segments.filter((s) => s.key.startsWith('body.'));
  if (body.length !== sourceBody.length) {
    return {
      text: edition.text,
      changed,
      problems: [{ id: '(file)', reason: `the edition has ${body.length} blocks where the source has ${sourceBody.length}: align its headings, paragraphs and list items with the source first` }],
    };
  }
  const front = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(edition.text);
  if (!front) return { text: edition.text, changed, problems: [{ id: '(file)', reason: 'the edition has no front matter' }] };
  const doc = parseDocument(front[1] ?? '');
  const hashes = doc.getIn(['translation', 'segments'], true);
  const splices: { start: number; end: number; text: string }[] = [];

  for (const unit of xliff.units) {
    if (!unit.translate || unit.target === undefined || unit.state === 'new' || unit.state === 'needs-translation') continue;
    const segment = bySource.get(unit.id);
    if (!segment) {
      problems.push({ id: unit.id, reason: 'no such segment in the source note (was it exported from another version?)' });
      continue;
    }
    const isBody = unit.id.startsWith('body.');
    const problem = checkUnit(segment.text, unit.target, isBody);
    if (problem) {
      problems.push({ id: unit.id, reason: problem });
      continue;
    }
    let touched = false;
    if (isBody) {
      const own = body.find((b) => b.key === unit.id);
      if (own && own.text !== unit.target && own.start !== undefined && own.end !== undefined) {
        splices.push({ start: own.start, end: own.end, text: unit.target });
        touched = true;
      }
    } else {
      const path = pathOf(unit.id);
      if (doc.getIn(path) !== unit.target) {
        doc.setIn(path, unit.target);
        touched = true;
      }
    }
    if (isMap(hashes) && hashes.get(unit.id) !== segment.hash) {
      hashes.set(unit.id, segment.hash);
      touched = true;
    }
    if (touched) changed.push(unit.id);
  }

  let text = edition.text;
  for (const s of splices.sort((a, b) => b.start - a.start)) text = text.slice(0, s.start) + s.text + text.slice(s.end);
  const newFront = `---\n${doc.toString({ lineWidth: 0 })}---\n`;
  text = newFront + text.slice(front[0].length);
  return { text: changed.length > 0 ? text : edition.text, changed, problems };
}
