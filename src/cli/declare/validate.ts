import type { Command } from 'commander';
import { type Format } from '../../diagnostics/reporters/index.js';
import { formatOption } from '../options.js';
import type { CommandContext } from '../context.js';

/** Declare `notes validate [paths…]` on `program`: its options, help and action. */
export function declareValidate(program: Command, ctx: CommandContext): void {
  program
    .command('validate')
    .description('check every note (or the given files and folders) and report each problem at file:line:column')
    .argument('[paths...]', 'notes or folders to check (default: the whole notes folder)')
    .option('--notes <dir>', 'the notes folder', 'notes')
    .addOption(formatOption())
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
      const { validateCommand } = await import('../commands/validate.js');
      ctx.exit(await validateCommand(paths, { ...opts, config: ctx.config }, ctx.io));
    });
}
