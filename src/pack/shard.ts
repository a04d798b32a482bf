/** One of `count` parts of a build (`--shard index/count`, index from 1). */
export interface Shard {
  index: number;
  count: number;
}

/** The most parts a build is split into: more CI runners than this is a typo, not a plan. */
export const MAX_SHARDS = 1000;

/** Read `i/n` (whole numbers, 1 ≤ i ≤ n ≤ {@link MAX_SHARDS}); undefined when it is not one. */
export function parseShard(text: string): Shard | undefined {
  const match = /^([1-9]\d{0,3})\/([1-9]\d{0,3})$/.exec(text.trim());
  if (!match) return undefined;
  const shard = { index: Number(match[1]), count: Number(match[2]) };
  return shard.index <= shard.count && shard.count <= MAX_SHARDS ? shard : undefined;
}

/**
 * The outputs of one shard. Outputs are dealt out by folder (a note's pack, or a collection's
 * root with its combined documents and index), so a pack and its manifest are never split: the
 * folders, sorted, go to shards 1, 2, … n, 1, 2, … in turn. The same notes give every runner the
 * same deal, and the n shards together are the whole build, each folder exactly once.
 */
export function inShard<T extends { path: string }>(outputs: readonly T[], shard: Shard): T[] {
  const mine = dealFolders(outputs.map((o) => o.path), shard);
  return outputs.filter((o) => mine.has(folderOf(o.path)));
}

/** The folder of an output path ('' for the root). */
export function folderOf(path: string): string {
  return path.split('/').slice(0, -1).join('/');
}

/** The folders of these output paths that go to `shard`: sorted, then dealt to shards 1, 2, … n, 1, 2, … in turn. Pure. */
export function dealFolders(paths: readonly string[], shard: Shard): Set<string> {
  const folders = [...new Set(paths.map(folderOf))].sort();
  return new Set(folders.filter((_, i) => (i % shard.count) + 1 === shard.index));
}
