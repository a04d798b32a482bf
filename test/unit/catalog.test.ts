import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { rules } from '../../src/diagnostics/catalog.js';

describe('the rule catalog', () => {
  it('documents every rule id in README with its severity', async () => {
    const readme = await readFile('README.md', 'utf8');
    const missing = Object.entries(rules)
      .filter(([id, rule]) => !readme.includes(`| \`${id}\` | ${rule.severity} |`))
      .map(([id]) => id);
    expect(missing).toEqual([]);
  });

  it('lists no rule in README that the catalog lacks', async () => {
    const readme = await readFile('README.md', 'utf8');
    const documented = [...readme.matchAll(/^\| `([a-z0-9-]+)` \| (?:error|warning) \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(rules).sort());
  });
});
