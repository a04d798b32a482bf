// A fresh process for one HTML measurement of the benchmark, so that neither side pays for the
// other's memory: `floor DIR` runs the bare unified pipeline over every note body of DIR;
// `notes DIR OUT` runs notes' build without PDFs and with nothing remembered. Prints
// {"ms": …, "documents": …} on stdout; the process's start-up is not counted.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { runBuild } from '../../dist/pipeline/index.js';

const [mode, dir, out] = process.argv.slice(2);
if (mode === 'floor') {
  const names = (await readdir(dir, { recursive: true })).filter((n) => n.endsWith('.md')).sort();
  const bodies = await Promise.all(
    names.map(async (n) => {
      const text = await readFile(path.join(dir, n), 'utf8');
      return text.slice(text.indexOf('\n---\n') + 5);
    }),
  );
  const processor = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeStringify);
  const start = performance.now();
  for (const body of bodies) String(await processor.process(body));
  console.log(JSON.stringify({ ms: performance.now() - start, documents: bodies.length }));
} else {
  const start = performance.now();
  const result = await runBuild(dir, out, { pdf: false, force: true });
  const documents = result.outputs.filter((o) => o.meta !== undefined).length;
  console.log(JSON.stringify({ ms: performance.now() - start, documents }));
}
