import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { layout } from '../../src/model/layout.js';
import { planBuild, type Output } from '../../src/pack/pack.js';
import { folderOf, inShard } from '../../src/pack/shard.js';
import { runBuild, runValidate } from '../../src/pipeline/index.js';
import type { RenderContext } from '../../src/render/documents.js';
import { compileTemplates, type Templates } from '../../src/render/templates.js';

// --shard splits the plan before anything is rendered: a shard renders the notes of its own packs
// (and every note of a collection whose combined documents it builds), never the others', and
// prints only its own documents. Its outputs are exactly the full build's outputs of its folders.

/** The sample, validated, and a render context whose note templates count what they render. */
async function sample(): Promise<{ plan: (shard?: { index: number; count: number }) => { outputs: Output[]; rendered: Set<string> } }> {
  const { project, resources } = await runValidate('notes', [], undefined, { memo: false });
  return {
    plan: (shard) => {
      const rendered = new Set<string>();
      const templates = compileTemplates(resources.templates);
      const counting = Object.fromEntries(
        Object.entries(templates).map(([name, template]) => [
          name,
          (view: { slug?: string; h1?: number }, locale: { lang: string }) => {
            // A kind's own template, for a note's standalone page (a chapter is level 2).
            if (Object.hasOwn(resources.kinds, name) && view.h1 === 1) rendered.add(`${view.slug}.${locale.lang}`);
            return template(view as object, locale as never);
          },
        ]),
      ) as unknown as Templates;
      const context: RenderContext = { templates: counting, messages: resources.messages, kinds: resources.kinds, styles: resources.styles, version: resources.version, assets: new Map() };
      return { outputs: planBuild(project, {}, context, shard), rendered };
    },
  };
}

describe('a shard of the plan', () => {
  it('has exactly the full build’s outputs of its folders, and renders only the notes they need', async () => {
    const { plan } = await sample();
    const full = plan();
    expect(full.rendered.size).toBe(full.outputs.filter((o) => o.kind === 'note').length);
    for (const count of [2, 3, 5]) {
      const renders: number[] = [];
      for (let index = 1; index <= count; index++) {
        const mine = plan({ index, count });
        const expected = inShard(full.outputs, { index, count });
        expect(mine.outputs.map((o) => o.path).sort()).toEqual(expected.map((o) => o.path).sort());
        expect(mine.outputs.map((o) => o.content)).toEqual(mine.outputs.map((o) => full.outputs.find((f) => f.path === o.path)?.content));
        // What it had to render: its packs' notes, and all notes of a collection whose root folder is its own.
        const roots = new Set(mine.outputs.filter((o) => o.kind === 'index' && o.path !== layout.rootIndex()).map((o) => folderOf(o.path)));
        const needed = new Set(
          full.outputs
            .filter((o) => o.kind === 'note' && (mine.outputs.some((m) => m.path === o.path) || roots.has(o.path.split('/')[0] as string)))
            .map((o) => path.basename(o.path, '.html')),
        );
        expect([...mine.rendered].sort()).toEqual([...needed].sort());
        renders.push(mine.rendered.size);
      }
      // Not every runner renders every note (before, each rendered all 7 and kept its part).
      expect(renders.filter((n) => n < full.rendered.size).length).toBeGreaterThanOrEqual(count - 1);
      expect(renders.reduce((a, b) => a + b, 0)).toBeLessThan(count * full.rendered.size);
    }
  });

  it('prints only its own documents', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'notes-shard-'));
    let printed = 0;
    let total = 0;
    const { outputs } = await runBuild('notes', out, {
      shard: { index: 2, count: 3 },
      cache: false,
      force: true,
      env: { NOTES_CACHE_DIR: path.join(out, '.cache') },
      onProgress: (e) => {
        printed += e.cached ? 0 : 1;
        total = e.total;
      },
    });
    const html = outputs.filter((o) => o.path.endsWith('.html') && o.kind !== 'index');
    const pdfs = outputs.filter((o) => o.path.endsWith('.pdf'));
    expect(pdfs.length).toBeGreaterThan(0);
    expect(total).toBe(html.length);
    expect(printed).toBe(html.length);
    expect(pdfs.map((o) => o.path.replace(/\.pdf$/, '')).sort()).toEqual(html.map((o) => o.path.replace(/\.html$/, '')).sort());
  }, 120_000);
});
