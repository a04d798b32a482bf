import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runCli } from '../helpers/cli.js';

const COMMANDS = [
  ['validate'],
  ['build'],
  ['new'],
  ['init'],
  ['preview'],
  ['doctor'],
  ['schema', 'docs'],
  ['translate', 'init'],
  ['translate', 'status'],
  ['translate', 'transliterate'],
  ['translate', 'export'],
  ['translate', 'import'],
];

describe('help and conventions', () => {
  it.each(COMMANDS)('notes %s … --help has examples that run that command, and exits 0', async (...command) => {
    const { code, stdout, stderr } = await runCli([...command, '--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain(`Usage: notes ${command.join(' ')}`);
    const examples = stdout.slice(stdout.indexOf('Examples:'));
    expect(stdout).toContain('Examples:');
    expect(examples).toContain(`$ notes ${command.join(' ')}`);
  });

  it('notes --help lists every command, with examples, the exit codes and NO_COLOR', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const name of ['validate', 'build', 'new', 'init', 'preview', 'doctor', 'schema', 'translate']) expect(stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    expect(stdout).toContain('Examples:');
    expect(stdout).toContain('Exit codes: 0 clean, 1 problems found, 2 usage error');
    expect(stdout).toContain('NO_COLOR');
  });

  it('--version and -v print the version of package.json', async () => {
    const { version } = JSON.parse(await readFile('package.json', 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const { code, stdout } = await runCli([flag]);
      expect(code).toBe(0);
      expect(stdout).toBe(`${version}\n`);
    }
  });

  it('colours diagnostics on a terminal, never with NO_COLOR set, nor when the output is not a terminal', async () => {
    const run = async (env: Record<string, string>, isTTY: boolean): Promise<string> => {
      let stderr = '';
      const code = await main(['validate', '--notes', 'test/fixtures/footnote-unused'], {
        stdout: { write: () => true, isTTY },
        stderr: { write: (s: string) => (stderr += s), isTTY },
        env,
      });
      expect(code).toBe(0);
      return stderr;
    };
    expect(await run({}, true)).toContain('\u001b[33mwarning\u001b[39m');
    expect(await run({ NO_COLOR: '1' }, true)).not.toContain('\u001b[');
    expect(await run({}, false)).not.toContain('\u001b[');
    expect(await run({ TERM: 'dumb' }, true)).not.toContain('\u001b[');
  });
});

describe('a reader that stops early', () => {
  it('notes --help | head ends quietly, with no EPIPE error', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const { stdout, stderr } = await promisify(execFile)('bash', ['-c', 'node bin/notes.js schema docs | head -c 10; node bin/notes.js schema docs | true; echo "exit ${PIPESTATUS[0]}"']);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/exit 0\n$/);
  });
});
