import { TYPE_NOUNS, typeInWords } from '../model/json-types.js';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { parseDocument } from 'yaml';
import { rules, type RuleId } from '../diagnostics/catalog.js';
import type { Diagnostic } from '../diagnostics/report.js';
import type { Format } from '../diagnostics/reporters/index.js';
import type { YamlSource } from '../model/types.js';
import type { LookSettings, ThemeSettings } from '../theme/settings.js';
import { lineStartsOf, placeOf, pointAt } from '../parse/yaml-source.js';

/** The settings a config file may hold; each one is also a command-line option, which wins over it. */
export interface Settings {
  notes?: string;
  out?: string;
  languages?: string[];
  format?: Format;
  concurrency?: number;
  browser?: string;
  browserEndpoint?: string;
  timeout?: number;
  pdf?: boolean;
  zip?: boolean;
  /** The project's own look (no command-line option: read by the commands that render). */
  theme?: ThemeSettings;
  /** The project's own kinds of note: a folder with one folder per kind (no command-line option). */
  kinds?: string;
}


/**
 * Each setting and the option it fills, by the option's flags exactly as the commands declare
 * them: so `out` fills `--out <dir>` of build but never the `--out <file>` of translate export,
 * and `languages` fills build's `--lang <tags>`, not the single `--lang <tag>` of translate init.
 */
export const SETTING_FLAGS = {
  notes: '--notes <dir>',
  out: '--out <dir>',
  languages: '--lang <tags>',
  format: '--format <format>',
  concurrency: '--concurrency <n>',
  browser: '--browser <path>',
  browserEndpoint: '--browser-endpoint <url>',
  timeout: '--timeout <seconds>',
  pdf: '--no-pdf',
  zip: '--zip',
} as const satisfies Record<Exclude<keyof Settings, 'theme' | 'kinds'>, string>;

/**
 * The range of each number setting, the same for the option and the config key (the config
 * schema repeats them, and a test keeps the two equal). Timeouts are in seconds: past an hour
 * a document is stuck, not slow, and Node's timers cannot wait past 2^31-1 ms (about 24.8 days).
 */
export const RANGES = {
  concurrency: { min: 1, max: 64 },
  timeout: { min: 1, max: 3600 },
} as const satisfies Partial<Record<keyof Settings, { min: number; max: number }>>;

/**
 * Settings that only some commands take, though others have an option with the same flags:
 * `notes new --lang <tags>` names the languages a workshop is held in, not editions to build.
 */
export const SETTING_COMMANDS: Partial<Record<keyof Settings, readonly string[]>> = { languages: ['build'] };

/** A config file parsed: its settings, or the problems that stop it from being used. */
export type ParsedConfig = { settings: Settings; source: YamlSource } | { diagnostics: Diagnostic[] };

/**
 * Parse a config file's text (YAML, or JSON, which the YAML parser reads too) and validate it
 * against its schema; every problem is a diagnostic at its line and column in `file`.
 */
export function parseConfig(text: string, file: string, validate: ValidateFunction): ParsedConfig {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, strict: true });
  const source: YamlSource = { doc, lineStarts: lineStartsOf(text), lineOffset: 0, offset: 0 };
  const at = (ruleId: RuleId, message: string, start: { line: number; column: number }, end?: { line: number; column: number }): Diagnostic => ({
    file,
    line: start.line,
    column: start.column,
    endLine: end?.line ?? null,
    endColumn: end?.column ?? null,
    severity: rules[ruleId].severity,
    ruleId,
    message,
  });
  if (doc.errors.length > 0) {
    return {
      diagnostics: doc.errors.map((e) => {
        // yaml places an unclosed quote at the end of the text; the opening quote is where to look.
        const quote = e.code === 'MISSING_CHAR' ? /closing (["'])quote/.exec(e.message)?.[1] : undefined;
        if (quote) return at('config-syntax', 'The config cannot be read: the quote opened here is never closed.', pointAt(source, text.lastIndexOf(quote, e.pos[0] - 1)));
        return at('config-syntax', `The config cannot be read: ${(e.message.split('\n')[0] ?? e.message).replace(/\.$/, '')}.`, pointAt(source, e.pos[0]));
      }),
    };
  }
  let data: unknown;
  try {
    // An empty file sets nothing; aliases are refused, so no alias bomb can blow up in memory.
    data = doc.contents === null ? {} : doc.toJS({ maxAliasCount: 0 });
  } catch {
    return { diagnostics: [at('config-syntax', 'The config cannot be read: it uses YAML aliases (*name); write each value out in full.', { line: 1, column: 1 })] };
  }
  if (validate(data)) return { settings: withoutSchemaKey(data as Settings & { $schema?: string }), source };
  const diagnostics = (validate.errors ?? []).map((error) => {
    const keys = error.instancePath.split('/').slice(1).map((k) => (/^\d+$/.test(k) ? Number(k) : k.replace(/~1/g, '/').replace(/~0/g, '~')));
    const extra = error.keyword === 'additionalProperties' ? String((error.params as { additionalProperty: string }).additionalProperty) : undefined;
    const place = placeOf(source, extra === undefined ? keys : [...keys, extra], extra !== undefined);
    return at('config-invalid', describe(error, keys), place?.start ?? { line: 1, column: 1 }, place?.end);
  });
  return { diagnostics: diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)) };
}

function withoutSchemaKey(data: Settings & { $schema?: string }): Settings {
  const { $schema: _ignored, ...settings } = data;
  return settings;
}

const SETTINGS = [...Object.keys(SETTING_FLAGS), 'theme', 'kinds'].join(', ');
const THEME_SETTINGS = 'stylesheet, templates, logo, cover, paper, margins, collections';
const LOOK_SETTINGS = 'stylesheet, logo, cover, paper, margins';

/** A config is settings, not a note's fields: an object is said as what it is written as. */
const CONFIG_NOUNS = { ...TYPE_NOUNS, object: 'set of key: value pairs' };

function describe(error: ErrorObject, keys: readonly (string | number)[]): string {
  const params = error.params as Record<string, unknown>;
  const name = typeof keys[0] === 'string' ? keys[0] : undefined;
  const last = keys[keys.length - 1];
  const setting =
    name === undefined
      ? 'The config'
      : typeof last === 'number'
        ? `Item ${last + 1} of "${keys.slice(0, -1).join('.')}"`
        : `The setting "${keys.join('.')}"`;
  const value = JSON.stringify(error.data);
  switch (error.keyword) {
    case 'additionalProperties': {
      const extra = String(params['additionalProperty']);
      if (name !== 'theme') return `"${extra}" is not a setting: check its spelling. The settings are ${SETTINGS}.`;
      if (keys.length === 1) return `"${extra}" is not a theme setting: check its spelling. The theme settings are ${THEME_SETTINGS}.`;
      if (keys[1] === 'collections') return `"${extra}" is not a setting of a collection's look: check its spelling. They are ${LOOK_SETTINGS}.`;
      return `"${extra}" is not a setting of "${keys.join('.')}": an image has src and alt.`;
    }
    case 'required':
      return `${setting} needs "${String(params['missingProperty'])}"${params['missingProperty'] === 'alt' ? ': say what the image shows, for readers who cannot see it' : ''}.`;
    case 'oneOf':
      return `${setting} should be a file or a list of files, not ${value}.`;
    case 'propertyNames':
      return `${setting} names a collection by its id (lower-case letters, digits and hyphens), not ${JSON.stringify(params['propertyName'])}.`;
    case 'type':
      return `${setting} should be ${typeInWords(String(params['type']), CONFIG_NOUNS)}, not ${value}.`;
    case 'enum':
      return `${setting} should be one of ${(params['allowedValues'] as unknown[]).map(String).join(', ')}, not ${value}.`;
    case 'minimum':
      return `${setting} should be ${String(params['limit'])} or more, not ${value}.`;
    case 'maximum':
      return `${setting} should be ${String(params['limit'])} or less, not ${value}.`;
    case 'minLength':
    case 'minItems':
      return `${setting} must not be empty.`;
    case 'uniqueItems':
      return `${setting} lists the same language twice (items ${Number(params['j']) + 1} and ${Number(params['i']) + 1}).`;
    case 'pattern':
      if (name === 'browserEndpoint') return `${setting} should be a ws://, wss://, http:// or https:// address, not ${value}.`;
      if (last === 'paper') return `${setting} should be a paper size such as A4, Letter, "A4 landscape" or "210mm 297mm", not ${value}.`;
      if (last === 'margins') return `${setting} should be one to four lengths in mm, cm, in or pt, such as "20mm" or "22mm 20mm", not ${value}.`;
      if (last === 'src') return `${setting} should be a PNG, JPEG, GIF, WebP or SVG file, not ${value}.`;
      return `${setting} should be a language tag such as en, fr or uz-Latn, not ${value}.`;
    default:
      return `${setting} ${error.message ?? 'is not valid'}.`;
  }
}

/**
 * The settings with their folders and files made relative to the current folder (`cwd`) from
 * the config file's folder (`dir`), so a config works from wherever it is given with --config.
 * A browser given by bare name (no folder) is left as written.
 */
export function resolvePaths(settings: Settings, dir: string, cwd: string): Settings {
  const resolve = (value: string): string => (path.isAbsolute(value) ? value : path.relative(cwd, path.resolve(dir, value)) || '.');
  return {
    ...settings,
    ...(settings.notes !== undefined && { notes: resolve(settings.notes) }),
    ...(settings.out !== undefined && { out: resolve(settings.out) }),
    ...(settings.browser !== undefined && /[/\\]/.test(settings.browser) && { browser: resolve(settings.browser) }),
    ...(settings.theme !== undefined && { theme: resolveTheme(settings.theme, resolve) }),
    ...(settings.kinds !== undefined && { kinds: resolve(settings.kinds) }),
  };
}

/** The theme's files and folder made relative to the current folder, as {@link resolvePaths} does. */
function resolveTheme(theme: ThemeSettings, resolve: (value: string) => string): ThemeSettings {
  const look = <T extends LookSettings>(l: T): T => ({
    ...l,
    ...(l.stylesheet !== undefined && { stylesheet: Array.isArray(l.stylesheet) ? l.stylesheet.map(resolve) : resolve(l.stylesheet) }),
    ...(l.logo && { logo: { ...l.logo, src: resolve(l.logo.src) } }),
    ...(l.cover && { cover: { ...l.cover, src: resolve(l.cover.src) } }),
  });
  return {
    ...look(theme),
    ...(theme.templates !== undefined && { templates: resolve(theme.templates) }),
    ...(theme.collections && { collections: Object.fromEntries(Object.entries(theme.collections).map(([id, l]) => [id, look(l)])) }),
  };
}

/** What {@link configValues} needs to know of a command-line option (commander's Option fits). */
export interface OptionLike {
  flags: string;
  attributeName(): string;
  /** The values the option allows, if it limits them. */
  argChoices?: string[] | undefined;
}

/**
 * The option values a command takes from the config: one for each setting the command has an
 * option for, unless that option was given on the command line (its value source is neither
 * 'default' nor unset), or the option does not allow the value (translate status offers fewer
 * formats than build). Pure: the caller sets them.
 */
export function configValues(
  command: string,
  options: readonly OptionLike[],
  settings: Settings,
  sourceOf: (name: string) => string | undefined,
): { name: string; value: unknown }[] {
  const values: { name: string; value: unknown }[] = [];
  for (const [key, flags] of Object.entries(SETTING_FLAGS) as [keyof Settings, string][]) {
    const value = settings[key];
    const option = options.find((o) => o.flags === flags);
    if (value === undefined || !option) continue;
    if (SETTING_COMMANDS[key] && !SETTING_COMMANDS[key].includes(command)) continue;
    if (option.argChoices && !option.argChoices.includes(String(value))) continue;
    const source = sourceOf(option.attributeName());
    if (source === undefined || source === 'default') values.push({ name: option.attributeName(), value });
  }
  return values;
}
