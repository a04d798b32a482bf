import type { CaseContext, HostileCase } from './cases.js';

// Hostile cases of one class (names that become links or output files, and names that crash the build), run by hostile.test.ts with the same invariants as every case.

/** The cases of this class. */
export function namesCases(ctx: CaseContext): HostileCase[] {
  void ctx;
  return [];
}
