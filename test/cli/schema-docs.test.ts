import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testdir } from '../helpers/project.js';

describe('notes schema docs', () => {
  it('prints exactly the committed docs/front-matter.md (run `notes schema docs --out docs/front-matter.md` after changing a schema)', async () => {
    const committed = await readFile('docs/front-matter.md', 'utf8');
    expect(await runCli(['schema', 'docs'])).toEqual({ code: 0, stdout: committed, stderr: '' });
  });

  it('writes the same text to --out and says so on stderr', async () => {
    const dir = await testdir({ 'docs/front-matter.md': 'old text\n' });
    const out = path.join(dir, 'docs/front-matter.md');
    expect(await runCli(['schema', 'docs', '--out', out])).toEqual({ code: 0, stdout: '', stderr: `Wrote ${out}.\n` });
    expect(await readFile(out, 'utf8')).toBe(await readFile('docs/front-matter.md', 'utf8'));
  });

  it('names the file it cannot write, exit 2', async () => {
    const dir = await testdir({});
    const out = path.join(dir, 'missing/front-matter.md');
    expect(await runCli(['schema', 'docs', '--out', out])).toEqual({
      code: 2,
      stdout: '',
      stderr: `${out} cannot be written (ENOENT): check that its folder exists.\n`,
    });
  });

  it('shows examples in its help', async () => {
    const { code, stdout } = await runCli(['schema', 'docs', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('  $ notes schema docs --out docs/front-matter.md   write it to a file\n');
  });
});
