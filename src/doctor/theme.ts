import type { Diagnostic } from '../diagnostics/report.js';
import type { Theme } from '../render/look.js';
import type { Check } from './check.js';

/** The config's theme as `notes doctor` found it: none, read, or the problems that stop it. */
export type ThemeFinding = { config?: string } | { config: string; theme: Theme } | { config: string; diagnostics: readonly Diagnostic[] };

/** The theme: which stylesheets, images and template overrides are in use, or what is wrong. Pure. */
export function checkTheme(found: ThemeFinding): Check {
  const name = 'theme';
  if ('diagnostics' in found) {
    const [first] = found.diagnostics;
    const more = found.diagnostics.length > 1 ? ` (and ${found.diagnostics.length - 1} more: run notes validate to see them all)` : '';
    return { name, status: 'fail', detail: first ? `${first.file}:${first.line ?? 1}:${first.column ?? 1}: ${first.message}${more}` : `the theme in ${found.config} cannot be used` };
  }
  if (!('theme' in found)) return { name, status: 'ok', detail: `none${found.config ? ` in ${found.config}` : ''}: the package's own look (README, Theme, tells how to give the documents yours)` };
  const { theme } = found;
  const parts: string[] = [...theme.used];
  const own = Object.keys(theme.collections);
  if (own.length > 0) parts.push(`a look of its own for ${own.join(', ')}`);
  const overrides = theme.overrides.map((o) => `${o.file} (${o.kind === 'partial' ? 'partial' : 'template'} ${o.name})`);
  parts.push(overrides.length === 0 ? "the package's templates" : `${overrides.length} template override${overrides.length === 1 ? '' : 's'}: ${overrides.join(', ')}; every other template is the package's`);
  return { name, status: 'ok', detail: `from ${found.config}: ${parts.join('; ')}` };
}
