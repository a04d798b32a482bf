import { stringify } from 'yaml';
import type { Segment } from './segments.js';
import { pathOf } from './segments.js';

/** Build nested objects/arrays holding only the translatable fields, in source order. */
export function translatableFields(segments: readonly Segment[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const segment of segments.filter((s) => s.key.startsWith('fm.'))) {
    const path = pathOf(segment.key);
    let node: Record<string | number, unknown> = root;
    path.forEach((part, i) => {
      const last = i === path.length - 1;
      if (last) {
        node[part] = segment.text;
        return;
      }
      if (node[part] === undefined) node[part] = typeof path[i + 1] === 'number' ? [] : {};
      node = node[part] as Record<string | number, unknown>;
    });
  }
  // Arrays may have holes where an item has nothing to translate: keep the positions.
  const fill = (value: unknown): unknown => {
    if (Array.isArray(value)) return Array.from(value, (v) => (v === undefined ? {} : fill(v)));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]));
    return value;
  };
  return fill(root) as Record<string, unknown>;
}

/**
 * The text of a new language edition: a `translation` block (source, language, status draft,
 * the hash of every source segment), the translatable fields with the source text in place,
 * and the source body, ready to be translated segment by segment.
 */
export function editionSkeleton(options: { sourceName: string; lang: string; segments: readonly Segment[]; body: string }): string {
  const translation = {
    source: options.sourceName,
    lang: options.lang,
    status: 'draft',
    segments: Object.fromEntries(options.segments.map((s) => [s.key, s.hash])),
  };
  const frontMatter = stringify({ translation, ...translatableFields(options.segments) }, { lineWidth: 0 });
  return `---\n${frontMatter}---\n${options.body.startsWith('\n') ? '' : '\n'}${options.body}`;
}
