import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module of scripts/, shared with `npm run audit`
import { belowFloors, FLOORS } from '../../scripts/dependency-floors.mjs';

type Problem = { name: string; version: string; where: string };
const check = belowFloors as (lock: unknown) => Problem[];
const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as { packages: Record<string, { version?: string }> };

describe('dependency floors (the releases that fixed advisories about hostile input)', () => {
  it('holds for every copy of handlebars, yaml, ajv and js-yaml in package-lock.json', () => {
    expect(Object.keys(FLOORS as object).sort()).toEqual(['ajv', 'handlebars', 'js-yaml', 'yaml']);
    expect(check(lock)).toEqual([]);
    // They are really in the tree (a floor on an absent package would prove nothing).
    const names = Object.keys(lock.packages).map((where) => where.split('node_modules/').pop());
    for (const name of ['handlebars', 'yaml', 'ajv', 'js-yaml']) expect(names).toContain(name);
  });

  it('catches a copy below its floor, nested or not, in either js-yaml line', () => {
    const planted = {
      packages: {
        '': { name: 'notes' },
        'node_modules/handlebars': { version: '4.7.8' },
        'node_modules/gray-matter/node_modules/js-yaml': { version: '3.14.1' },
        'node_modules/x/node_modules/js-yaml': { version: '4.1.0' },
        'node_modules/y/node_modules/js-yaml': { version: '4.1.1' },
        'node_modules/yaml': { version: '2.8.2' },
        'node_modules/ajv': { version: '8.17.1' },
      },
    };
    expect(check(planted).map((p) => `${p.where}@${p.version}`)).toEqual([
      'node_modules/handlebars@4.7.8',
      'node_modules/gray-matter/node_modules/js-yaml@3.14.1',
      'node_modules/x/node_modules/js-yaml@4.1.0',
      'node_modules/yaml@2.8.2',
      'node_modules/ajv@8.17.1',
    ]);
  });
});
