import { type Command, InvalidArgumentError } from 'commander';
import type { CommandContext } from '../context.js';

/** Declare `notes preview` on `program`: its options, help and action. */
export function declarePreview(program: Command, ctx: CommandContext): void {
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
      const { previewCommand } = await import('../commands/preview.js');
      ctx.exit(await previewCommand({ ...opts, config: ctx.config }, ctx.io));
    });
}
