import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { noBrowserMessage } from '../../src/print/find-browser.js';
import { runCli } from '../helpers/cli.js';
import { testdir } from '../helpers/project.js';

const env = { PATH: process.env['PATH'] };

describe('notes doctor on this machine', () => {
  it('finds everything in place (chromium and fonts-noto-core are installed here), exit 0', async () => {
    const dir = await testdir({});
    const out = path.join(dir, 'site');
    const result = await runCli(['doctor', '--notes', 'notes', '--out', out], env);
    expect(result.stderr).toBe('');
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => !l.startsWith('OK    '))).toEqual(['Everything notes needs is in place.']);
    expect(lines.map((l) => l.slice(6, l.indexOf(': ')))).toEqual([
      'Node',
      'browser',
      'templates and schemas',
      'kinds of note',
      'theme',
      'notes folder',
      'fonts for ar, Arabic',
      'fonts for en, English',
      'fonts for es, Spanish',
      'fonts for fr, French',
      'fonts for ru, Russian',
      'fonts for uz-Cyrl, Uzbek (Cyrillic) with ў қ ғ ҳ',
      'fonts for uz-Latn, Uzbek (Latin) with ʻ ʼ',
      'fonts for zh, Chinese',
      'output folder',
      'Everything notes needs is in place.'.slice(6, -1),
    ]);
    expect(lines[1]).toMatch(/^OK {4}browser: \/\S+ \(.*\d+\.\d+.*\)$/);
    expect(lines[5]).toBe('OK    notes folder: notes holds 7 notes in 3 collections (languages en, uz-Latn, uz-Cyrl)');
    expect(lines[14]).toBe(`OK    output folder: ${out} does not exist yet; the build creates it in ${path.relative(process.cwd(), dir)}, which is writable`);
    expect(result.code).toBe(0);
    expect(existsSync(out)).toBe(false);
  });

  it('gives the fix for each failing check, exit 1', async () => {
    const dir = await testdir({});
    const result = await runCli(['doctor', '--notes', path.join(dir, 'nowhere'), '--out', path.join(dir, 'site'), '--browser', path.join(dir, 'chrome')], env);
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([
      `FAIL  browser: The browser ${path.join(dir, 'chrome')} (from --browser) does not exist or cannot be run. ${noBrowserMessage(process.platform)}`,
      `FAIL  notes folder: ${path.join(dir, 'nowhere')} does not exist: run notes doctor in your project's folder, or pass --notes DIR.`,
    ]);
    expect(result.stdout).toMatch(/\n2 of \d+ checks failed: fix them and run notes doctor again\.\n$/);
  });

  it('takes its folders from the config, and flags win', async () => {
    const dir = await testdir({ 'notes.config.yaml': 'notes: missing-notes\nout: site\n' });
    const config = path.join(dir, 'notes.config.yaml');
    const fromConfig = await runCli(['doctor', '--config', config], env);
    expect(fromConfig.stdout).toContain(`FAIL  notes folder: ${path.relative(process.cwd(), path.join(dir, 'missing-notes'))} does not exist`);
    expect(fromConfig.stdout).toContain(`OK    output folder: ${path.relative(process.cwd(), path.join(dir, 'site'))} does not exist yet`);
    const withFlag = await runCli(['doctor', '--config', config, '--notes', 'notes'], env);
    expect(withFlag.stdout).toContain('OK    notes folder: notes holds 7 notes');
  });

  it('colours OK and FAIL on a terminal, unless NO_COLOR is set', async () => {
    const run = async (extra: Record<string, string>): Promise<string> => {
      let stdout = '';
      const tty = { write: (s: string) => (stdout += s), isTTY: true };
      await main(['doctor', '--notes', 'notes', '--out', 'output'], { stdout: tty, stderr: tty, env: { ...env, ...extra } });
      return stdout;
    };
    expect(await run({})).toContain('\u001b[32mOK  \u001b[39m  Node: ');
    expect(await run({ NO_COLOR: '1' })).not.toContain('\u001b[');
  });

  it('has examples in its help', async () => {
    const help = await runCli(['doctor', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:\n  $ notes doctor ');
  });
});
