import type { CaseContext, HostileCase } from './cases.js';

// Hostile cases of one class (text a note controls: terminal output, contact addresses, control characters), run by hostile.test.ts with the same invariants as every case.

/** The cases of this class. */
export function textCases(ctx: CaseContext): HostileCase[] {
  void ctx;
  return [];
}
