import type { Image } from 'mdast';
import { visit } from 'unist-util-visit';
import { hasErrors } from '../diagnostics/report.js';
import type { Project } from '../model/types.js';
import { resolveLocal } from './paths.js';

/** The local images (and logos) the valid notes use, relative to the notes folder. */
export function referencedImages(project: Project): Set<string> {
  const paths = new Set<string>();
  for (const file of project.notes) {
    if (hasErrors(file) || !file.data.tree) continue;
    const from = file.data.relative ?? '';
    const add = (url: string): void => {
      const target = resolveLocal(from, url);
      if (target.kind === 'local' && project.files.has(target.path)) paths.add(target.path);
    };
    visit(file.data.tree, 'image', (node: Image) => add(node.url));
    if (file.data.note?.logo) add(file.data.note.logo.src);
  }
  return paths;
}

