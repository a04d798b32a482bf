import { createRequire } from 'node:module';
import { Command, CommanderError, Option } from 'commander';
import type { LoadedConfig } from '../config/load.js';
import { Interrupted } from '../model/interrupted.js';
import type { CommandContext } from './context.js';
import { declareBuild } from './declare/build.js';
import { declareDoctor } from './declare/doctor.js';
import { declareInit } from './declare/init.js';
import { declareNew } from './declare/new.js';
import { declarePreview } from './declare/preview.js';
import { declareSchema } from './declare/schema.js';
import { declareTranslate } from './declare/translate.js';
import { declareValidate } from './declare/validate.js';
import { detail, UsageError, type Io } from './io.js';
import { terminalSafe } from '../diagnostics/report.js';

export { runCleanups } from './cleanup.js';

/** Exit codes: 0 clean, 1 problems found, 2 usage errors, 130/143 after SIGINT/SIGTERM. */
export const EXIT = { ok: 0, problems: 1, usage: 2, busy: 3, interrupted: 130 } as const;

/** The version in package.json (two folders up from both src/cli and dist/cli). */
const VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/** Run the CLI with `argv` (without node and script); returns the exit code, never exits. */
export async function main(argv: readonly string[], io: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  let code: number = EXIT.ok;
  // The config file the settings came from, if any (messages name its keys).
  let configFile: string | undefined;
  /** The config read for this command (its theme is read by the commands that render). */
  let config: LoadedConfig | undefined;
  const program = new Command('notes')
    .description('Validate concept notes and compile them into publishable documents.')
    .version(VERSION, '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run notes --help for usage)')
    .addHelpText(
      'after',
      `
Examples:
  $ notes validate                  check every note in notes/
  $ notes build                     HTML and PDF of every note and pack into output/
  $ notes init                      start a project in this (empty) folder
  $ notes new concept-note          start the next workshop's concept note
  $ notes preview                   serve the notes on localhost, rebuilt as you write
  $ notes doctor                    check the browser, fonts and folders

Run notes <command> --help for a command's options and examples.
Exit codes: 0 clean, 1 problems found, 2 usage error, 3 output folder busy, 130 interrupted.
Colours only on a terminal; FORCE_COLOR=1 forces them, NO_COLOR=1 or FORCE_COLOR=0 turns them off.`,
    );

  const ctx: CommandContext = {
    get io() {
      return io;
    },
    get config() {
      return config;
    },
    nameOf: (command) => nameOf(command, configFile),
    exit: (n) => {
      code = n;
    },
  };
  declareValidate(program, ctx);
  declareBuild(program, ctx);
  declareTranslate(program, ctx);

  // Settings from notes.config.json|yaml|yml (or --config FILE) fill the options a command was not given.
  program.option('--config <file>', 'read settings from this file (default: notes.config.json, .yaml or .yml in the current folder, else in the nearest folder above it)');
  // How much a command says besides its results and diagnostics (never what --format writes to stdout).
  program.addOption(new Option('-q, --quiet', 'print only errors and warnings: no progress, notices or summary lines').conflicts('verbose'));
  program.option('--verbose', 'also say what was used: the config file, the folders, the browser, the caches');
  program.hook('preAction', async (_program, command) => {
    const globals = program.opts<{ config?: string; quiet?: boolean; verbose?: boolean }>();
    // The actions above pass `io` to their command: from here on it carries the verbosity.
    io = { ...io, verbosity: globals.quiet ? 'quiet' : globals.verbose ? 'verbose' : 'normal' };
    const { applyConfig } = await import('../config/load.js');
    config = await applyConfig(command, globals.config);
    configFile = config?.file;
    if (io.verbosity === 'verbose') for (const line of usedLines(command, globals.config, configFile)) detail(io, line);
    // Every command reads its notes folder whole: never the root of the file system, whoever named it.
    const notes = command.options.some((o) => o.flags === '--notes <dir>') ? command.opts<{ notes?: string }>().notes : undefined;
    if (notes !== undefined) {
      const { checkNotesFolder } = await import('../write/write.js');
      const problem = await checkNotesFolder(notes, nameOf(command, configFile)('notes', '--notes'));
      if (problem) throw new UsageError(problem);
    }
  });
  declareNew(program, ctx);
  declareInit(program, ctx);
  declarePreview(program, ctx);
  declareDoctor(program, ctx);
  declareSchema(program, ctx);

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof Interrupted) return EXIT.interrupted;
    if (error instanceof UsageError) {
      // A usage error may quote a file name or a config value: its control characters are shown, not obeyed.
      io.stderr.write(`${terminalSafe(error.message, true)}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  return code;
}

/** How an option's value was given, for messages: `--out`, or `"out" in notes.config.yaml` when the config set it. */
function nameOf(command: Command, configFile: string | undefined): (attribute: string, flag: string) => string {
  return (attribute, flag) => (command.getOptionValueSource(attribute) === 'config' && configFile ? `"${attribute}" in ${configFile}` : flag);
}

/** What --verbose says before a command runs: the config file used and where each folder came from. */
function usedLines(command: Command, explicit: string | undefined, configFile: string | undefined): string[] {
  const lines = [
    configFile === undefined
      ? `No config file: none of notes.config.json, .yaml or .yml in ${process.cwd()} or a folder above it.`
      : `Config file: ${configFile}${explicit === undefined ? '' : ' (--config)'}.`,
  ];
  for (const [flags, what] of [['--notes <dir>', 'Notes folder'], ['--out <dir>', 'Output folder']] as const) {
    const option = command.options.find((o) => o.flags === flags);
    if (!option) continue;
    const name = option.attributeName();
    const value = command.getOptionValue(name) as string;
    const source = command.getOptionValueSource(name);
    const from = source === 'config' ? `"${name}" in ${configFile}` : source !== 'default' ? option.long : value === option.defaultValue ? 'the default' : `the default, in the folder of ${configFile}`;
    lines.push(`${what}: ${value} (${from}).`);
  }
  return lines.map((line) => terminalSafe(line));
}
