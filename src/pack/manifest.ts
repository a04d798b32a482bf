import { createHash } from 'node:crypto';
import { zipSync } from 'fflate';
import { isStored, type Output } from './pack.js';

/** One file of a pack, as manifest.json lists it. */
export interface ManifestEntry {
  file: string;
  bytes: number;
  sha256: string;
  source: string | null;
  language: string | null;
  kind: string;
  format: string;
}

const bytesOf = (content: Output['content']): Uint8Array => {
  if (isStored(content)) throw new Error(`${content.file} must be read before it is archived`);
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
};

/** Size and SHA-256 of a content, from its file's record when it is kept in a file. */
function measure(content: Output['content']): { bytes: number; sha256: string } {
  if (isStored(content)) return { bytes: content.bytes, sha256: content.sha256 };
  const bytes = bytesOf(content);
  return { bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** The folder an output belongs to (its pack, or its collection's root for combined documents). */
function folderOf(path: string): string {
  return path.split('/').slice(0, -1).join('/');
}

/**
 * Add a manifest.json to every folder that holds documents (each workshop's pack and each
 * collection's root), listing every file with its size, SHA-256, source note, language and
 * kind; and, with `zip`, one archive per pack (`<collection>/<pack>.zip`), with fixed file dates so
 * the same input gives the same bytes (an archive needs its files' bytes: read stored ones first).
 */
export function addManifests(outputs: readonly Output[], options: { zip: boolean; date: Date }): Output[] {
  const documents = outputs.filter((o) => o.kind === 'note' || o.kind === 'combined');
  const folders = new Map<string, Output[]>();
  for (const o of documents) {
    const folder = folderOf(o.path);
    folders.set(folder, [...(folders.get(folder) ?? []), o]);
  }
  const added: Output[] = [];
  for (const [folder, files] of [...folders.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const entries: ManifestEntry[] = files
      .map((o) => {
        const { bytes, sha256 } = measure(o.content);
        return {
          file: o.path.slice(folder.length + 1),
          bytes,
          sha256,
          source: o.source ?? null,
          language: o.lang ?? null,
          kind: o.meta?.documentKind ?? o.kind,
          format: o.path.split('.').pop() ?? '',
        };
      })
      .sort((a, b) => a.file.localeCompare(b.file));
    const manifest: Output = { path: `${folder}/manifest.json`, content: `${JSON.stringify({ files: entries }, null, 2)}\n`, kind: 'manifest' };
    added.push(manifest);
    const isPack = files.every((o) => o.kind === 'note');
    if (options.zip && isPack) {
      const name = folder.split('/').pop() as string;
      const mtime = options.date.getTime() < Date.UTC(1980, 0, 2) ? new Date(Date.UTC(1980, 0, 2)) : options.date;
      const archive = zipSync(
        Object.fromEntries(
          [...files, manifest]
            .sort((a, b) => a.path.localeCompare(b.path))
            .map((o) => [`${name}/${o.path.slice(folder.length + 1)}`, [bytesOf(o.content), { mtime, level: 6 }] as const]),
        ),
      );
      added.push({ path: `${folder}.zip`, content: archive, kind: 'archive' });
    }
  }
  return added;
}
