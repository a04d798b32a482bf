import { createRequire } from 'node:module';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { formats, type Format } from '../diagnostics/reporters/index.js';
import { parseShard, type Shard } from '../pipeline/shard.js';
import { Interrupted } from '../pipeline/interrupted.js';
import { UsageError, type Io } from './io.js';

export { runCleanups } from './cleanup.js';

/** Exit codes: 0 clean, 1 problems found, 2 usage errors, 130/143 after SIGINT/SIGTERM. */
export const EXIT = { ok: 0, problems: 1, usage: 2, busy: 3, interrupted: 130 } as const;

/** The version in package.json (two folders up from both src/cli and dist/cli). */
const VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/** Run the CLI with `argv` (without node and script); returns the exit code, never exits. */
export async function main(argv: readonly string[], io: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('notes')
    .description('Validate concept notes and compile them into publishable documents.')
    .version(VERSION, '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run notes --help for usage)');

  const formatOption = new Option('--format <format>', 'output format of the diagnostics').choices(formats).default('text');

  program
    .command('validate')
    .description('check every note (or the given files and folders) and report each problem at file:line:column')
    .argument('[paths...]', 'notes or folders to check (default: the whole notes folder)')
    .option('--notes <dir>', 'the notes folder', 'notes')
    .addOption(formatOption)
    .option('--fix', 'write safe corrections into the notes (Uzbek Latin oʻ gʻ and tutuq signs), then check again')
    .action(async (paths: string[], opts: { notes: string; format: Format; fix?: boolean }) => {
      const { validateCommand } = await import('./commands/validate.js');
      code = await validateCommand(paths, opts, io);
    });

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
    .option('--force', 'print every PDF again, ignoring the cache of unchanged ones')
    .option('--shard <i/n>', 'build only the i-th of n parts (for CI runners sharing a large forum)', shardOption)
    .option('--concurrency <n>', 'pages printed at once (default: the number of cores)', positiveInteger)
    .option('--timeout <seconds>', 'deadline to print one document', positiveInteger)
    .option('--zip', 'also write one zip archive per pack')
    .addOption(new Option('--format <format>', 'output format of the diagnostics').choices(formats).default('text'))
    .action(async (opts: { notes: string; out: string; forum?: string; workshop?: number; format: Format; pdf: boolean; browser?: string; browserEndpoint?: string; shard?: Shard; force?: boolean; concurrency?: number; timeout?: number; zip?: boolean }) => {
      const { buildCommand } = await import('./commands/build.js');
      code = await buildCommand(opts, io);
    });

  const translate = program.command('translate').description("language editions: start one, see what needs translating");
  translate
    .command('init')
    .description('write a new language edition of NOTE with the source text in place and every segment hash recorded')
    .argument('<note>', 'the source note, e.g. notes/unpsf-2025/workshop-7.md')
    .requiredOption('--lang <tag>', 'the edition language as a BCP 47 tag with its script, e.g. uz-Latn')
    .option('--notes <dir>', 'the notes folder', 'notes')
    .action(async (note: string, opts: { lang: string; notes: string }) => {
      const { translateInit } = await import('./commands/translate.js');
      code = await translateInit(note, opts, io);
    });
  translate
    .command('status')
    .description('for each note and language: missing, draft, stale (which segments changed, by heading) or up to date')
    .option('--notes <dir>', 'the notes folder', 'notes')
    .addOption(new Option('--format <format>', 'text or json').choices(['text', 'json']).default('text'))
    .option('--strict', 'exit 1 when any edition is missing or stale (for CI)')
    .action(async (opts: { notes: string; format: 'text' | 'json'; strict?: boolean }) => {
      const { translateStatus } = await import('./commands/translate.js');
      code = await translateStatus(opts, io);
    });

  translate
    .command('transliterate')
    .description('write the Uzbek edition in the other script (uz-Latn ↔ uz-Cyrl); - reads stdin and writes stdout')
    .argument('<file>', 'an edition such as notes/unpsf-2025/workshop-7.uz-Latn.md, or - for standard input')
    .addOption(new Option('--to <tag>', 'the script to write').choices(['uz-Cyrl', 'uz-Latn']).makeOptionMandatory())
    .option('--force', 'replace the target edition if it exists')
    .action(async (file: string, opts: { to: 'uz-Cyrl' | 'uz-Latn'; force?: boolean }) => {
      const { translateTransliterate } = await import('./commands/translate.js');
      code = await translateTransliterate(file, opts, io);
    });

  translate
    .command('export')
    .description('write an XLIFF 1.2 file of NOTE for LANG, for CAT tools: one unit per segment, facts as translate="no", stale units needs-review-translation')
    .argument('<note>', 'the source note')
    .requiredOption('--lang <tag>', 'the target language, e.g. uz-Latn')
    .option('--out <file>', 'where to write the XLIFF (default: standard output)')
    .option('--notes <dir>', 'the notes folder', 'notes')
    .action(async (note: string, opts: { lang: string; out?: string; notes: string }) => {
      const { translateExport } = await import('./commands/translate.js');
      code = await translateExport(note, opts, io);
    });
  translate
    .command('import')
    .description('apply an XLIFF 1.2 file to its edition: units whose Markdown matches the source are written, nothing else changes')
    .argument('<file>', 'the XLIFF file')
    .option('--notes <dir>', 'the notes folder', 'notes')
    .action(async (file: string, opts: { notes: string }) => {
      const { translateImport } = await import('./commands/translate.js');
      code = await translateImport(file, opts, io);
    });

  // ── commands added for issue 7: each block is owned by one change, keep them apart ──
  // <config-hook>
  // </config-hook>
  // <command:new>
  // </command:new>
  // <command:preview>
  // </command:preview>
  // <command:doctor>
  // </command:doctor>
  // <command:schema>
  // </command:schema>

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof Interrupted) return EXIT.interrupted;
    if (error instanceof UsageError) {
      io.stderr.write(`${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  return code;
}

function positiveInteger(value: string): number {
  if (!/^[1-9][0-9]*$/.test(value)) throw new InvalidArgumentError('expected a whole number such as 2.');
  return Number(value);
}

function shardOption(value: string): Shard {
  const shard = parseShard(value);
  if (!shard) throw new InvalidArgumentError('expected i/n with 1 ≤ i ≤ n, such as 2/4.');
  return shard;
}

function parseWorkshop(value: string): number {
  if (!/^[1-9][0-9]*$/.test(value)) throw new InvalidArgumentError('expected a workshop number such as 7.');
  return Number(value);
}
