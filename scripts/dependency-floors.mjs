// The lowest versions of the packages that parse untrusted notes (or sit beside what does) that
// `notes` accepts anywhere in its dependency tree: each floor is the release that fixed a known
// advisory. `npm run audit` and test/unit/dependencies.test.ts check package-lock.json against it.
import semver from 'semver';

/** name → [range of a major line, lowest accepted version in it, why]. */
export const FLOORS = {
  handlebars: [['*', '4.7.10', 'nine advisories fixed in 4.7.9–4.7.10 (prototype access, template injection)']],
  yaml: [['*', '2.8.3', 'fixes in 2.8.3 for hostile documents']],
  ajv: [['*', '8.18.0', 'ReDoS in the pattern keyword fixed in 8.18.0']],
  'js-yaml': [
    ['<4', '3.14.2', 'merge-key prototype pollution (CVE-2025-64718) fixed in 3.14.2'],
    ['>=4', '4.1.1', 'merge-key prototype pollution (CVE-2025-64718) fixed in 4.1.1'],
  ],
};

/** Every package below a floor in a package-lock.json (lockfile version 2 or 3). */
export function belowFloors(lock) {
  const problems = [];
  for (const [where, entry] of Object.entries(lock.packages ?? {})) {
    const name = entry.name ?? where.split('node_modules/').pop();
    const floors = FLOORS[name];
    if (!floors || !where.includes('node_modules/') || typeof entry.version !== 'string') continue;
    for (const [line, floor, why] of floors) {
      if (semver.satisfies(entry.version, line) && semver.lt(entry.version, floor)) {
        problems.push({ name, version: entry.version, where, floor, why, dev: entry.dev === true });
      }
    }
  }
  return problems;
}
