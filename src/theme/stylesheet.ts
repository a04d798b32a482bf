import { lineAndColumn, lineStartsOf } from '../parse/yaml-source.js';

/** A place in a stylesheet, with what is wrong there or what is referred to. */
export interface CssPlace {
  line: number;
  column: number;
}

/** `url(…)` in any of its three spellings; group 2 or 3 or 4 holds the address. */
const URL = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)/giu;

/** The stylesheet with its comments blanked out (same length, line breaks kept), so offsets stay true. */
function withoutComments(css: string): string {
  return css.replace(/\/\*[\s\S]*?(\*\/|$)/g, (c) => c.replace(/[^\n]/g, ' '));
}

function placeAt(css: string, offset: number, starts = lineStartsOf(css)): CssPlace {
  return lineAndColumn(starts, offset);
}

/**
 * What keeps a project stylesheet from being put in every page as it is: `</style` (it would
 * end the style element), `@import` (printing fetches nothing: list the file under stylesheet),
 * and `url()`s of the network (printing blocks every request). Pure.
 */
export function stylesheetProblems(css: string): (CssPlace & { message: string })[] {
  const text = withoutComments(css);
  const starts = lineStartsOf(css);
  const found: (CssPlace & { message: string })[] = [];
  for (const m of text.matchAll(/<\/style/giu)) found.push({ ...placeAt(css, m.index, starts), message: 'A stylesheet cannot hold "</style": it would end the style element of the page.' });
  for (const m of text.matchAll(/@import\b/giu)) found.push({ ...placeAt(css, m.index, starts), message: 'A stylesheet cannot @import another: printing fetches nothing. List each stylesheet under theme.stylesheet instead.' });
  for (const m of text.matchAll(URL)) {
    const value = m[1] ?? m[2] ?? m[3] ?? '';
    if (/^[a-z][a-z0-9+.-]*:/iu.test(value) && !/^data:/iu.test(value)) {
      found.push({ ...placeAt(css, m.index, starts), message: `url(${value}) cannot be fetched: notes prints with every request blocked. Put the file beside the stylesheet and give its relative path.` });
    } else if (value.startsWith('//')) {
      found.push({ ...placeAt(css, m.index, starts), message: `url(${value}) cannot be fetched: notes prints with every request blocked. Put the file beside the stylesheet and give its relative path.` });
    }
  }
  return found.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** The relative addresses a stylesheet's `url()`s name (not `data:`, not `#fragment`), each with its place. Pure. */
export function stylesheetUrls(css: string): (CssPlace & { value: string })[] {
  const text = withoutComments(css);
  const starts = lineStartsOf(css);
  const found: (CssPlace & { value: string })[] = [];
  for (const m of text.matchAll(URL)) {
    const value = m[1] ?? m[2] ?? m[3] ?? '';
    if (value === '' || value.startsWith('#') || /^[a-z][a-z0-9+.-]*:/iu.test(value) || value.startsWith('//')) continue;
    found.push({ ...placeAt(css, m.index, starts), value });
  }
  return found;
}

/** The stylesheet with each `url()` named in `files` replaced by its `data:` URL. Pure. */
export function withUrlsInlined(css: string, files: ReadonlyMap<string, string>): string {
  const text = withoutComments(css);
  let out = '';
  let last = 0;
  for (const m of text.matchAll(URL)) {
    const value = m[1] ?? m[2] ?? m[3] ?? '';
    const data = files.get(value);
    if (data === undefined) continue;
    out += `${css.slice(last, m.index)}url("${data}")`;
    last = m.index + m[0].length;
  }
  return out + css.slice(last);
}
