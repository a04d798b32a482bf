import { createHash } from 'node:crypto';
import type { Nodes, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { JsonSchema } from '../model/types.js';

declare module 'vfile' {
  interface DataMap {
    /** A source note's segments, kept for its editions when its tree is not. */
    segments: Segment[];
  }
}

/** One unit a translator translates: a heading, a paragraph, a list item, a table cell or a field. */
export interface Segment {
  /** Stable key: `body.N` for the N-th block of the body, `fm.path.to.field` for a field. */
  key: string;
  /** Short hash of the source text, to tell when the source changed. */
  hash: string;
  /** The segment's Markdown source (or the field's text). */
  text: string;
  /** Where it is, for people: "Structure › Session 2: Panel Discussion", or the field's path. */
  where: string;
  /** For a body segment: its start and end offsets in the file. */
  start?: number;
  end?: number;
}

/** A short content hash: the first 12 hex digits of SHA-256 over the whitespace-normalised text. */
export function segmentHash(text: string): string {
  return createHash('sha256').update(text.replace(/\s+/g, ' ').trim()).digest('hex').slice(0, 12);
}

const LEAF_BLOCKS = new Set(['heading', 'paragraph', 'tableCell', 'html', 'code']);

/**
 * The body's segments in document order, from the same Markdown parse the renderer uses:
 * every heading, paragraph (in lists, quotes and footnotes too) and table cell.
 */
export function bodySegments(tree: Root, source: string): Segment[] {
  const segments: Segment[] = [];
  const path: string[] = [];
  const walk = (node: Nodes, footnote?: string): void => {
    if (node.type === 'heading') {
      path.length = Math.max(0, node.depth - 2);
      path[node.depth - 2] = toString(node);
    }
    if (LEAF_BLOCKS.has(node.type) && node.position?.start.offset !== undefined && node.position.end.offset !== undefined) {
      if (node.type === 'code') return;
      const text = source.slice(node.position.start.offset, node.position.end.offset);
      const where = footnote ? `Footnote ${footnote}` : node.type === 'heading' ? path.filter(Boolean).join(' › ') : path.filter(Boolean).join(' › ') || '(before the first heading)';
      segments.push({ key: `body.${segments.length}`, hash: segmentHash(text), text, where, start: node.position.start.offset, end: node.position.end.offset });
      return;
    }
    if ('children' in node) {
      for (const child of node.children) walk(child as Nodes, node.type === 'footnoteDefinition' ? node.label ?? node.identifier : footnote);
    }
  };
  for (const child of tree.children) walk(child);
  return segments;
}

/** Whether a schema (or the schema it references) marks its value translatable. */
function translatable(schema: JsonSchema | undefined): boolean {
  return schema?.['x-translatable'] === true;
}

/** Resolve a local or common.schema.json `$ref`. */
function resolve(schema: JsonSchema | undefined, schemas: Record<string, JsonSchema>): JsonSchema | undefined {
  const ref = schema?.['$ref'];
  if (typeof ref !== 'string') return schema;
  const [file, pointer] = ref.split('#');
  const root = schemas[file || ''] ?? schema;
  let node: unknown = root;
  for (const part of (pointer ?? '').split('/').filter(Boolean)) node = (node as Record<string, unknown> | undefined)?.[part];
  const target = node as JsonSchema | undefined;
  // Annotations beside a $ref (x-translatable, description) apply too.
  return target ? { ...target, ...schema, $ref: undefined } : schema;
}

/**
 * The translatable values of front matter, as the schema marks them (`x-translatable`), each a
 * segment keyed by its path, e.g. `fm.sessions.1.title`.
 */
export function frontMatterSegments(data: unknown, schema: JsonSchema, schemas: Record<string, JsonSchema>): Segment[] {
  const segments: Segment[] = [];
  const walk = (value: unknown, node: JsonSchema | undefined, path: (string | number)[]): void => {
    const s = resolve(node, schemas);
    if (typeof value === 'string') {
      if (translatable(s)) {
        const key = ['fm', ...path].join('.');
        segments.push({ key, hash: segmentHash(value), text: value, where: path.join(' › ') });
      }
      return;
    }
    if (Array.isArray(value)) {
      const items = translatable(s) ? { ...(s?.['items'] as JsonSchema), 'x-translatable': true } : (s?.['items'] as JsonSchema | undefined);
      value.forEach((v, i) => walk(v, items, [...path, i]));
      return;
    }
    if (value && typeof value === 'object') {
      const props = (s?.['properties'] ?? {}) as Record<string, JsonSchema>;
      for (const [k, v] of Object.entries(value)) walk(v, props[k], [...path, k]);
    }
  };
  walk(data, schema, []);
  return segments;
}

/** The value at a segment's front-matter path, e.g. fm.sessions.1.title. */
export function pathOf(key: string): (string | number)[] {
  return key
    .split('.')
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}
