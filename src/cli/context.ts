import type { Command } from 'commander';
import type { LoadedConfig } from '../config/load.js';
import type { Io } from './io.js';

/** What a command's action gets from main(): the streams, the config read, and where to put its exit code. */
export interface CommandContext {
  /** The streams, carrying the verbosity once the global options are read. */
  readonly io: Io;
  /** The config read for this command (its theme is read by the commands that render). */
  readonly config: LoadedConfig | undefined;
  /** How an option's value was given, for messages: `--out`, or `"out" in notes.config.yaml`. */
  nameOf(command: Command): (attribute: string, flag: string) => string;
  /** Set the exit code of the run. */
  exit(code: number): void;
}
