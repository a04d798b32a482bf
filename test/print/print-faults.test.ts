import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuild } from '../../src/pipeline/index.js';
import type { Printer } from '../../src/print/printer.js';
import { conceptNote, FORUM_YAML, testdir } from '../helpers/project.js';

/** Chromium processes still running with this printer's profile (other tests may print meanwhile). */
function chromiumLeft(printer: Printer | undefined): string[] {
  expect(printer?.profile).toMatch(/notes-chromium-/);
  return execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(printer?.profile ?? '(none)') && !line.includes('ps -eo'));
}

async function forum(count: number): Promise<string> {
  const files: Record<string, string> = { 'c/collection.yaml': FORUM_YAML };
  const long = Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1}. ${'Public services for everyone, everywhere. '.repeat(12)}`).join('\n\n');
  for (let n = 1; n <= count; n++) {
    files[`c/w${n}.md`] = conceptNote({ body: conceptNote().split('---\n\n')[1]!.replace('Intro.', long) }).replace('workshop: 1', `workshop: ${n}`);
  }
  return testdir(files);
}

describe('faults while printing', () => {
  it('survives the browser being killed mid-build: every PDF is written or its note named, no Chromium left', async () => {
    const dir = await forum(12);
    const out = await mkdtemp(path.join(tmpdir(), 'notes-kill-'));
    let killed = false;
    let used: Printer | undefined;
    const { outputs, diagnostics } = await runBuild(dir, out, {
      concurrency: 2,
      env: {},
      onPrinter: (printer: Printer) => {
        used = printer;
        setTimeout(() => {
          const pid = printer.pid();
          if (pid) {
            process.kill(pid, 'SIGKILL');
            killed = true;
          }
        }, 400);
      },
    });
    expect(killed).toBe(true);
    for (let n = 1; n <= 12; n++) {
      const printed = outputs.some((o) => o.path === `test-forum/w${n}/w${n}.en.pdf`) && existsSync(path.join(out, `test-forum/w${n}/w${n}.en.pdf`));
      const reported = diagnostics.some((d) => d.ruleId === 'print-failed' && d.file.endsWith(`w${n}.md`));
      expect(printed || reported, `w${n}`).toBe(true);
    }
    // The relaunched browser printed what the dead one could not.
    expect(outputs.filter((o) => o.path.endsWith('.pdf')).length).toBeGreaterThan(6);
    expect(chromiumLeft(used)).toEqual([]);
    expect(existsSync(used?.profile ?? '')).toBe(false);
  }, 180_000);

  it('reports a document that misses its deadline, without hanging, and leaves no Chromium', async () => {
    const dir = await forum(2);
    const out = await mkdtemp(path.join(tmpdir(), 'notes-deadline-'));
    let used: Printer | undefined;
    const { diagnostics, outputs } = await runBuild(dir, out, { timeoutMs: 1, env: {}, onPrinter: (p) => (used = p) });
    const failed = diagnostics.filter((d) => d.ruleId === 'print-failed');
    expect(failed.length).toBeGreaterThanOrEqual(2);
    expect(failed[0]?.message).toMatch(/could not be printed: printing took longer than 0\.001 s/);
    expect(outputs.some((o) => o.path === 'test-forum/w1/w1.en.html')).toBe(true);
    expect(chromiumLeft(used)).toEqual([]);
  }, 120_000);
});
