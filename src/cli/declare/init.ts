import type { Command } from 'commander';
import type { CommandContext } from '../context.js';

/** Declare `notes init [dir]` on `program`: its options, help and action. */
export function declareInit(program: Command, ctx: CommandContext): void {
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
      const { initCommand } = await import('../commands/init.js');
      ctx.exit(await initCommand(dir, opts, ctx.io));
    });
}
