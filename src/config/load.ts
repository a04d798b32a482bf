import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Command } from 'commander';
import { formatText } from '../diagnostics/reporters/text.js';
import { PACKAGE_ROOT } from '../pipeline/resources.js';
import { UsageError } from '../cli/io.js';
import { configValues, parseConfig, resolvePaths, type Settings } from './resolve.js';

/** The names a config file is looked for under in the current folder, in this order. */
export const CONFIG_NAMES = ['notes.config.json', 'notes.config.yaml', 'notes.config.yml'] as const;

/** Where the config file's schema lives (a subfolder: schemas/*.schema.json are the note kinds). */
export const CONFIG_SCHEMA = path.join('schemas', 'config', 'notes.config.schema.json');

/** A config file that was read: where it is (as the user sees it) and its settings, paths resolved. */
export interface LoadedConfig {
  file: string;
  settings: Settings;
}

/**
 * Read the config: `explicit` (from --config) or the one notes.config.* in `cwd`. Returns
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
  return { file: display, settings: resolvePaths(parsed.settings, path.dirname(abs), cwd) };
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
  return config;
}

async function findConfig(cwd: string): Promise<string | undefined> {
  const found: string[] = [];
  for (const name of CONFIG_NAMES) {
    if ((await stat(path.join(cwd, name)).catch(() => undefined))?.isFile()) found.push(name);
  }
  if (found.length > 1) throw new UsageError(`There are ${found.length} config files here (${found.join(', ')}): keep one, or choose one with --config.`);
  return found[0];
}

/** Compile the config file's schema (only when there is a config to check). */
export async function configValidator(root = PACKAGE_ROOT): Promise<ValidateFunction> {
  const schema = JSON.parse(await readFile(path.join(root, CONFIG_SCHEMA), 'utf8')) as Record<string, unknown>;
  return new Ajv2020({ allErrors: true, verbose: true, strict: true }).compile(schema);
}
