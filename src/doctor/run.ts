import { createColors } from 'picocolors';
import { checkBrowser } from './browser.js';
import { checkNode, type Check } from './check.js';
import { checkOutput, checkNotes } from './folders.js';
import { checkFonts } from './fonts.js';
import type { DoctorProbes } from './probes.js';
import { checkResources } from './resources.js';
import { checkTheme, type ThemeFinding } from './theme.js';
import { checkKinds, type KindsFinding } from './kinds.js';

/** What `notes doctor` checks: the folders and browser a build would use. */
export interface DoctorOptions {
  notes: string;
  out: string;
  browser?: string;
  /** The config's theme, read (or not) by the command. */
  theme?: ThemeFinding;
  /** The kinds of note, the package's and the config's, read (or not) by the command. */
  kinds?: KindsFinding;
}

/**
 * Run every check, in the order a build needs them: Node, the browser, templates and schemas,
 * the notes folder, fonts for each language (the collections' and the label files'), the output folder.
 */
export async function runDoctor(options: DoctorOptions, probes: DoctorProbes): Promise<Check[]> {
  const node = checkNode(probes);
  const browser = await checkBrowser({ ...probes, option: options.browser });
  const resources = await checkResources(probes);
  const notes = await checkNotes({ notes: options.notes, readNotes: probes.readNotes });
  const labels = await probes.labelLanguages().catch(() => []);
  const kinds = options.kinds ? [checkKinds(options.kinds)] : [];
  const theme = checkTheme(options.theme ?? {});
  // The theme's fonts are asked for after the package's, as its stylesheet comes after theirs.
  const themeCss = options.theme && 'theme' in options.theme ? [options.theme.theme.project.css, ...Object.values(options.theme.theme.collections).map((l) => l.css)].join('\n') : '';
  const css = `${await probes.stylesheet().catch(() => '')}\n${themeCss}`;
  const languages = [...new Set([...notes.languages, ...labels])].sort();
  const fonts = await checkFonts(probes, languages, css);
  const output = await checkOutput({ ...probes, out: options.out, notes: options.notes });
  return [node, browser, resources, ...kinds, theme, notes.check, ...fonts, output];
}

const LABELS = { ok: 'OK', fail: 'FAIL', skip: 'SKIP' } as const;
const COLORS = createColors(true);
const PAINT = { ok: COLORS.green, fail: COLORS.red, skip: COLORS.dim } as const;

/** One line per check (`OK    name: detail`, or `FAIL  name: the fix`), then a summary line. */
export function formatChecks(checks: readonly Check[], color = false): string {
  const paint = (status: Check['status']): string => {
    const label = LABELS[status].padEnd(4);
    return color ? PAINT[status](label) : label;
  };
  const lines = checks.map((c) => `${paint(c.status)}  ${c.name}: ${c.detail}`);
  const failed = checks.filter((c) => c.status === 'fail').length;
  lines.push(failed === 0 ? 'Everything notes needs is in place.' : `${failed} of ${checks.length} checks failed: fix ${failed === 1 ? 'it' : 'them'} and run notes doctor again.`);
  return `${lines.join('\n')}\n`;
}
