import { type Command, InvalidArgumentError, Option } from 'commander';
import { formats, type Format } from '../../diagnostics/reporters/index.js';
import { RANGES } from '../../config/resolve.js';
import type { Shard } from '../../pack/shard.js';
import { integerIn, parseWorkshop, shardOption } from '../options.js';
import type { CommandContext } from '../context.js';

/** Declare `notes build` on `program`: its options, help and action. */
export function declareBuild(program: Command, ctx: CommandContext): void {
  program
    .command('build')
    .description('validate, then write HTML for every note, the combined documents and the indexes')
    .option('--notes <dir>', 'the notes folder', 'notes')
    .option('--out <dir>', 'the output folder', 'output')
    .option('--forum <id>', 'build only this collection (forum or programme id)')
    .option('--workshop <n>', 'build only the workshop with this number', parseWorkshop)
    .option('--no-pdf', 'build HTML only (no browser needed)')
    .option('--browser <path>', 'the Chrome or Chromium to print with (else PUPPETEER_EXECUTABLE_PATH, an installed Chrome or Chromium, puppeteer\'s own)')
    .option('--browser-endpoint <url>', 'print on a running Chrome or browserless pool (ws://… or http://host:9222) instead of launching one')
    .option('--force', 'check, render and print every note again, ignoring the caches of unchanged ones (and refill them)')
    .option('--strict', 'warnings fail too (exit 1)')
    .option('--shard <i/n>', 'build only the i-th of n parts (for CI runners sharing a large forum)', shardOption)
    .option('--concurrency <n>', `pages printed at once, ${RANGES.concurrency.min} to ${RANGES.concurrency.max} (default: the number of cores)`, integerIn(RANGES.concurrency, 'pages at once', 4))
    .option('--timeout <seconds>', `deadline to print one document, in seconds, ${RANGES.timeout.min} to ${RANGES.timeout.max} (default 60)`, integerIn(RANGES.timeout, 'seconds', 60))
    .option('--zip', 'also write one zip archive per pack')
    .addOption(new Option('--format <format>', 'output format of the diagnostics').choices(formats).default('text'))
    .option('--lang <tags>', 'build only these language editions, comma-separated (e.g. en,uz-Latn)', (value: string): string[] => {
      const tags = value.split(',').map((tag) => tag.trim()).filter(Boolean);
      if (tags.length === 0) throw new InvalidArgumentError('expected language tags such as en,uz-Latn.');
      return tags;
    })
    .addHelpText(
      'after',
      `
Examples:
  $ notes build                           every note, HTML and PDF, into output/
  $ notes build --no-pdf                  HTML only (no browser needed)
  $ notes build --lang uz-Latn,uz-Cyrl    only the Uzbek editions and combined documents
  $ notes build --workshop 7 --zip        workshop 7's pack, with a zip archive
  $ notes build --config ci.yaml          settings from a config file (flags still win)
  $ notes build --shard 2/4               the second quarter of the packs, on one of four CI runners

Every option but --forum, --workshop, --shard and --force can also be set in notes.config.json,
.yaml or .yml in the current folder or the nearest folder above it (see the README); run from a
subfolder of the project, notes/ and output/ are then the project's.`,
    )
    .action(async (opts: { notes: string; out: string; forum?: string; workshop?: number; format: Format; pdf: boolean; browser?: string; browserEndpoint?: string; shard?: Shard; force?: boolean; concurrency?: number; timeout?: number; zip?: boolean; lang?: string[]; strict?: boolean }, command: Command) => {
      const { buildCommand } = await import('../commands/build.js');
      const name = ctx.nameOf(command);
      ctx.exit(await buildCommand({ ...opts, config: ctx.config, names: { notes: name('notes', '--notes'), out: name('out', '--out') } }, ctx.io));
    });
}
