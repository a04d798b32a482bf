import type { Command } from 'commander';
import type { CommandContext } from '../context.js';

/** Declare `notes doctor` on `program`: its options, help and action. */
export function declareDoctor(program: Command, ctx: CommandContext): void {
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
      const { doctorCommand } = await import('../commands/doctor.js');
      ctx.exit(await doctorCommand({ ...opts, config: ctx.config }, ctx.io));
    });
}
