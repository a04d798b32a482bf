import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../src/diagnostics/catalog.js';
import { runValidate } from '../../src/pipeline/index.js';
import { conceptNote, FORUM_YAML, testdir } from '../helpers/project.js';

/**
 * Each fixture in test/fixtures/<condition>/ is a small valid project broken in one way. The
 * table gives what `notes validate` must say about it: rule, severity, file, line, column, and
 * a fragment of the message a non-programmer reads.
 */
const cases: [fixture: string, rule: string, severity: string, file: string, line: number, column: number, says: string][] = [
  ['bad-date', 'schema-format', 'error', 'w.md', 6, 7, '"2025-06-31" is not a valid date (date): write it as YYYY-MM-DD'],
  ['bad-email', 'schema-format', 'error', 'w.md', 14, 12, '"ada@un" is not a valid email address (contacts › 1 › email)'],
  ['bad-enum', 'schema-value', 'error', 'w.md', 11, 14, 'Sessions › 1 › minutes must be at least 1, not 0.'],
  ['bad-forum-id', 'schema-pattern', 'error', 'w.md', 3, 8, '"Test Forum" is not written as forum should be'],
  ['collection-missing', 'collection-missing', 'error', 'w.md', 1, 1, 'put it in a folder with a collection.yaml'],
  ['date-order', 'date-order', 'error', 'w.md', 8, 8, 'The range ends (2025-06-24) before it starts (2025-06-25).'],
  ['date-outside-forum', 'date-outside-forum', 'error', 'w.md', 6, 7, "2025-07-01 is outside the forum's dates (2025-06-23 to 2025-06-25)"],
  ['duplicate-collection-id', 'collection-duplicate-id', 'error', 'copy/collection.yaml', 1, 5, 'The collection id "test-forum" is already used by'],
  ['duplicate-key', 'yaml-syntax', 'error', 'w.md', 6, 1, 'each key may appear only once'],
  ['duplicate-workshop', 'workshop-duplicate', 'error', 'b.md', 4, 11, 'Workshop 1 is already the number of'],
  ['empty-contacts', 'schema-length', 'error', 'w.md', 12, 11, 'Contacts needs at least 1 item(s).'],
  ['footnote-undefined', 'footnote-undefined', 'error', 'w.md', 19, 20, 'The footnote reference [^1] has no definition'],
  ['footnote-unused', 'footnote-unused', 'warning', 'w.md', 39, 1, 'The footnote [^1] is defined but never referenced'],
  ['forum-kind', 'forum-kind', 'error', 'w.md', 2, 7, 'which is a programme, not a forum'],
  ['forum-mismatch', 'forum-mismatch', 'error', 'w.md', 3, 8, 'The note says forum "other-forum" but its folder belongs to the forum "test-forum"'],
  ['heading-h1', 'heading-h1', 'error', 'w.md', 17, 1, 'The heading "A Test Workshop" uses `#`'],
  ['image-no-alt', 'image-alt', 'error', 'w.md', 19, 1, 'The image logo.png has no alternative text'],
  ['javascript-front-matter', 'front-matter-language', 'error', 'w.md', 1, 1, 'found `---javascript`. It was not read, and code in it is never run.'],
  ['js-front-matter', 'front-matter-language', 'error', 'w.md', 1, 1, 'found `---js`'],
  ['kind-missing', 'kind-unknown', 'error', 'w.md', 2, 1, 'The field `kind` is missing'],
  ['kind-unknown', 'kind-unknown', 'error', 'w.md', 2, 7, '"concept-paper" is not a kind of note'],
  ['link-outside', 'link-outside', 'error', 'w.md', 19, 5, 'The link "../../../etc/passwd" points outside the notes folder.'],
  ['link-outside', 'link-outside', 'error', 'w.md', 19, 42, 'The link "file:///etc/passwd" uses "file:"'],
  ['merge-key', 'yaml-alias', 'error', 'w.md', 13, 5, 'The merge key << is not allowed'],
  ['missing-image', 'image-missing', 'error', 'w.md', 19, 1, 'The image "images/logo.png" points to images/logo.png, which does not exist'],
  ['missing-link', 'link-missing', 'error', 'w.md', 19, 9, 'The link "annex.pdf" points to annex.pdf, which does not exist'],
  ['missing-logo', 'image-missing', 'error', 'w.md', 16, 8, 'The logo "logo.png" points to logo.png, which does not exist'],
  ['missing-required', 'schema-required', 'error', 'w.md', 2, 1, 'The field `title` is missing.'],
  ['no-front-matter', 'front-matter-missing', 'error', 'w.md', 1, 1, 'A note must start with front matter'],
  ['not-mapping', 'yaml-not-mapping', 'error', 'w.md', 1, 1, 'The front matter must be a list of `key: value` fields.'],
  ['raw-html', 'html-removed', 'warning', 'w.md', 19, 1, 'This HTML is not allowed in a note'],
  ['section-missing', 'section-missing', 'error', 'w.md', 17, 1, 'The section "Objective" is missing: add a heading `## Objective`'],
  ['session-mismatch', 'session-mismatch', 'error', 'w.md', 31, 1, 'The heading says "Welcome" but the front matter\'s sessions › 1 › title says "Opening"'],
  ['session-missing-heading', 'session-mismatch', 'error', 'w.md', 12, 5, 'Session 2 "Closing" is in the front matter but has no `### Session 2: …` heading'],
  ['unclosed-front-matter', 'front-matter-unclosed', 'error', 'w.md', 1, 1, 'is never closed'],
  ['unknown-key', 'schema-unknown-key', 'error', 'w.md', 7, 1, '`language` is not a field of this kind of note: check its spelling.'],
  ['wrong-type', 'schema-type', 'error', 'w.md', 4, 11, 'Workshop should be a whole number, not text.'],
  ['yaml-alias', 'yaml-alias', 'error', 'w.md', 5, 11, 'The anchor &t is not allowed'],
  ['yaml-syntax', 'yaml-syntax', 'error', 'w.md', 14, 22, 'Missing closing "quote'],
];

const fixtures = [...new Set(cases.map(([f]) => f))];

describe('each validation rule, on a fixture that breaks it', () => {
  it.each(fixtures)('%s', async (fixture) => {
    const root = path.join('test/fixtures', fixture);
    const { diagnostics } = await runValidate(root);
    const expected = cases.filter(([f]) => f === fixture);
    expect(
      diagnostics.map((d) => [d.ruleId, d.severity, path.relative(root, d.file).split(path.sep).join('/'), d.line, d.column]),
    ).toEqual(expected.map(([, rule, severity, file, line, column]) => [rule, severity, file, line, column]));
    expected.forEach(([, , , , , , says], i) => expect(diagnostics[i]?.message).toContain(says));
  });

  it('covers every rule of the catalog here or in the other suites', () => {
    const elsewhere = [
      'file-unreadable', // load: an unreadable file (permissions) — covered in cli tests where the OS allows
      'file-encoding', // below, written as bytes
      'translation-source-missing',
      'translation-fact',
      'translation-stale',
      'translation-language',
      'uz-apostrophe', // test/unit/translate.test.ts
      'print-failed',
      'image-remote', // test/print/print-safety.test.ts
      'browser-missing', // test/print
    ];
    const covered = new Set([...cases.map(([, rule]) => rule), ...elsewhere]);
    expect(Object.keys(rules).filter((id) => !covered.has(id))).toEqual([]);
  });
});

describe('files that are not text', () => {
  it('reports invalid UTF-8 and NUL bytes as file-encoding, and the other notes still validate', async () => {
    const dir = await testdir({
      'c/collection.yaml': FORUM_YAML,
      'c/latin1.md': Buffer.concat([Buffer.from(conceptNote().replace('Intro.', 'Caf')), Buffer.from([0xe9]), Buffer.from('.\n')]),
      'c/nul.md': conceptNote({ body: 'Intro\u0000duction\n' }).replace('workshop: 1', 'workshop: 2'),
      'c/good.md': conceptNote().replace('workshop: 1', 'workshop: 3'),
    });
    const { diagnostics, project } = await runValidate(dir);
    expect(diagnostics.map((d) => [path.basename(d.file), d.ruleId, d.line])).toEqual([
      ['latin1.md', 'file-encoding', null],
      ['nul.md', 'file-encoding', 17],
    ]);
    expect(project.notes.find((f) => f.path.endsWith('good.md'))?.data.note?.title).toBe('A Test Workshop');
  });

  it('reads a BOM and CRLF line endings with positions intact', async () => {
    const dir = await testdir({
      'c/collection.yaml': FORUM_YAML,
      'c/w.md': `\uFEFF${conceptNote().replace('ada@un.org', 'ada@un')}`.replace(/\n/g, '\r\n'),
    });
    const { diagnostics } = await runValidate(dir);
    expect(diagnostics.map((d) => [d.ruleId, d.line, d.column])).toEqual([['schema-format', 14, 12]]);
  });
});
