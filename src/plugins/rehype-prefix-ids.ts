import type { Element, Root } from 'hast';
import { eachElement } from './each-element.js';

/** Used when no prefix is given: a name or id from a note is never left as written. */
const FALLBACK = 'user-content-';

/**
 * Prefix every id and `name` in a note's body, and every in-page link and ARIA reference to one,
 * so that notes placed side by side in a combined document (and the template's own ids) never
 * collide, and no name or id from a note can clobber a property of the page's document or window
 * (`<img name="currentScript">` would otherwise shadow `document.currentScript`). This is what
 * rehype-sanitize's clobber prefix does, but it also keeps in-page links (`#id`, or `#name` of an
 * `<a name>`) pointing where the author meant.
 */
export function prefixIds(tree: Root, prefix: string): void {
  const add = prefix === '' ? FALLBACK : prefix;
  const ids = new Set<string>();
  eachElement(tree, (node: Element) => {
    for (const key of ['id', 'name'] as const) {
      const value = node.properties[key];
      if (value !== undefined && value !== null) ids.add(String(value));
    }
  });
  eachElement(tree, (node: Element) => {
    const props = node.properties;
    for (const key of ['id', 'name'] as const) {
      const value = props[key];
      if (value !== undefined && value !== null) props[key] = add + String(value);
    }
    for (const key of ['ariaDescribedBy', 'ariaLabelledBy', 'htmlFor', 'headers'] as const) {
      const value = props[key];
      if (Array.isArray(value)) props[key] = value.map((v) => (ids.has(String(v)) ? add + String(v) : v));
    }
    const href = props['href'];
    if (node.tagName === 'a' && typeof href === 'string' && href.startsWith('#') && ids.has(decodeFragment(href.slice(1)))) {
      props['href'] = `#${add}${href.slice(1)}`;
    }
  });
}

/** A link's fragment as an id; a malformed escape (`#%zz`) is kept as written. */
function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/** The rehype plugin form of {@link prefixIds}, reading the prefix from `file.data.render`. */
export default function rehypePrefixIds() {
  return (tree: Root, file: { data: { render?: { prefix: string } } }): void => {
    prefixIds(tree, file.data.render?.prefix ?? '');
  };
}
