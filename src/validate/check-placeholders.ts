import type { Nodes } from 'mdast';
import type { VFile } from 'vfile';
import type { Point } from 'unist';
import { visit as yamlVisit } from 'yaml';
import { report } from '../diagnostics/report.js';
import { bodyPlaceholders, FIELD_PLACEHOLDERS, PLACEHOLDER_EMAIL, PROJECT_CODE_PLACEHOLDER, type Placeholder } from '../scaffold/placeholders.js';
import type { RequiredSection } from './schema.js';
import { lineIndexOf, lineStartsOf, rangeOf } from '../parse/yaml-source.js';

/** The project code `notes new` writes, whatever its year: `26-XX-00-XX-XXX`. */
const PROJECT_CODE = new RegExp(`^\\d{2}-${PROJECT_CODE_PLACEHOLDER}$`);

/** A front-matter value that is one of the placeholders `notes new` writes (whole, case and spacing aside). */
function fieldPlaceholder(value: string): Placeholder | undefined {
  const text = value.replace(/\s+/g, ' ').trim().toLowerCase();
  if (text === PLACEHOLDER_EMAIL) return { text: PLACEHOLDER_EMAIL, means: "the contact person's work email address" };
  if (PROJECT_CODE.test(value.trim())) return { text: value.trim(), means: 'the project code, e.g. 24-IP-07-GE-WSP-A' };
  return Object.values(FIELD_PLACEHOLDERS).find((p) => p.text.toLowerCase() === text);
}

function say(found: Placeholder): string {
  const shown = found.text.length > 60 ? `${found.text.slice(0, 57)}…` : found.text;
  return `"${shown}" is a placeholder notes new wrote: replace it with ${found.means} before the note is circulated.`;
}

/**
 * Warn about every placeholder `notes new` wrote (placeholders.ts) that a source note still
 * holds: a front-matter value at its place, a line of the body at its Markdown position. A note
 * full of "Title of the workshop" validates, so without this nothing would stop it being
 * printed and sent. Pure: reads only `file.data` and the note's text.
 */
export function checkScaffoldPlaceholders(file: VFile, sections: readonly RequiredSection[]): void {
  const note = file.data.note;
  const tree = file.data.tree;
  const source = file.data.yaml;
  if (!note) return;
  if (source) {
    yamlVisit(source.doc, {
      Scalar(_, node) {
        const found = typeof node.value === 'string' ? fieldPlaceholder(node.value) : undefined;
        if (found) report(file, 'placeholder', say(found), rangeOf(source, node));
      },
    });
  }
  if (!tree) return;
  const phrases = bodyPlaceholders(note.kind, sections);
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
