import type { JsonSchema } from '../model/types.js';
import { frontMatterSegments, type Segment } from './segments.js';

/** `workshop-7.uz-Latn.md`: a note's slug and a BCP 47 tag with its script. */
const EDITION_NAME = /^(.+)\.([a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|\d{3}))?)\.md$/;

/** The source file and language of an edition file name, or undefined for a source note. */
export function editionOf(relative: string): { source: string; lang: string } | undefined {
  const dir = relative.includes('/') ? relative.slice(0, relative.lastIndexOf('/') + 1) : '';
  const match = EDITION_NAME.exec(relative.slice(dir.length));
  if (!match) return undefined;
  return { source: `${dir}${match[1]}.md`, lang: match[2] as string };
}

/** A problem in an edition's own front matter, at a path of it. */
export interface EditionProblem {
  path: (string | number)[];
  kind: 'fact' | 'unknown';
  message: string;
}

/**
 * Merge an edition's translated fields over its source's front matter. Only fields the schema
 * marks translatable may be set; a fact (date, number, email, id) set differently from the
 * source is a problem, because facts come from the source and are never retyped.
 */
export function mergeEdition(
  source: Record<string, unknown>,
  edition: Record<string, unknown>,
  schema: JsonSchema,
  schemas: Record<string, JsonSchema>,
): { data: Record<string, unknown>; problems: EditionProblem[] } {
  const allowed = new Set(frontMatterSegments(source, schema, schemas).map((s) => s.key));
  const data = structuredClone(source);
  const problems: EditionProblem[] = [];
  const walk = (value: unknown, path: (string | number)[]): void => {
    if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, Array.isArray(value) ? Number(k) : k]);
      return;
    }
    const key = ['fm', ...path].join('.');
    const original = getIn(source, path);
    if (allowed.has(key) && typeof value === 'string') {
      setIn(data, path, value);
    } else if (original === undefined) {
      problems.push({ path, kind: 'unknown', message: `\`${path.join('.')}\` is not in the source note, so it cannot be translated here` });
    } else if (original !== value) {
      problems.push({
        path,
        kind: 'fact',
        message: `\`${path.join('.')}\` is ${JSON.stringify(value)} here but ${JSON.stringify(original)} in the source: facts come from the source, so remove it from the translation`,
      });
    }
  };
  for (const [k, v] of Object.entries(edition)) {
    if (k !== 'translation') walk(v, [k]);
  }
  return { data, problems };
}

/** The segments whose source changed since the translation was made (or that it lacks). */
export function staleSegments(current: readonly Segment[], recorded: Readonly<Record<string, string>>): Segment[] {
  return current.filter((s) => recorded[s.key] !== s.hash);
}

/** The value at `path` in nested objects and arrays. */
export function getIn(value: unknown, path: readonly (string | number)[]): unknown {
  let node = value;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}

function setIn(value: Record<string, unknown>, path: readonly (string | number)[], leaf: unknown): void {
  let node: Record<string | number, unknown> = value;
  path.slice(0, -1).forEach((part) => {
    node = node[part] as Record<string | number, unknown>;
  });
  node[path[path.length - 1] as string | number] = leaf;
}

