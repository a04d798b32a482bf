import { cases as core, type CaseContext, type HostileCase } from './cases.js';
import { namesCases } from './cases-names.js';
import { optionsCases } from './cases-options.js';
import { textCases } from './cases-text.js';

/** Every hostile build case, of every class. */
export function cases(ctx: CaseContext): HostileCase[] {
  return [...core(ctx), ...namesCases(ctx), ...textCases(ctx), ...optionsCases(ctx)];
}
