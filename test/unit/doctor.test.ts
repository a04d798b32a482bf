import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkNode, satisfies } from '../../src/doctor/check.js';
import { checkBrowser } from '../../src/doctor/browser.js';
import { checkNotes, checkOutput } from '../../src/doctor/folders.js';
import { checkFonts, fontNeed, fontStacks, parseFamilies } from '../../src/doctor/fonts.js';
import { systemProbes, type DoctorProbes } from '../../src/doctor/probes.js';
import { checkResources, type ResourceFile } from '../../src/doctor/resources.js';
import { checkKinds } from '../../src/doctor/kinds.js';
import { formatChecks, runDoctor } from '../../src/doctor/run.js';
import { loadResources } from '../../src/load/resources.js';
import { noBrowserMessage } from '../../src/print/find-browser.js';
import { testdir } from '../helpers/project.js';

const CSS = `
:root {
  --serif: "Noto Serif", "Noto Naskh Arabic", "Droid Sans Fallback", "DejaVu Serif", serif;
  --sans: "Noto Sans", "Noto Sans Arabic", "Droid Sans Fallback", "DejaVu Sans", sans-serif;
}
body { font-family: var(--serif); }
h2 { font-family: var(--sans); }
.small { font: italic 9pt/1.2 var(--sans); }
:root:lang(ar) { --serif: "Noto Naskh Arabic", "Noto Serif", serif; --sans: "Noto Sans Arabic", "Noto Sans", sans-serif; }
/* :root:lang(zh) { --serif: "Commented Out"; } */
:root:lang(zh) { --serif: "Droid Sans Fallback", serif; --sans: "Droid Sans Fallback", sans-serif; }
`;

/** A machine with fontconfig and these fonts; `covers` says which families fc-list gives for a pattern. */
function fontMachine(installed: string[], covers: Record<string, string[]>): DoctorProbes['run'] {
  return async (command, args) => {
    if (command !== 'fc-list') throw Object.assign(new Error(`spawn ${command} ENOENT`), { code: 'ENOENT' });
    if (args[0] === ':') return `${installed.join('\n')}\n`;
    return `${(covers[args[0] as string] ?? []).join('\n')}\n`;
  };
}

const ALL_FONTS = ['Noto Serif', 'Noto Sans', 'Noto Naskh Arabic', 'Noto Sans Arabic', 'Droid Sans Fallback', 'DejaVu Sans,DejaVu Sans Condensed'];
const LATIN = ['Noto Serif', 'Noto Sans', 'DejaVu Sans,DejaVu Sans Condensed'];

/** Fake probes of a machine where everything is in place; override one to break it. */
function fakeProbes(overrides: Partial<DoctorProbes> = {}): DoctorProbes {
  return {
    run: async (command, args) => {
      if (command === '/usr/bin/chromium' && args[0] === '--version') return 'Chromium 150.0.1.2 built on Debian\n';
      return fontMachine(ALL_FONTS, {
        ':lang=en': LATIN,
        ':lang=uz:charset=2bb 2bc': LATIN,
        ':lang=zh': ['Droid Sans Fallback'],
      })(command, args);
    },
    nodeVersion: '20.11.0',
    engines: '>=20.11',
    env: { PATH: '/usr/bin' },
    platform: 'linux',
    isExecutable: (file) => file === '/usr/bin/chromium',
    puppeteerBrowser: () => undefined,
    readNotes: async () => ({ notes: 4, collections: [{ languages: ['en', 'uz-Latn'] }, { languages: ['en'] }] }),
    kindOf: async (file) => (file === path.resolve('output') ? undefined : 'folder'),
    tryWrite: async () => undefined,
    refusal: async () => undefined,
    files: async () => [{ path: 'templates/locales/en.json', text: '{}' }],
    loadResources: () => loadResources(),
    configValidator: async () => undefined,
    labelLanguages: async () => ['en', 'zh'],
    stylesheet: async () => CSS,
    ...overrides,
  };
}

const OPTIONS = { notes: 'notes', out: 'output' };

describe('notes doctor with fake probes', () => {
  it('prints one OK line per check when everything is in place', async () => {
    expect(formatChecks(await runDoctor(OPTIONS, fakeProbes()))).toBe(
      [
        'OK    Node: 20.11.0 (notes needs >=20.11)',
        'OK    browser: /usr/bin/chromium (Chromium 150.0.1.2 built on Debian)',
        'OK    templates and schemas: 1 file in templates/, 0 files in schemas/, 0 files in kinds/',
        "OK    theme: none: the package's own look (README, Theme, tells how to give the documents yours)",
        'OK    notes folder: notes holds 4 notes in 2 collections (languages en, uz-Latn)',
        'OK    fonts for en, English: Noto Serif, Noto Sans',
        'OK    fonts for uz-Latn, Uzbek (Latin) with ʻ ʼ: Noto Serif, Noto Sans',
        'OK    fonts for zh, Chinese: Droid Sans Fallback',
        'OK    output folder: output does not exist yet; the build creates it in the current folder, which is writable',
        'Everything notes needs is in place.',
        '',
      ].join('\n'),
    );
  });

  it('gives the fix when no browser is found', async () => {
    const checks = await runDoctor(OPTIONS, fakeProbes({ isExecutable: () => false }));
    expect(formatChecks(checks).split('\n')[1]).toBe(`FAIL  browser: ${noBrowserMessage('linux')}`);
    expect(formatChecks(checks).split('\n').at(-2)).toBe('1 of 9 checks failed: fix it and run notes doctor again.');
  });

  it('names the Debian package when the font for Uzbek ʻ ʼ is missing', async () => {
    const run = fontMachine(['DejaVu Sans'], { ':lang=en': ['DejaVu Sans'], ':lang=uz:charset=2bb 2bc': ['DejaVu Sans'], ':lang=zh': ['Droid Sans Fallback'] });
    const lines = formatChecks(await runDoctor(OPTIONS, fakeProbes({ run: (c, a) => (c === 'fc-list' ? run(c, a) : Promise.resolve('Chromium 1')) }))).split('\n');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([
      'FAIL  fonts for en, English: Noto Serif is not installed, Noto Sans is not installed (PDFs fall back to DejaVu Sans): install fonts-noto-core (sudo apt-get install fonts-noto-core).',
      'FAIL  fonts for uz-Latn, Uzbek (Latin) with ʻ ʼ: Noto Serif is not installed, Noto Sans is not installed (PDFs fall back to DejaVu Sans): install fonts-noto-core (sudo apt-get install fonts-noto-core).',
    ]);
  });

  it('says when an installed font lacks the Uzbek letters', async () => {
    const run = fontMachine(['Noto Serif', 'Noto Sans'], { ':lang=uz:charset=2bb 2bc': ['Noto Sans'] });
    expect(await checkFonts({ run, platform: 'linux' }, ['uz-Latn'], CSS)).toEqual([
      {
        name: 'fonts for uz-Latn, Uzbek (Latin) with ʻ ʼ',
        status: 'fail',
        detail: 'Noto Serif has no ʻ ʼ (PDFs fall back to Noto Sans): install fonts-noto-core (sudo apt-get install fonts-noto-core).',
      },
    ]);
  });

  it('checks Uzbek Cyrillic for ў қ ғ ҳ', async () => {
    const pattern = fontNeed('uz-Cyrl').pattern;
    expect(pattern).toBe(':charset=401 40e 410-44f 451 45e 492 493 49a 49b 4b2 4b3');
    const run = fontMachine(['Noto Serif', 'Noto Sans'], {});
    expect((await checkFonts({ run, platform: 'linux' }, ['uz-Cyrl'], CSS))[0]).toEqual({
      name: 'fonts for uz-Cyrl, Uzbek (Cyrillic) with ў қ ғ ҳ',
      status: 'fail',
      detail: 'Noto Serif has no ў қ ғ ҳ, Noto Sans has no ў қ ғ ҳ, and no other font covers it: install fonts-noto-core (sudo apt-get install fonts-noto-core).',
    });
  });

  it('takes Chinese from Droid Sans Fallback, or Noto CJK in its place, else names both packages', async () => {
    const cjk = fontMachine(['Noto Sans CJK SC'], { ':lang=zh': ['Noto Sans CJK SC,Noto Sans CJK SC Regular'] });
    expect((await checkFonts({ run: cjk, platform: 'linux' }, ['zh'], CSS))[0]).toEqual({
      name: 'fonts for zh, Chinese',
      status: 'ok',
      detail: 'Noto Sans CJK SC (for Droid Sans Fallback)',
    });
    const none = fontMachine(['Noto Sans'], {});
    expect((await checkFonts({ run: none, platform: 'linux' }, ['zh'], CSS))[0]?.detail).toBe(
      'Droid Sans Fallback is not installed, and no other font covers it: install fonts-droid-fallback or fonts-noto-cjk (sudo apt-get install fonts-droid-fallback).',
    );
  });

  it('checks Arabic with the families the stylesheet gives Arabic', async () => {
    const run = fontMachine(['Noto Serif', 'DejaVu Sans'], { ':lang=ar': ['DejaVu Sans'] });
    expect((await checkFonts({ run, platform: 'linux' }, ['ar'], CSS))[0]?.detail).toBe(
      'Noto Naskh Arabic is not installed, Noto Sans Arabic is not installed (PDFs fall back to DejaVu Sans): install fonts-noto-core (sudo apt-get install fonts-noto-core).',
    );
  });

  it('says so when fc-list is missing: a fix on Linux, skipped elsewhere', async () => {
    const run = fontMachine([], {});
    const noFc: DoctorProbes['run'] = (c, a) => run(c === 'fc-list' ? 'missing-fc-list' : c, a);
    expect(await checkFonts({ run: noFc, platform: 'linux' }, ['en'], CSS)).toEqual([
      { name: 'fonts', status: 'fail', detail: 'fc-list is not installed, so no font can be checked (Chromium needs fontconfig too): install fontconfig (sudo apt-get install fontconfig).' },
    ]);
    expect(await checkFonts({ run: noFc, platform: 'darwin' }, ['en'], CSS)).toEqual([
      { name: 'fonts', status: 'skip', detail: 'fontconfig (fc-list) is not installed, so fonts are not checked on this system.' },
    ]);
  });
});

describe('the font stacks of a stylesheet', () => {
  it('resolves custom properties, with the rule for the language winning', () => {
    expect(fontStacks(CSS, 'en')).toEqual([
      ['Noto Serif', 'Noto Naskh Arabic', 'Droid Sans Fallback', 'DejaVu Serif'],
      ['Noto Sans', 'Noto Sans Arabic', 'Droid Sans Fallback', 'DejaVu Sans'],
    ]);
    expect(fontStacks(CSS, 'ar')).toEqual([
      ['Noto Naskh Arabic', 'Noto Serif'],
      ['Noto Sans Arabic', 'Noto Sans'],
    ]);
    expect(fontStacks(CSS, 'zh-Hant')).toEqual([['Droid Sans Fallback']]);
  });

  it('reads the family names of fc-list output, every name of a font', () => {
    expect([...parseFamilies('DejaVu Sans,DejaVu Sans Condensed\nNoto Serif\n\n')]).toEqual(['DejaVu Sans', 'DejaVu Sans Condensed', 'Noto Serif']);
  });
});

describe('each check', () => {
  it('Node: a version below the engines floor is told to upgrade', () => {
    expect(checkNode({ nodeVersion: '20.10.0', engines: '>=20.11' })).toEqual({ name: 'Node', status: 'fail', detail: '20.10.0 is too old: install Node 20.11 or later (https://nodejs.org/).' });
    expect(satisfies('22.0.0', '>=20.11')).toBe(true);
    expect(satisfies('20.11.0', '>=20.11')).toBe(true);
    expect(satisfies('18.19.1', '>=20.11')).toBe(false);
  });

  it('browser: one that is found but does not answer --version is a failure', async () => {
    const probe = { ...fakeProbes(), option: undefined, run: () => Promise.reject(Object.assign(new Error('timeout'), { killed: true })) };
    expect(await checkBrowser(probe)).toEqual({
      name: 'browser',
      status: 'fail',
      detail: '/usr/bin/chromium was found but does not run (it did not answer in time): reinstall it, or pass --browser PATH for another Chrome or Chromium.',
    });
  });

  it('browser: --browser naming nothing is reported with the fix', async () => {
    const check = await checkBrowser({ ...fakeProbes(), option: '/opt/chrome' });
    expect(check).toEqual({ name: 'browser', status: 'fail', detail: `The browser /opt/chrome (from --browser) does not exist or cannot be run. ${noBrowserMessage('linux')}` });
  });

  it('templates and schemas: a broken template is named with its error', async () => {
    const files: ResourceFile[] = [
      { path: 'templates/locales/en.json', text: '{"a": "b"}' },
      { path: 'templates/partials/facts.hbs', text: '<p>\n{{#if date}}{{date}}\n</p>\n' },
    ];
    expect(await checkResources({ files: async () => files, loadResources: () => loadResources(), configValidator: async () => undefined })).toEqual({
      name: 'templates and schemas',
      status: 'fail',
      detail: "templates/partials/facts.hbs: Parse error on line 4: Expecting 'OPEN_INVERSE_CHAIN', 'INVERSE', 'OPEN_ENDBLOCK', got 'EOF': fix it, or reinstall notes to restore it.",
    });
  });

  it('templates and schemas: a schema ajv refuses is named', async () => {
    const resources = await loadResources();
    const schema = resources.schemas['concept-note.schema.json'] as { properties: Record<string, object> };
    const broken = { ...resources, schemas: { ...resources.schemas, 'concept-note.schema.json': { ...schema, properties: { ...schema.properties, title: { type: 'strin' } } } } };
    const check = await checkResources({ files: async () => [], loadResources: async () => broken, configValidator: async () => undefined });
    expect(check.status).toBe('fail');
    expect(check.detail).toMatch(/^schemas\/concept-note\.schema\.json: schema is invalid: /);
  });

  it('templates and schemas: the real ones load and compile', async () => {
    const probes = await systemProbes({});
    const check = await checkResources(probes);
    expect(check.status).toBe('ok');
    expect(check.detail).toMatch(/^\d+ files in templates\/, \d+ files in schemas\/, \d+ files in kinds\/$/);
  });

  it('notes folder: a missing one is named with the fix', async () => {
    expect((await checkNotes({ notes: 'nowhere', readNotes: async () => undefined })).check).toEqual({
      name: 'notes folder',
      status: 'fail',
      detail: "nowhere does not exist: run notes doctor in your project's folder, or pass --notes DIR.",
    });
  });

  it('output folder: writable, leaving nothing behind; a missing one is not created', async () => {
    const dir = await testdir({ 'site/old.html': 'x', 'a-file': 'x' });
    const probes = await systemProbes({});
    const check = (out: string): Promise<unknown> => checkOutput({ ...probes, out, notes: path.join(dir, 'notes') });
    expect(await check(path.join(dir, 'site'))).toEqual({ name: 'output folder', status: 'ok', detail: `${path.join(dir, 'site')} is writable` });
    expect(await readdir(path.join(dir, 'site'))).toEqual(['old.html']);
    expect(await check(path.join(dir, 'new', 'deeper'))).toEqual({
      name: 'output folder',
      status: 'ok',
      detail: `${path.join(dir, 'new', 'deeper')} does not exist yet; the build creates it in ${path.relative(process.cwd(), dir)}, which is writable`,
    });
    expect((await readdir(dir)).sort()).toEqual(['a-file', 'site']);
    expect(await check(path.join(dir, 'a-file', 'out'))).toEqual({
      name: 'output folder',
      status: 'fail',
      detail: `The output folder ${path.join(dir, 'a-file', 'out')} cannot be made: ${path.join(dir, 'a-file')} is a file, not a folder: choose another with --out.`,
    });
  });

  it('output folder: one that cannot be written, or that the build would refuse', async () => {
    const base = fakeProbes();
    expect(await checkOutput({ ...base, out: 'output', notes: 'notes', tryWrite: () => Promise.reject(Object.assign(new Error('denied'), { code: 'EACCES' })) })).toEqual({
      name: 'output folder',
      status: 'fail',
      detail: 'the current folder is not writable (EACCES): fix its permissions, or pass --out DIR for another folder.',
    });
    const dir = await testdir({});
    await mkdir(path.join(dir, 'notes'));
    await writeFile(path.join(dir, 'notes', 'x.md'), '');
    const probes = await systemProbes({});
    expect(await checkOutput({ ...probes, out: path.join(dir, 'notes', 'out'), notes: path.join(dir, 'notes') })).toEqual({
      name: 'output folder',
      status: 'fail',
      detail: `The output folder ${path.join(dir, 'notes', 'out')} is inside the notes folder ${path.join(dir, 'notes')}: choose one outside it with --out.`,
    });
  });

  it('colours only the status words, and only when asked', () => {
    const checks = [{ name: 'Node', status: 'ok' as const, detail: '20.11.0' }, { name: 'fonts', status: 'skip' as const, detail: 'not checked' }];
    expect(formatChecks(checks, true)).toBe('\u001b[32mOK  \u001b[39m  Node: 20.11.0\n\u001b[2mSKIP\u001b[22m  fonts: not checked\nEverything notes needs is in place.\n');
  });
});

describe('the kinds of note', () => {
  const builtIn = ['concept-note', 'project-notification', 'project-summary'];

  it('lists the package’s kinds, and says how to add one when the config names no kinds folder', () => {
    expect(checkKinds({ builtIn })).toEqual({ name: 'kinds of note', status: 'ok', detail: "concept-note, project-notification, project-summary; none of the project's (README, Kinds of note, tells how to add one)" });
  });

  it('lists the project’s kinds with their folder', () => {
    expect(checkKinds({ builtIn, folder: 'kinds', project: ['information-note'] }).detail).toBe('concept-note, project-notification, project-summary; from kinds: information-note');
  });

  it('fails at the first problem of the project’s kinds, counting the rest', () => {
    const problem = (line: number) => ({ file: 'kinds/x/kind.yaml', line, column: 1, endLine: null, endColumn: null, severity: 'error' as const, ruleId: 'kind-invalid', message: `problem ${line}` });
    expect(checkKinds({ builtIn, folder: 'kinds', diagnostics: [problem(3), problem(5)] })).toEqual({
      name: 'kinds of note',
      status: 'fail',
      detail: 'kinds/x/kind.yaml:3:1: problem 3 (and 1 more: run notes validate to see them all)',
    });
  });

  it('is among the checks when the command reads the kinds', async () => {
    const checks = await runDoctor({ ...OPTIONS, kinds: { builtIn } }, fakeProbes());
    expect(checks.map((c) => c.name).slice(2, 5)).toEqual(['templates and schemas', 'kinds of note', 'theme']);
  });
});
