import type { Nodes } from 'mdast';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import type { Project } from '../model/types.js';
import { labelOf, type Kinds } from '../model/kind.js';
import { editionOf } from '../translate/edition.js';
import { resolveLocal } from '../model/links.js';

/** A file a run limited to changed files reports on, and which of its problems it reports. */
export interface Affected {
  file: VFile;
  messages: VFileMessage[];
}

const COLLECTION_FILE = 'collection.yaml';

/**
 * What matters when only `changed` files (relative to the notes folder, `/`-separated; deleted ones
 * included) changed, in a project validated as a whole:
 * - every problem of a changed file, of a note below a changed collection.yaml (its forum, languages
 *   and dates apply to it) and of an edition whose source changed (its facts come from the source);
 * - the errors of the source of a changed edition (they stop the edition from being built);
 * - cross-note problems on an unchanged file that name a changed one: a duplicate number (a workshop's) or
 *   collection id shared with a changed file, a link or image of a note pointing at a changed path.
 * Pure: the project and the list in, the files and messages to report out, in project order.
 */
export function affectedBy(project: Project, changed: ReadonlySet<string>, kinds: Kinds): Affected[] {
  const relative = (file: VFile): string => file.data.relative ?? '';
  const isChanged = (file: VFile): boolean => changed.has(relative(file));
  const collectionDirs = [...changed]
    .filter((p) => p === COLLECTION_FILE || p.endsWith(`/${COLLECTION_FILE}`))
    .map((p) => (p === COLLECTION_FILE ? '' : p.slice(0, -COLLECTION_FILE.length)));
  const underChangedCollection = (file: VFile): boolean => collectionDirs.some((dir) => relative(file).startsWith(dir));
  const sourceOf = (file: VFile): string | undefined => editionOf(relative(file))?.source;

  const kept = new Map<VFile, Set<VFileMessage>>();
  const keep = (file: VFile, messages: readonly VFileMessage[], whole = false): void => {
    if (!whole && messages.length === 0) return;
    kept.set(file, new Set([...(kept.get(file) ?? []), ...messages]));
  };

  for (const c of project.collections) {
    if (isChanged(c.file)) keep(c.file, c.file.messages, true);
  }
  for (const file of project.others ?? []) {
    if (isChanged(file)) keep(file, file.messages, true);
  }
  for (const file of project.notes) {
    const source = sourceOf(file);
    if (isChanged(file) || underChangedCollection(file) || (source !== undefined && changed.has(source))) keep(file, file.messages, true);
  }

  for (const file of project.notes) {
    const source = sourceOf(file);
    if (source !== undefined && isChanged(file)) {
      const sourceFile = project.notes.find((f) => relative(f) === source);
      if (sourceFile) keep(sourceFile, sourceFile.messages.filter((m) => m.fatal === true));
    }
    if (sameNumber(project, file, kinds).some(isChanged)) keep(file, file.messages.filter((m) => m.ruleId === 'workshop-duplicate'));
    if ([...localTargets(file)].some((p) => changed.has(p))) {
      keep(file, file.messages.filter((m) => m.ruleId === 'link-missing' || m.ruleId === 'image-missing'));
    }
  }
  for (const c of project.collections) {
    const others = project.collections.filter((o) => o !== c && o.data !== undefined && o.data.id === c.data?.id);
    if (others.some((o) => isChanged(o.file))) keep(c.file, c.file.messages.filter((m) => m.ruleId === 'collection-duplicate-id'));
  }

  const order = [...project.collections.map((c) => c.file), ...project.notes, ...(project.others ?? [])];
  return order.filter((file) => kept.has(file)).map((file) => ({ file, messages: file.messages.filter((m) => kept.get(file)?.has(m)) }));
}

/** The files to hand to `collectDiagnostics`: each affected file with only the messages reported. */
export function reportedFiles(affected: readonly Affected[]): VFile[] {
  return affected.map(({ file, messages }) => {
    const view = new VFile({ path: file.path });
    view.messages = [...messages];
    return view;
  });
}

/** The other source notes of the collection of `file` of its kind with its number, when its kind wants numbers unique. */
function sameNumber(project: Project, file: VFile, kinds: Kinds): VFile[] {
  const note = file.data.note;
  const kind = note ? kinds[note.kind] : undefined;
  const number = note ? labelOf(note, kind) : undefined;
  if (!note || !kind?.number?.unique || number === undefined || file.data.edition) return [];
  return project.notes.filter(
    (other) =>
      other !== file &&
      !other.data.edition &&
      other.data.collection === file.data.collection &&
      other.data.note?.kind === note.kind &&
      String(labelOf(other.data.note, kind)) === String(number),
  );
}

/** The paths (relative to the notes folder) that the Markdown links, images and logo of a note point to. */
function localTargets(file: VFile): Set<string> {
  // What validation looked for (Markdown and raw HTML links, images, the logo), when it recorded it.
  if (file.data.links) return new Set(file.data.links);
  const targets = new Set<string>();
  const add = (url: string): void => {
    const target = resolveLocal(file.data.relative ?? '', url);
    if (target.kind === 'local') targets.add(target.path);
  };
  if (file.data.tree) {
    visit(file.data.tree, (node: Nodes) => {
      if (node.type === 'link' || node.type === 'image' || node.type === 'definition') add(node.url);
    });
  }
  if (file.data.note?.logo) add(file.data.note.logo.src);
  return targets;
}
