import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Option } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { CONFIG_SCHEMA, configValidator, loadConfig } from '../../src/config/load.js';
import { formats } from '../../src/diagnostics/reporters/index.js';
import { configValues, parseConfig, RANGES, resolvePaths, SETTING_FLAGS, type Settings } from '../../src/config/resolve.js';
import type { Diagnostic } from '../../src/diagnostics/report.js';
import { PACKAGE_ROOT } from '../../src/load/resources.js';
import { testdir } from '../helpers/project.js';

/** parseConfig's result without the YAML source it keeps for later messages. */
function parse(...args: Parameters<typeof parseConfig>): { settings: Settings } | { diagnostics: Diagnostic[] } {
  const result = parseConfig(...args);
  return 'settings' in result ? { settings: result.settings } : result;
}

let validate: ValidateFunction;
beforeAll(async () => {
  validate = await configValidator();
});

describe('parseConfig', () => {
  it('reads every setting from YAML', () => {
    const text = 'notes: notes\nout: site\nlanguages: [en, uz-Latn]\nformat: json\nconcurrency: 2\nbrowser: /usr/bin/chromium\nbrowserEndpoint: http://localhost:9222\ntimeout: 30\npdf: false\nzip: true\n';
    expect(parse(text, 'notes.config.yaml', validate)).toEqual({
      settings: { notes: 'notes', out: 'site', languages: ['en', 'uz-Latn'], format: 'json', concurrency: 2, browser: '/usr/bin/chromium', browserEndpoint: 'http://localhost:9222', timeout: 30, pdf: false, zip: true },
    });
  });

  it('reads JSON, and ignores $schema (for editors)', () => {
    expect(parse('{\n  "$schema": "./schemas/config/notes.config.schema.json",\n  "out": "site",\n  "pdf": false\n}\n', 'notes.config.json', validate)).toEqual({ settings: { out: 'site', pdf: false } });
  });

  it('takes an empty file as no settings', () => {
    expect(parse('', 'notes.config.yaml', validate)).toEqual({ settings: {} });
    expect(parse('# nothing yet\n', 'notes.config.yaml', validate)).toEqual({ settings: {} });
  });

  it('reports an unknown key at the key, with the settings there are', () => {
    expect(parse('notes: notes\n  # a comment\nouts: site\n', 'notes.config.yaml', validate)).toEqual({
      diagnostics: [
        {
          file: 'notes.config.yaml',
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 5,
          severity: 'error',
          ruleId: 'config-invalid',
          message: '"outs" is not a setting: check its spelling. The settings are notes, out, languages, format, concurrency, browser, browserEndpoint, timeout, pdf, zip, theme, kinds.',
        },
      ],
    });
  });

  it('reports a value of the wrong type at the value, in YAML and in JSON', () => {
    const yaml = parse('pdf: false\nconcurrency: two\n', 'c.yaml', validate);
    expect(yaml).toEqual({
      diagnostics: [{ file: 'c.yaml', line: 2, column: 14, endLine: 2, endColumn: 17, severity: 'error', ruleId: 'config-invalid', message: 'The setting "concurrency" should be a whole number, not "two".' }],
    });
    const json = parse('{\n  "out": "site",\n  "zip": "yes"\n}\n', 'c.json', validate);
    expect(json).toEqual({
      diagnostics: [{ file: 'c.json', line: 3, column: 10, endLine: 3, endColumn: 15, severity: 'error', ruleId: 'config-invalid', message: 'The setting "zip" should be true or false, not "yes".' }],
    });
  });

  it('reports every problem: bad values, a bad language tag, a number out of range', () => {
    const result = parse('format: xml\nlanguages: [en, english]\ntimeout: 0\nbrowserEndpoint: localhost:9222\n', 'c.yaml', validate);
    expect('diagnostics' in result && result.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      '1:9 The setting "format" should be one of text, json, github, junit, not "xml".',
      '2:17 Item 2 of "languages" should be a language tag such as en, fr or uz-Latn, not "english".',
      '3:10 The setting "timeout" should be 1 or more, not 0.',
      '4:18 The setting "browserEndpoint" should be a ws://, wss://, http:// or https:// address, not "localhost:9222".',
    ]);
  });

  it('refuses numbers past their range at the key (timeout: 1e300 would overflow Node\'s timer)', () => {
    const result = parse('timeout: 1e300\nconcurrency: 65\n', 'c.yaml', validate);
    expect('diagnostics' in result && result.diagnostics.map((d) => `${d.line}:${d.column} ${d.ruleId} ${d.message}`)).toEqual([
      '1:10 config-invalid The setting "timeout" should be 3600 or less, not 1e+300.',
      '2:14 config-invalid The setting "concurrency" should be 64 or less, not 65.',
    ]);
    expect(parse('timeout: 3600\nconcurrency: 64\n', 'c.yaml', validate)).toEqual({ settings: { timeout: 3600, concurrency: 64 } });
  });

  it('the schema and the options have the same ranges', async () => {
    const schema = JSON.parse(await readFile(path.join(PACKAGE_ROOT, CONFIG_SCHEMA), 'utf8')) as { properties: Record<string, { minimum?: number; maximum?: number }> };
    for (const [key, range] of Object.entries(RANGES)) {
      expect({ min: schema.properties[key]?.minimum, max: schema.properties[key]?.maximum }, key).toEqual(range);
    }
  });

  it('reports a YAML or JSON syntax error at its place, as config-syntax', () => {
    expect(parse('out: site\nnotes: "unclosed\n', 'c.yaml', validate)).toEqual({
      diagnostics: [{ file: 'c.yaml', line: 2, column: 8, endLine: null, endColumn: null, ruleId: 'config-syntax', severity: 'error', message: 'The config cannot be read: the quote opened here is never closed.' }],
    });
    expect(parse('{\n  "out": "site"\n  "zip": true\n}\n', 'c.json', validate)).toMatchObject({
      diagnostics: [{ line: 3, column: 3, ruleId: 'config-syntax', message: 'The config cannot be read: Missing , between flow map items.' }],
    });
    expect(parse('{\n  "out": "site",\n  "out": "x"\n}\n', 'c.json', validate)).toMatchObject({
      diagnostics: [{ line: 3, column: 3, ruleId: 'config-syntax', message: 'The config cannot be read: Map keys must be unique.' }],
    });
  });

  it('refuses YAML aliases', () => {
    expect(parse('notes: &n notes\nout: *n\n', 'c.yaml', validate)).toMatchObject({
      diagnostics: [{ line: 1, column: 1, ruleId: 'config-syntax', message: 'The config cannot be read: it uses YAML aliases (*name); write each value out in full.' }],
    });
  });

  it('says a config that is not a mapping is not one', () => {
    expect(parse('- notes\n- out\n', 'c.yaml', validate)).toMatchObject({
      diagnostics: [{ line: 1, column: 1, ruleId: 'config-invalid', message: 'The config should be a set of key: value pairs, not ["notes","out"].' }],
    });
  });
});

describe('resolvePaths', () => {
  it('makes folders relative to the config file, as seen from the current folder', () => {
    expect(resolvePaths({ notes: 'notes', out: '../site', browser: 'bin/chrome', format: 'json' }, '/p/project', '/p')).toEqual({
      notes: 'project/notes',
      out: 'site',
      browser: 'project/bin/chrome',
      format: 'json',
    });
  });

  it('keeps absolute paths and a browser named without a folder', () => {
    expect(resolvePaths({ notes: '/data/notes', browser: 'chromium' }, '/p/project', '/p')).toEqual({ notes: '/data/notes', browser: 'chromium' });
    expect(resolvePaths({ out: '.' }, '/p', '/p')).toEqual({ out: '.' });
  });
});

describe('configValues', () => {
  const build = [new Option('--notes <dir>'), new Option('--out <dir>'), new Option('--no-pdf'), new Option('--zip'), new Option('--lang <tags>'), new Option('--format <format>')];

  it('fills what the command line left at its default, and nothing it was given', () => {
    const sources: Record<string, string> = { notes: 'default', out: 'cli', pdf: 'default' };
    expect(configValues('build', build, { notes: 'n', out: 'o', pdf: false, zip: true, languages: ['fr'] }, (name) => sources[name])).toEqual([
      { name: 'notes', value: 'n' },
      { name: 'lang', value: ['fr'] },
      { name: 'pdf', value: false },
      { name: 'zip', value: true },
    ]);
  });

  it('never fills an option of the same name that means something else', () => {
    const translate = [new Option('--out <file>'), new Option('--lang <tag>'), new Option('--notes <dir>')];
    expect(configValues('export', translate, { out: 'site', languages: ['fr'], notes: 'n' }, () => undefined)).toEqual([{ name: 'notes', value: 'n' }]);
  });

  it('fills --lang <tags> of build only, not the workshop languages of notes new', () => {
    const lang = [new Option('--lang <tags>')];
    expect(configValues('new', lang, { languages: ['en'] }, () => 'default')).toEqual([]);
    expect(configValues('build', lang, { languages: ['en'] }, () => 'default')).toEqual([{ name: 'lang', value: ['en'] }]);
  });

  it('leaves an option alone when it does not allow the value (translate status has text and json only)', () => {
    const status = [new Option('--format <format>').choices(['text', 'json'])];
    expect(configValues('status', status, { format: 'github' }, () => 'default')).toEqual([]);
    expect(configValues('status', status, { format: 'json' }, () => 'default')).toEqual([{ name: 'format', value: 'json' }]);
  });

  it('allows in the schema exactly the formats the reporters have', async () => {
    const schema = JSON.parse(await readFile(CONFIG_SCHEMA, 'utf8')) as { properties: { format: { enum: string[] } } };
    expect(schema.properties.format.enum).toEqual([...formats]);
  });

  it('has a flag of `notes build` for every setting', () => {
    expect(Object.keys(SETTING_FLAGS)).toEqual(['notes', 'out', 'languages', 'format', 'concurrency', 'browser', 'browserEndpoint', 'timeout', 'pdf', 'zip']);
  });
});

describe('loadConfig', () => {
  it('finds notes.config.yaml in the folder, and resolves its paths from there', async () => {
    const dir = await testdir({ 'notes.config.yaml': 'notes: drafts\n' });
    expect(await loadConfig(undefined, dir)).toMatchObject({ file: 'notes.config.yaml', settings: { notes: 'drafts' } });
    expect((await loadConfig(undefined, dir))?.settings).toEqual({ notes: 'drafts' });
    expect(await loadConfig(undefined, path.dirname(dir))).toBeUndefined();
  });

  it('refuses two config files in one folder', async () => {
    const dir = await testdir({ 'notes.config.json': '{}', 'notes.config.yml': '' });
    await expect(loadConfig(undefined, dir)).rejects.toThrow('There are 2 config files here (notes.config.json, notes.config.yml): keep one, or choose one with --config.');
  });

  it('names a --config file that does not exist', async () => {
    const dir = await testdir({});
    await expect(loadConfig('missing.yaml', dir)).rejects.toThrow('The config file missing.yaml does not exist: check --config.');
  });

  it('throws the problems as reporter text, file:line:column first', async () => {
    const dir = await testdir({});
    await writeFile(path.join(dir, 'notes.config.yml'), 'zip: 1\n');
    await expect(loadConfig(undefined, dir)).rejects.toThrow('notes.config.yml:1:6  error  The setting "zip" should be true or false, not 1.  config-invalid\n1 error, 0 warnings');
  });
});
