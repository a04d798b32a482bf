import type { Command } from 'commander';
import { parseWorkshop } from '../options.js';
import type { CommandContext } from '../context.js';

/** Declare `notes new KIND` on `program`: its options, help and action. */
export function declareNew(program: Command, ctx: CommandContext): void {
  program
    .command('new')
    .description('write a new note of KIND that validates, with placeholders to replace')
    .argument('<kind>', 'a kind of note: concept-note, project-notification, project-summary, or one of the project\'s (its kinds folder)')
    .option('--notes <dir>', 'the notes folder', 'notes')
    .option('--forum <id>', 'the collection (forum or programme) it belongs to (default: the only one of the right type)')
    .option('--workshop <n>', 'the note\'s number, for a kind that numbers its notes, e.g. a concept note\'s workshop (default: the next free one)', parseWorkshop)
    .option('--lang <tags>', 'the languages of the note, for a kind that has them, e.g. en or en,uz (default: the collection\'s first language)')
    .option('--title <text>', 'the title (default: a placeholder); also names the file, for a kind that names its files by title')
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
      const { newCommand } = await import('../commands/new.js');
      ctx.exit(await newCommand(kind, { ...opts, config: ctx.config }, ctx.io));
    });
}
