import { describe, expect, it } from 'vitest';
import type { Output } from '../../src/pack/pack.js';
import { inShard, MAX_SHARDS, parseShard } from '../../src/pack/shard.js';

const output = (path: string): Output => ({ path, content: '', kind: path.endsWith('index.html') ? 'index' : 'note' });
const build = [
  'index.html',
  'f/index.html',
  'f/f.en.html',
  'f/f.en.pdf',
  ...[1, 2, 3, 4, 5].flatMap((n) => [`f/w${n}/w${n}.en.html`, `f/w${n}/w${n}.en.pdf`, `f/w${n}/w${n}.fr.html`]),
  'g/index.html',
  'g/p/p.en.html',
].map(output);

describe('--shard i/n', () => {
  it('reads i/n with 1 ≤ i ≤ n, and nothing else', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/2', '3/2', '2', '1/0', 'a/b', '-1/2', '1/2/3', '']) expect(parseShard(bad), bad).toBeUndefined();
  });

  it('refuses non-integers and more than MAX_SHARDS parts', () => {
    expect(parseShard(`${MAX_SHARDS}/${MAX_SHARDS}`)).toEqual({ index: MAX_SHARDS, count: MAX_SHARDS });
    for (const bad of ['1.5/2', '1/2.0', '1e1/20', '1/1001', '1/99999999999999999999', '99999999999999999999/99999999999999999999', '0x1/2', ' 1 / 2 ']) {
      expect(parseShard(bad), bad).toBeUndefined();
    }
  });

  it('deals out whole folders: the shards are disjoint, together the whole build, and balanced', () => {
    for (const count of [1, 2, 3, 4, 9]) {
      const shards = Array.from({ length: count }, (_, i) => inShard(build, { index: i + 1, count }).map((o) => o.path));
      expect(shards.flat().sort()).toEqual(build.map((o) => o.path).sort());
      const folders = shards.map((paths) => new Set(paths.map((p) => p.split('/').slice(0, -1).join('/'))));
      for (let a = 0; a < count; a++) for (let b = a + 1; b < count; b++) expect([...(folders[a] as Set<string>)].filter((f) => folders[b]?.has(f))).toEqual([]);
      const sizes = folders.map((f) => f.size);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });

  it('gives the same deal for the same outputs in any order', () => {
    const reversed = [...build].reverse();
    expect(inShard(reversed, { index: 2, count: 3 }).map((o) => o.path).sort()).toEqual(inShard(build, { index: 2, count: 3 }).map((o) => o.path).sort());
  });
});
