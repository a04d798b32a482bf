import type { CaseContext, HostileCase } from './cases.js';

// Hostile cases of one class (options and output folders out of range or aliasing the notes), run by hostile.test.ts with the same invariants as every case.

/** The cases of this class. */
export function optionsCases(ctx: CaseContext): HostileCase[] {
  void ctx;
  return [];
}
