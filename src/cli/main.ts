import { createRequire } from 'node:module';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { formats, type Format } from '../diagnostics/reporters/index.js';
import { RANGES } from '../config/resolve.js';
import type { LoadedConfig } from '../config/load.js';
import { MAX_SHARDS, parseShard, type Shard } from '../pack/shard.js';
import { Interrupted } from '../model/interrupted.js';
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

  const formatOption = new Option('--format <format>', 'output format of the diagnostics').choices(formats).default('text');

  program
    .command('validate')
    .description('check every note (or the given files and folders) and report each problem at file:line:column')
    .argument('[paths...]', 'notes or folders to check (default: the whole notes folder)')
    .option('--notes <dir>', 'the notes folder', 'notes')
    .addOption(formatOption)
    .option('--fix', 'write safe corrections into the notes (Uzbek Latin oʻ gʻ and tutuq signs), then check again')
    .option('--changed-since <ref>', 'check only the notes changed since this git ref (committed, staged, unstaged or new) and the notes a change affects')
    .option('--strict', 'warnings fail too (exit 1)')
    .option('--output <file>', 'write the report to this file instead of standard output (e.g. --format junit --output report.xml)')
    .option('--no-cache', 'check every note again (by default a note unchanged since the last run, with everything it depends on, is not parsed again)')
    .addHelpText(
      'after',
      `
Examples:
  $ notes validate
      every note of the notes folder; problems on stderr
  $ notes validate notes/unpsf-2025/workshop-7.md
      one note
  $ notes validate --format github --changed-since origin/main --strict
      a GitHub pull request: annotations on the notes it changed (and the notes
      a change affects); warnings fail too
  $ notes validate --format junit --output report.xml
      a JUnit report for the test panels of GitLab, Jenkins or Azure

Exit codes: 0 no errors (warnings are allowed without --strict), 1 problems,
2 usage error (e.g. an unknown git ref).`,
    )
    .action(async (paths: string[], opts: { notes: string; format: Format; fix?: boolean; changedSince?: string; strict?: boolean; output?: string; cache?: boolean }) => {
      const { validateCommand } = await import('./commands/validate.js');
      code = await validateCommand(paths, { ...opts, config }, io);
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
      const { buildCommand } = await import('./commands/build.js');
      const name = nameOf(command, configFile);
      code = await buildCommand({ ...opts, config, names: { notes: name('notes', '--notes'), out: name('out', '--out') } }, io);
    });

  const translate = program.command('translate').description("language editions: start one, see what needs translating");
  translate
    .command('init')
    .description('write a new language edition of NOTE with the source text in place and every segment hash recorded')
    .argument('<note>', 'the source note, e.g. notes/unpsf-2025/workshop-7.md')
    .requiredOption('--lang <tag>', 'the edition language as a BCP 47 tag with its script, e.g. uz-Latn')
    .option('--notes <dir>', 'the notes folder', 'notes')
    .addHelpText('after', `
Examples:
  $ notes translate init notes/unpsf-2025/workshop-7.md --lang uz-Latn
      writes notes/unpsf-2025/workshop-7.uz-Latn.md, the English text in place, to translate`)
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
    .addHelpText('after', `
Examples:
  $ notes translate status
      every note and language: missing, draft, stale (which segments, by heading) or up to date
  $ notes translate status --format json --strict
      for CI: exit 1 when an edition is missing or stale`)
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
    .option('--notes <dir>', 'the notes folder (editions inside it are read and written only within it)', 'notes')
    .addHelpText('after', `
Examples:
  $ notes translate transliterate notes/unpsf-2025/workshop-7.uz-Latn.md --to uz-Cyrl
      writes workshop-7.uz-Cyrl.md beside it
  $ echo "Oʻzbekiston" | notes translate transliterate - --to uz-Cyrl`)
    .action(async (file: string, opts: { to: 'uz-Cyrl' | 'uz-Latn'; force?: boolean; notes: string }) => {
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
    .addHelpText('after', `
Examples:
  $ notes translate export notes/unpsf-2025/workshop-7.md --lang uz-Latn --out workshop-7.uz-Latn.xlf
      an XLIFF file for a CAT tool; facts are locked, stale units need review`)
    .action(async (note: string, opts: { lang: string; out?: string; notes: string }) => {
      const { translateExport } = await import('./commands/translate.js');
      code = await translateExport(note, opts, io);
    });
  translate
    .command('import')
    .description('apply an XLIFF 1.2 file to its edition: units whose Markdown matches the source are written, nothing else changes')
    .argument('<file>', 'the XLIFF file')
    .option('--notes <dir>', 'the notes folder', 'notes')
    .addHelpText('after', `
Examples:
  $ notes translate import workshop-7.uz-Latn.xlf
      writes the translated units into notes/unpsf-2025/workshop-7.uz-Latn.md`)
    .action(async (file: string, opts: { notes: string }) => {
      const { translateImport } = await import('./commands/translate.js');
      code = await translateImport(file, opts, io);
    });

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
  program
    .command('new')
    .description('write a new note of KIND (concept-note, project-notification, project-summary) that validates, with placeholders to replace')
    .argument('<kind>', 'concept-note, project-notification or project-summary')
    .option('--notes <dir>', 'the notes folder', 'notes')
    .option('--forum <id>', 'the collection (forum or programme) it belongs to (default: the only one of the right type)')
    .option('--workshop <n>', 'a concept note\'s workshop number (default: the next free one)', parseWorkshop)
    .option('--lang <tags>', 'the languages a workshop is conducted in, e.g. en or en,uz (default: the collection\'s first language)')
    .option('--title <text>', 'the title (default: a placeholder); also names a project\'s file')
    .option('--out <file>', 'where to write it (default: the collection\'s folder, e.g. workshop-8.md)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ notes new concept-note                                  the next workshop of the only forum',
        '  $ notes new concept-note --forum unpsf-2025 --workshop 8 --lang en,uz',
        '  $ notes new project-summary --forum desa-dpidg --title "Digital Skills for Public Servants"',
        '  $ notes new project-notification --forum apo --out notes/apo/notification-328.md',
        '',
        'It never replaces a file: when the file exists it stops with exit code 1.',
        '',
      ].join('\n'),
    )
    .action(async (kind: string, opts: { notes: string; forum?: string; workshop?: number; lang?: string; title?: string; out?: string }) => {
      const { newCommand } = await import('./commands/new.js');
      code = await newCommand(kind, opts, io);
    });
  program
    .command('init')
    .description('start a project: notes.config.yaml, a forum with one concept note that validates and builds, a .gitignore and a CI workflow')
    .argument('[dir]', 'the folder to start it in, created if missing (default: the current folder)')
    .option('--forum <id>', 'the forum\'s id, e.g. unpsf-2026 (default: the folder\'s name, lower case with dashes)')
    .option('--name <text>', 'the forum\'s name (default: a placeholder)')
    .option('--only <files>', 'add only these files, comma-separated: config, collection, note, gitignore, workflow (needed in a folder that is not empty)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ notes init                                    start a project in this (empty) folder',
        '  $ notes init unpsf-2026 --name "2026 United Nations Public Service Forum"',
        '  $ notes init --only gitignore,workflow          add the .gitignore and the CI workflow to a project',
        '',
        'It never replaces a file nor writes through a symbolic link: when one is in the way it writes',
        'nothing and exits with code 1.',
        '',
      ].join('\n'),
    )
    .action(async (dir: string | undefined, opts: { forum?: string; name?: string; only?: string }) => {
      const { initCommand } = await import('./commands/init.js');
      code = await initCommand(dir, opts, io);
    });
  program
    .command('preview')
    .description('build, serve the pages on localhost, rebuild and reload them on every change to the notes, templates or schemas')
    .option('--notes <dir>', 'the notes folder', 'notes')
    .option(
      '--port <n>',
      'the port to serve on (0: any free port)',
      (value: string): number => {
        if (!/^[0-9]+$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535, such as 4321.');
        return Number(value);
      },
      4321,
    )
    .option('--host <address>', 'the address to serve on (any other than 127.0.0.1 shows your notes to the network)', '127.0.0.1')
    .option('--pdf', 'also print the PDFs on every build (slower; needs a browser)')
    .option('--open', 'open the URL in your default browser once the server listens')
    .addHelpText(
      'after',
      `
Examples:
  $ notes preview                           serve notes/ at http://127.0.0.1:4321/
  $ notes preview --notes drafts --port 0   any free port; the URL is printed
  $ notes preview --pdf                     print the PDFs too, on every change
  $ notes preview --open                    and open it in your default browser

Pages reload by themselves after each build. When a change has errors the terminal lists them,
the open page shows them in a panel, and the last good build stays served. Nothing is written
to output/: each build goes to a temporary folder, removed when you press Ctrl-C.`,
    )
    .action(async (opts: { notes: string; port: number; host: string; pdf?: boolean; open?: boolean }) => {
      const { previewCommand } = await import('./commands/preview.js');
      code = await previewCommand({ ...opts, config }, io);
    });
  program
    .command('doctor')
    .description('check that this machine and project can build: Node, browser, fonts for every language, templates, folders')
    .option('--notes <dir>', 'the notes folder', 'notes')
    .option('--out <dir>', 'the output folder', 'output')
    .option('--browser <path>', 'the Chrome or Chromium to check (else found as notes build finds it)')
    .addHelpText(
      'after',
      `
Examples:
  $ notes doctor                          check this machine and the project in this folder
  $ notes doctor --notes drafts --out site
  $ notes doctor --browser /usr/bin/chromium

Prints one line per check: OK, or FAIL with what to install or change. Exit 0 when all pass, 1 otherwise.`,
    )
    .action(async (opts: { notes: string; out: string; browser?: string }) => {
      const { doctorCommand } = await import('./commands/doctor.js');
      code = await doctorCommand({ ...opts, config }, io);
    });
  const schema = program.command('schema').description('the formats of notes, from schemas/*.schema.json');
  schema
    .command('docs')
    .description('write a Markdown reference of every front-matter field of every kind, collection.yaml and the translation block')
    .option('--out <file>', 'write it to this file (atomically) instead of standard output')
    .addHelpText('after', '\nExamples:\n  $ notes schema docs                              print the reference\n  $ notes schema docs --out docs/front-matter.md   write it to a file\n')
    .action(async (opts: { out?: string }) => {
      const { schemaDocs } = await import('./commands/schema.js');
      code = await schemaDocs(opts, io);
    });

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

/** A parser of whole numbers from `range.min` to `range.max` (commander names the option in its error). */
function integerIn(range: { min: number; max: number }, unit: string, example: number): (value: string) => number {
  return (value) => {
    const n = /^[0-9]{1,16}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
    if (!(n >= range.min && n <= range.max)) throw new InvalidArgumentError(`expected a whole number of ${unit} from ${range.min} to ${range.max}, such as ${example}.`);
    return n;
  };
}

function shardOption(value: string): Shard {
  const shard = parseShard(value);
  if (!shard) throw new InvalidArgumentError(`expected i/n with 1 ≤ i ≤ n ≤ ${MAX_SHARDS}, such as 2/4.`);
  return shard;
}

function parseWorkshop(value: string): number {
  if (!/^[1-9][0-9]{0,2}$/.test(value)) throw new InvalidArgumentError('expected a workshop number from 1 to 999, such as 7.');
  return Number(value);
}
