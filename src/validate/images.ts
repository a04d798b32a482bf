import type { Image } from 'mdast';
import { eachMdast } from '../plugins/each-element.js';
import { hasErrors } from '../diagnostics/report.js';
import type { VFile } from 'vfile';
import type { Project } from '../model/types.js';
import { resolveLocal } from '../model/links.js';

/** The local images (and logos) the valid notes use, relative to the notes folder. */
export function referencedImages(project: Project): Set<string> {
  const paths = new Set<string>();
  for (const file of project.notes) {
    if (hasErrors(file)) continue;
    for (const p of file.data.images ?? imagesOf(file)) if (project.files.has(p)) paths.add(p);
  }
  return paths;
}

/** The local images and logo one note points at (whether or not they exist), from its tree and front matter. */
export function imagesOf(file: VFile): string[] {
  const paths = new Set<string>();
  const from = file.data.relative ?? '';
  const add = (url: string): void => {
    const target = resolveLocal(from, url);
    if (target.kind === 'local') paths.add(target.path);
  };
  if (file.data.tree) eachMdast(file.data.tree, 'image', (node: Image) => add(node.url));
  if (file.data.note?.logo) add(file.data.note.logo.src);
  return [...paths];
}
