import type { Nodes } from 'mdast';
import type { VFile } from 'vfile';
import type { Point } from 'unist';
import { visit as yamlVisit } from 'yaml';
import { report } from '../diagnostics/report.js';
import type { Kinds } from '../model/kind.js';
import { bodyPlaceholders, fieldPlaceholders, type FieldPlaceholder, type Placeholder } from '../scaffold/placeholders.js';
import { lineIndexOf, lineStartsOf, rangeOf } from '../parse/yaml-source.js';

/** What `notes new` may write for the kinds of a run, worked out once per set of kinds. */
interface Known {
  fields: FieldPlaceholder[];
  body: Placeholder[];
}
const knownFor = new WeakMap<Kinds, Known>();
function known(kinds: Kinds): Known {
  let found = knownFor.get(kinds);
  if (!found) {
    found = { fields: fieldPlaceholders(kinds), body: bodyPlaceholders(kinds) };
    knownFor.set(kinds, found);
  }
  return found;
}

/**
 * A front-matter value that is one of the placeholders `notes new` writes: its text whole (case
 * and spacing aside), or a value its pattern matches (the project code after its year).
 */
function fieldPlaceholder(value: string, placeholders: readonly FieldPlaceholder[]): Placeholder | undefined {
  const text = value.replace(/\s+/g, ' ').trim().toLowerCase();
  for (const p of placeholders) {
    if (p.text.toLowerCase() === text) return p;
    if (p.pattern?.test(value.trim())) return { text: value.trim(), means: p.means };
  }
  return undefined;
}

function say(found: Placeholder): string {
  const shown = found.text.length > 60 ? `${found.text.slice(0, 57)}…` : found.text;
  return `"${shown}" is a placeholder notes new wrote: replace it with ${found.means} before the note is circulated.`;
}

/**
 * Warn about every placeholder `notes new` wrote that a source note still holds: a front-matter
 * value at its place, a line of the body at its Markdown position. A placeholder of any of `kinds`
 * counts (kind.yaml's placeholders and section instructions, and the shared ones of
 * placeholders.ts), whatever the note's kind. A note full of "Title of the workshop" validates, so
 * without this nothing would stop it being printed and sent. Pure: reads only `file.data`, the
 * note's text and `kinds`.
 */
export function checkScaffoldPlaceholders(file: VFile, kinds: Kinds): void {
  const note = file.data.note;
  const tree = file.data.tree;
  const source = file.data.yaml;
  if (!note) return;
  const placeholders = known(kinds);
  if (source) {
    yamlVisit(source.doc, {
      Scalar(_, node) {
        const found = typeof node.value === 'string' ? fieldPlaceholder(node.value, placeholders.fields) : undefined;
        if (found) report(file, 'placeholder', say(found), rangeOf(source, node));
      },
    });
  }
  if (!tree) return;
  const phrases = placeholders.body;
  const text = String(file.value);
  const starts = lineStartsOf(text);
  const pointAt = (offset: number): Point => {
    const line = lineIndexOf(starts, offset);
    return { line: line + 1, column: offset - (starts[line] as number) + 1, offset };
  };
  const stack: Nodes[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop() as Nodes;
    if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Nodes);
    if (node.type !== 'text') continue;
    const from = node.position?.start.offset;
    const to = node.position?.end.offset;
    if (from === undefined || to === undefined) continue;
    // Look in the source, not the value, so the place is exact (the phrases hold nothing Markdown escapes).
    const raw = text.slice(from, to);
    for (const phrase of phrases) {
      const at = raw.indexOf(phrase.text);
      if (at === -1) continue;
      report(file, 'placeholder', say(phrase), { start: pointAt(from + at), end: pointAt(from + at + phrase.text.length) });
    }
  }
}
