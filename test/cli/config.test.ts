import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SETTING_FLAGS } from '../../src/config/resolve.js';
import { runCli } from '../helpers/cli.js';
import { conceptNote, FORUM_YAML, testdir } from '../helpers/project.js';

/** A project: good/ (one note in en and fr), bad/ (one note with a broken email), and config files. */
let dir: string;
const at = (...parts: string[]): string => path.join(dir, ...parts);
const shown = (...parts: string[]): string => path.relative(process.cwd(), at(...parts));

beforeAll(async () => {
  dir = await testdir({
    'good/f/collection.yaml': FORUM_YAML.replace('languages: [en]', 'languages: [en, fr]'),
    'good/f/w1.md': conceptNote(),
    'bad/f/collection.yaml': FORUM_YAML,
    'bad/f/w1.md': conceptNote().replace('ada@un.org', 'ada@un'),
    'bad-notes.yaml': 'notes: bad\n',
    'json-format.yaml': 'notes: good\nformat: json\n',
    'only-format.yaml': 'format: text\n',
    'build-fr.json': '{\n  "notes": "good",\n  "out": "site",\n  "pdf": false,\n  "languages": ["fr"]\n}\n',
    'typo.yaml': 'notes: good\n# where the build goes\noutt: site\n',
    'wrong-type.yaml': 'notes: good\nconcurrency: two\n',
  });
  const init = await runCli(['translate', 'init', at('good/f/w1.md'), '--lang', 'fr', '--notes', at('good')]);
  expect(init.code).toBe(0);
});

/** Every file below `folder`, `/`-separated and sorted. */
async function filesIn(folder: string): Promise<string[]> {
  const names = await readdir(folder, { recursive: true, withFileTypes: true });
  return names.filter((e) => e.isFile()).map((e) => path.relative(folder, path.join(e.parentPath, e.name)).split(path.sep).join('/')).sort();
}

describe('config precedence: built-in default < config < flag', () => {
  it('uses the built-in default (notes/ here) when neither config nor flag sets the notes folder', async () => {
    expect(await runCli(['validate', '--config', at('only-format.yaml')])).toEqual({ code: 0, stdout: '', stderr: '7 notes checked: no problems.\n' });
  });

  it('takes the notes folder from the config, relative to the config file', async () => {
    const result = await runCli(['validate', '--config', at('bad-notes.yaml')]);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `${shown('bad/f/w1.md')}:14:12  error  "ada@un" is not a valid email address (contacts › 1 › email): write it as name@domain, e.g. name@un.org.  schema-format\n1 error, 0 warnings\n`,
    });
  });

  it('lets a flag win over the config', async () => {
    expect(await runCli(['validate', '--config', at('bad-notes.yaml'), '--notes', at('good')])).toEqual({ code: 0, stdout: '', stderr: '2 notes checked: no problems.\n' });
  });

  it('takes the diagnostics format from the config, and the flag wins', async () => {
    expect(await runCli(['validate', '--config', at('json-format.yaml')])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    expect(await runCli(['--config', at('json-format.yaml'), 'validate', '--format', 'text'])).toEqual({ code: 0, stdout: '', stderr: '2 notes checked: no problems.\n' });
  });
});

describe('a JSON config for notes build, and --lang', () => {
  it('builds only the languages of the config, HTML only, into its output folder', async () => {
    const result = await runCli(['build', '--config', at('build-fr.json')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^Wrote 6 files to .*site: 1 HTML and 0 PDF note editions, 1 HTML and 0 PDF combined documents\.\n/);
    expect(await filesIn(at('site'))).toEqual(['index.html', 'test-forum/index.html', 'test-forum/manifest.json', 'test-forum/test-forum.fr.html', 'test-forum/w1/manifest.json', 'test-forum/w1/w1.fr.html']);
  });

  it('lets --lang win over the config languages, and --out over its out', async () => {
    const result = await runCli(['build', '--config', at('build-fr.json'), '--lang', 'en', '--out', at('site-en')]);
    expect(result.code).toBe(0);
    expect(await filesIn(at('site-en'))).toEqual(['index.html', 'test-forum/index.html', 'test-forum/manifest.json', 'test-forum/test-forum.en.html', 'test-forum/w1/manifest.json', 'test-forum/w1/w1.en.html']);
  });

  it('builds several languages given as a comma-separated list', async () => {
    const result = await runCli(['build', '--notes', at('good'), '--out', at('site-both'), '--no-pdf', '--lang', 'fr, en']);
    expect(result.code).toBe(0);
    expect((await filesIn(at('site-both'))).filter((f) => f.endsWith('.html'))).toEqual(['index.html', 'test-forum/index.html', 'test-forum/test-forum.en.html', 'test-forum/test-forum.fr.html', 'test-forum/w1/w1.en.html', 'test-forum/w1/w1.fr.html']);
  });

  it('refuses a language no collection publishes, naming those there are, and writes nothing', async () => {
    expect(await runCli(['build', '--notes', at('good'), '--out', at('site-de'), '--no-pdf', '--lang', 'fr,de'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'There is no "de" edition to build: the collections publish en, fr.\n',
    });
    expect(existsSync(at('site-de'))).toBe(false);
  });

  it('refuses an empty --lang', async () => {
    const result = await runCli(['build', '--notes', at('good'), '--no-pdf', '--lang', ',']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: option '--lang <tags>' argument ',' is invalid. expected language tags such as en,uz-Latn.");
  });
});

describe('a broken config', () => {
  it('reports an unknown key at its line and column, exit 2, before doing anything', async () => {
    expect(await runCli(['build', '--config', at('typo.yaml'), '--out', at('never')])).toEqual({
      code: 2,
      stdout: '',
      stderr: `${shown('typo.yaml')}:3:1  error  "outt" is not a setting: check its spelling. The settings are notes, out, languages, format, concurrency, browser, browserEndpoint, timeout, pdf, zip, theme, kinds.  config-invalid\n1 error, 0 warnings\n`,
    });
    expect(existsSync(at('never'))).toBe(false);
  });

  it('reports a value of the wrong type at the value, for every command', async () => {
    const expected = {
      code: 2,
      stdout: '',
      stderr: `${shown('wrong-type.yaml')}:2:14  error  The setting "concurrency" should be a whole number, not "two".  config-invalid\n1 error, 0 warnings\n`,
    };
    expect(await runCli(['validate', '--config', at('wrong-type.yaml')])).toEqual(expected);
    expect(await runCli(['doctor', '--config', at('wrong-type.yaml')])).toEqual(expected);
  });

  it('names a --config file that does not exist', async () => {
    expect(await runCli(['validate', '--config', at('nope.yaml')])).toEqual({
      code: 2,
      stdout: '',
      stderr: `The config file ${at('nope.yaml')} does not exist: check --config.\n`,
    });
  });
});

describe('the settings and the flags', () => {
  it('has a flag of notes build for every setting of the config', async () => {
    const help = (await runCli(['build', '--help'])).stdout;
    expect(Object.values(SETTING_FLAGS).filter((flag) => !help.includes(flag))).toEqual([]);
    expect((await runCli(['--help'])).stdout).toContain('--config <file>');
  });
});
