import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { load, MAX_DEPTH } from '../../src/load/load.js';
import { anchorOf, checkOutputNames, hrefTo, NAME_MAX_BYTES, nameKey, nameProblem } from '../../src/model/names.js';
import { runCli } from '../helpers/cli.js';
import { conceptNote, FORUM_YAML } from '../helpers/project.js';

const run = promisify(execFile);

describe('nameProblem: which note names may become output names', () => {
  it.each([
    'workshop-7',
    'семинар-1',
    'Seminar 1',
    'ورشة عمل',
    '会议',
    "o'zbek (v2)",
    'oʻquv_kursi',
    'c++ notes',
    'test-forum',
    'v1.2',
    'می\u200Cخواهم',
    'b'.repeat(NAME_MAX_BYTES),
    'ж'.repeat(NAME_MAX_BYTES / 2),
  ])('allows %j', (name) => {
    expect(nameProblem(name)).toBeUndefined();
  });

  it.each([
    ['javascript:alert(7)%2F%2F', /":", "%"/],
    ['vbscript:x', /":"/],
    ['data:text', /":"/],
    ['%2e%2e', /"%"/],
    ['a?b', /"\?"/],
    ['a#b', /"#"/],
    ['a/b', /"\/"/],
    ['a\\b', /"\\"/],
    ['a\u0000b', /U\+0000/],
    ['a\u001bb', /U\+001B/],
    ['a\tb', /U\+0009/],
    ['evil\u202Egpj', /U\+202E/],
    ['a\u200Bb', /U\+200B/],
    ['a<b>', /"<", ">"/],
    ['a"b', /"""/],
  ])('refuses %j, naming the character', (name, character) => {
    expect(nameProblem(name)).toMatch(character);
  });

  it.each(['-rf', '.hidden', ' lead', 'trail ', 'trail.', '+x', 'index.html', 'manifest.json', 'test-forum.en.html', 'test-forum.uz-Latn.PDF', 'good.zip', 'x.htm', 'CON', 'nul.txt', 'lpt1'])('refuses %j', (name) => {
    expect(nameProblem(name)).toBeDefined();
  });

  it('counts bytes, not characters: 150 bytes pass, 151 do not, in any script', () => {
    expect(nameProblem('a'.repeat(151))).toMatch(/151 bytes/);
    expect(nameProblem('ж'.repeat(76))).toMatch(/152 bytes/);
    expect(nameProblem('会'.repeat(50))).toBeUndefined();
    expect(nameProblem('会'.repeat(51))).toMatch(/153 bytes/);
    expect(nameProblem('a'.repeat(250))).toMatch(/250 bytes/);
  });

  it('says what to do, without an "Error:" prefix', () => {
    const message = nameProblem('javascript:x') as string;
    expect(message).toMatch(/^The file name has/);
    expect(message).toMatch(/use letters, digits/);
  });
});

describe('nameKey and anchorOf', () => {
  it('folds case, Unicode normalisation and spaces', () => {
    expect(nameKey('Good')).toBe(nameKey('good'));
    expect(nameKey('caf\u00e9')).toBe(nameKey('cafe\u0301'));
    expect(nameKey('Seminar 1')).toBe(nameKey('seminar_1'));
    expect(nameKey('a-b')).not.toBe(nameKey('a_b'));
  });

  it('makes an id without whitespace', () => {
    expect(anchorOf('Seminar 1')).toBe('Seminar_1');
    expect(anchorOf('семинар-1')).toBe('семинар-1');
  });
});

describe('hrefTo: links between outputs', () => {
  it('is relative, with each segment percent-encoded', () => {
    expect(hrefTo('f/index.html', 'f/workshop-7/workshop-7.en.html')).toBe('workshop-7/workshop-7.en.html');
    expect(hrefTo('index.html', 'f/index.html')).toBe('f/index.html');
    expect(hrefTo('f/a/a.en.html', 'f/index.html')).toBe('../index.html');
    expect(hrefTo('f/index.html', 'f/Seminar 1/Seminar 1.en.html')).toBe('Seminar%201/Seminar%201.en.html');
    expect(hrefTo('f/index.html', 'f/семинар/семинар.en.html')).toBe(`${encodeURIComponent('семинар')}/${encodeURIComponent('семинар')}.en.html`);
    expect(hrefTo('f/index.html', "f/(O'Neil)/x.html")).toBe('%28O%27Neil%29/x.html');
  });

  it('never starts a scheme, a query or a fragment, whatever the name', () => {
    for (const name of ['javascript:alert(7)%2F%2F', 'vbscript:x', 'data:text/html,x', 'a?b', '#x', 'http://evil.example']) {
      const href = hrefTo('f/index.html', `f/${name}/${name}.en.html`);
      expect(href, name).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
      expect(href, name).not.toMatch(/[?#:]/);
      expect(decodeURIComponent(href.split('/')[0] as string)).toBe(name.split('/')[0]);
    }
  });
});

describe('checkOutputNames', () => {
  const note = (relative: string, collection = 'f'): VFile => new VFile({ path: `notes/${relative}`, data: { relative, collection } });

  it('reports the later of two notes whose outputs would collide, at line 1', () => {
    const a = note('f/Good.md');
    const b = note('f/sub/good.md');
    const c = note('g/good.md', 'g');
    const project = { root: 'notes', collections: [], notes: [a, b, c], files: new Set<string>() };
    checkOutputNames(project);
    expect(a.messages).toEqual([]);
    expect(c.messages).toEqual([]);
    expect(b.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([['name-unsafe', 1, 1]]);
    expect(b.messages[0]?.reason).toMatch(/notes\/f\/Good\.md/);
  });
});

describe('load: a notes folder nested deeper than the limit', () => {
  it(`reports the folder past ${MAX_DEPTH} levels (2,100 levels: paths past PATH_MAX) and still builds the rest`, { timeout: 120_000 }, async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'notes-deep-'));
    try {
      await run('mkdir', ['-p', path.join(root, 'notes/c')]);
      await writeFile(path.join(root, 'notes/c/collection.yaml'), FORUM_YAML);
      await writeFile(path.join(root, 'notes/c/good.md'), conceptNote());
      // 2,100 folders: the whole path is longer than a system call takes, but GNU mkdir -p makes
      // it one folder at a time from where it is.
      await run('mkdir', ['-p', 'a/'.repeat(2100)], { cwd: path.join(root, 'notes') });

      const project = await load(path.join(root, 'notes'));
      const reported = (project.others ?? []).flatMap((f) => f.messages.map((m) => [m.ruleId, f.data.relative]));
      expect(reported).toEqual([['limit-exceeded', Array.from({ length: MAX_DEPTH + 1 }, () => 'a').join('/')]]);

      const out = path.join(root, 'out');
      const result = await runCli(['build', '--notes', path.join(root, 'notes'), '--out', out, '--no-pdf', '--format', 'json']);
      expect(result.stderr).not.toMatch(/internal error/);
      expect(result.code).toBe(1);
      expect(JSON.parse(result.stdout)).toContainEqual(expect.objectContaining({ ruleId: 'limit-exceeded', line: null }));
      expect(existsSync(path.join(out, 'test-forum/good/good.en.html'))).toBe(true);
    } finally {
      // rm -rf walks the tree one folder at a time (fs.rm would meet the same path limit).
      await run('rm', ['-rf', root]);
    }
  });
});
