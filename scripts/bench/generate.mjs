// A synthetic, seeded set of forums for the benchmark: N concept notes of 1,500–2,500 words each,
// with a GFM table, footnotes, three sessions and two contacts, and a French edition of every
// note (made as `notes translate init` makes one: the translation block and the source text).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runValidate } from '../../dist/pipeline/index.js';
import { sourceSegments } from '../../dist/validate/validate.js';
import { editionSkeleton } from '../../dist/translate/init.js';

/** mulberry32: a small, fast, seeded PRNG. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'public service innovation digital government citizens trust institutions policy delivery ' +
  'capacity data governance inclusion accountability transparency partnership sustainable ' +
  'development goals local regional national agencies platforms reform resilience evidence ' +
  'participation youth women communities access equity services administration leadership ' +
  'strategy implementation monitoring evaluation learning knowledge exchange cooperation ' +
  'finance budget procurement technology infrastructure connectivity skills workforce ethics'
).split(' ');

function sentence(rand, min = 8, max = 22) {
  const n = min + Math.floor(rand() * (max - min));
  const words = Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]);
  if (rand() < 0.15) words[Math.floor(rand() * n)] = `*${words[Math.floor(rand() * n)]}*`;
  const text = words.join(' ');
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

function paragraph(rand) {
  return Array.from({ length: 4 + Math.floor(rand() * 4) }, () => sentence(rand)).join(' ');
}

function words(text) {
  return text.split(/\s+/).filter(Boolean).length;
}

/** One concept note, workshop `n`, of 1,500–2,500 words. */
export function note(rand, n, forumId = 'bench-forum') {
  const sessions = [1, 2, 3].map((k) => `Session ${k} of workshop ${n}`);
  const target = 1500 + Math.floor(rand() * 1000);
  const front = [
    '---',
    'kind: concept-note',
    `forum: ${forumId}`,
    `workshop: ${n}`,
    `title: Workshop ${n} on ${WORDS[n % WORDS.length]} and ${WORDS[(n * 7) % WORDS.length]}`,
    'languages: [en]',
    'organisers:',
    '  - name: United Nations Department of Economic and Social Affairs',
    '    abbreviation: UN DESA',
    'sessions:',
    ...sessions.map((title, i) => `  - title: ${title}\n    minutes: ${30 + i * 15}`),
    'contacts:',
    `  - name: Contact ${n} A\n    email: contact${n}a@un.org`,
    `  - name: Contact ${n} B\n    email: contact${n}b@un.org`,
    '---',
    '',
  ].join('\n');
  const table = ['| Indicator | 2023 | 2024 | 2025 |', '| --- | ---: | ---: | ---: |', ...Array.from({ length: 6 }, (_, i) => `| ${sentence(rand, 2, 4).slice(0, -1)} | ${i * 3 + 10} | ${i * 4 + 12} | ${i * 5 + 15} |`)].join('\n');
  const sections = { intro: [], objective: [], focus: [], sessions: [[], [], []], details: [] };
  const order = ['intro', 'objective', 'focus', 0, 1, 2, 'details'];
  let count = 0;
  for (let i = 0; count < target; i++) {
    const p = paragraph(rand);
    count += words(p);
    const slot = order[i % order.length];
    (typeof slot === 'number' ? sections.sessions[slot] : sections[slot]).push(p);
  }
  const body = [
    '## Introduction',
    `${sections.intro.join('\n\n')} This builds on earlier work.[^1]`,
    '## Objective',
    sections.objective.join('\n\n'),
    '## Focus',
    `${sections.focus.join('\n\n')} Figures are indicative.[^2]`,
    table,
    '## Structure',
    ...sessions.flatMap((title, k) => [`### Session ${k + 1}: ${title}`, sections.sessions[k].join('\n\n')]),
    '## Organisational Details',
    sections.details.join('\n\n'),
    `[^1]: ${sentence(rand)} See <https://publicadministration.un.org>.`,
    `[^2]: ${sentence(rand)}`,
  ].join('\n\n');
  return `${front}\n${body}\n`;
}

const COLLECTION = (languages, id = 'bench-forum') => `id: ${id}
type: forum
name: Benchmark Forum ${id}
dates:
  start: 2025-06-23
  end: 2025-06-25
venue:
  city: Samarkand
  country: Republic of Uzbekistan
organisers:
  - name: United Nations Department of Economic and Social Affairs
languages: [${languages.join(', ')}]
`;

/**
 * Write the notes into `dir`: forums of `perForum` workshops (a forum of a few dozen workshops is
 * what a secretariat publishes; its combined document then has a few hundred pages), notes in
 * English and, when `editions`, a French edition of each beside it. Every note must validate
 * with no error: the benchmark measures valid notes.
 */
export async function generate(dir, { notes, seed, editions = true, perForum = 25 }) {
  const rand = random(seed);
  const forums = Math.ceil(notes / perForum);
  for (let f = 0; f < forums; f++) {
    const id = `bench-forum-${f + 1}`;
    const folder = path.join(dir, id);
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'collection.yaml'), COLLECTION(editions ? ['en', 'fr'] : ['en'], id));
    for (let n = 1; n <= Math.min(perForum, notes - f * perForum); n++) await writeFile(path.join(folder, `workshop-${n}.md`), note(rand, n, id));
  }
  if (editions) {
    const { project, validators } = await runValidate(dir);
    for (const file of project.notes) {
      const segments = sourceSegments(file, { validators });
      const text = String(file.value);
      const body = text.slice(text.indexOf('\n---\n') + 5);
      const name = path.basename(file.path);
      await writeFile(path.join(path.dirname(file.path), name.replace(/\.md$/, '.fr.md')), editionSkeleton({ sourceName: name, lang: 'fr', segments, body }));
    }
  }
  const { diagnostics } = await runValidate(dir);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`the generated forum does not validate: ${errors.slice(0, 3).map((d) => `${d.file}:${d.line} ${d.message}`).join('; ')}`);
}

// `node scripts/bench/generate.mjs DIR N [--no-editions]` writes one to look at.
if (import.meta.url === `file://${process.argv[1]}`) {
  await generate(process.argv[2] ?? 'bench-notes', { notes: Number(process.argv[3] ?? 50), seed: 20250623, editions: !process.argv.includes('--no-editions') });
}
