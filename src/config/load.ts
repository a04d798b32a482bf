import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Command } from 'commander';
import { up } from 'empathic/walk';
import { formatText } from '../diagnostics/reporters/text.js';
import { PACKAGE_ROOT } from '../load/resources.js';
import { UsageError } from '../diagnostics/usage-error.js';
import { placeOf } from '../parse/yaml-source.js';
import { configValues, parseConfig, resolvePaths, SETTING_FLAGS, type OptionLike, type Settings } from './resolve.js';

/** The names a config file is looked for under, in the current folder and then each folder above it, in this order. */
export const CONFIG_NAMES = ['notes.config.json', 'notes.config.yaml', 'notes.config.yml'] as const;

/** Where the config file's schema lives (a subfolder: schemas/*.schema.json are the note kinds). */
export const CONFIG_SCHEMA = path.join('schemas', 'config', 'notes.config.schema.json');

/** A config file that was read: where it is (as the user sees it) and its settings, paths resolved. */
export interface LoadedConfig {
  file: string;
  settings: Settings;
  /** Where a setting is written in the file (keys as in the settings: ['theme', 'logo', 'src']). */
  placeOf: (keys: readonly (string | number)[]) => { line: number; column: number } | undefined;
}

/**
 * Read the config: `explicit` (from --config) or the nearest notes.config.* (see findConfig). Returns
 * undefined when there is none; throws a UsageError (exit 2) naming the file, line and column
 * of every problem in it.
 */
export async function loadConfig(explicit: string | undefined, cwd = process.cwd()): Promise<LoadedConfig | undefined> {
  const file = explicit ?? (await findConfig(cwd));
  if (file === undefined) return undefined;
  const abs = path.resolve(cwd, file);
  const text = await readFile(abs, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(
      error.code === 'ENOENT' ? `The config file ${file} does not exist: check --config.` : `The config file ${file} could not be read (${error.code ?? error.message}).`,
    );
  });
  const display = path.relative(cwd, abs) || abs;
  const parsed = parseConfig(text, display, await configValidator());
  if ('diagnostics' in parsed) throw new UsageError(formatText(parsed.diagnostics).trimEnd());
  const { source } = parsed;
  return { file: display, settings: resolvePaths(parsed.settings, path.dirname(abs), cwd), placeOf: (keys) => placeOf(source, keys)?.start };
}

/**
 * The preAction hook: fill each option of `command` that the command line left at its default
 * from the config. Flags win over the config, which wins over the built-in defaults. Returns the
 * config that was read (its file as the user sees it, for messages that name its keys), or undefined.
 */
export async function applyConfig(command: Command, explicit: string | undefined, cwd = process.cwd()): Promise<LoadedConfig | undefined> {
  const config = await loadConfig(explicit, cwd);
  if (!config) return undefined;
  for (const { name, value } of configValues(command.name(), command.options, config.settings, (n) => command.getOptionValueSource(n))) {
    command.setOptionValueWithSource(name, value, 'config');
  }
  // A config given with --config does not move the defaults: it may be a CI file kept anywhere.
  if (explicit === undefined) {
    const dir = path.dirname(path.resolve(cwd, config.file));
    for (const { name, value } of folderDefaults(command.options, dir, cwd, (n) => ({ source: command.getOptionValueSource(n), value: command.getOptionValue(n) as unknown }))) {
      // Still a default, not the config's: messages name the flag that changes it.
      command.setOptionValueWithSource(name, value, 'default');
    }
  }
  return config;
}

/** The options whose built-in default is a folder of the project, by their flags: `--notes` (notes) and `--out <dir>` (output). */
const PROJECT_FOLDERS: readonly string[] = [SETTING_FLAGS.notes, SETTING_FLAGS.out];

/**
 * The project folders to take from the folder of a config found above the current one (`dir`):
 * each option of {@link PROJECT_FOLDERS} still at its built-in default (neither the command line
 * nor the config set it) becomes that default inside `dir`, relative to `cwd`, as the config's own
 * paths are. So `notes build` in a subfolder of the project reads its notes/ and writes its
 * output/. Nothing changes when `dir` is `cwd`. Pure: the caller sets them.
 */
export function folderDefaults(
  options: readonly OptionLike[],
  dir: string,
  cwd: string,
  current: (name: string) => { source: string | undefined; value: unknown },
): { name: string; value: string }[] {
  if (path.resolve(dir) === path.resolve(cwd)) return [];
  const values: { name: string; value: string }[] = [];
  for (const option of options) {
    if (!PROJECT_FOLDERS.includes(option.flags)) continue;
    const { source, value } = current(option.attributeName());
    if (source !== 'default' || typeof value !== 'string' || path.isAbsolute(value)) continue;
    values.push({ name: option.attributeName(), value: path.relative(cwd, path.resolve(dir, value)) || '.' });
  }
  return values;
}

/**
 * The config file for `cwd`, relative to it: one of {@link CONFIG_NAMES} in `cwd` or else in the
 * nearest folder above it that holds one, up to the root of the file system (as git finds .git and
 * Quarto _quarto.yml), or undefined. Two of the names in the folder where the search stops is a
 * usage error: which one was meant is not guessed, and a config further up is not taken instead.
 */
export async function findConfig(cwd: string): Promise<string | undefined> {
  const here = path.resolve(cwd);
  for (const dir of up(here)) {
    const found: string[] = [];
    for (const name of CONFIG_NAMES) {
      if ((await stat(path.join(dir, name)).catch(() => undefined))?.isFile()) found.push(name);
    }
    if (found.length > 1) {
      const where = dir === here ? 'here' : `in ${dir}`;
      throw new UsageError(`There are ${found.length} config files ${where} (${found.join(', ')}): keep one, or choose one with --config.`);
    }
    if (found[0] !== undefined) {
      const file = path.join(dir, found[0]);
      // A config can name the browser a build runs: one above this folder that another user owns
      // (a notes.config.yaml left in /tmp) is not taken, as git refuses a repository of dubious ownership.
      const owner = dir === here ? undefined : (await stat(file).catch(() => undefined))?.uid;
      const me = process.getuid?.();
      if (owner !== undefined && me !== undefined && owner !== me && owner !== 0) {
        throw new UsageError(`${file} belongs to another user, so notes does not read it (a config can name a program to run). If you trust it, pass it with --config; else add a config of your own here.`);
      }
      return path.relative(here, file);
    }
  }
  return undefined;
}

/** Compile the config file's schema (only when there is a config to check). */
export async function configValidator(root = PACKAGE_ROOT): Promise<ValidateFunction> {
  const schema = JSON.parse(await readFile(path.join(root, CONFIG_SCHEMA), 'utf8')) as Record<string, unknown>;
  return new Ajv2020({ allErrors: true, verbose: true, strict: true }).compile(schema);
}
