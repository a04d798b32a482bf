import type { Command } from 'commander';
import type { CommandContext } from '../context.js';

/** Declare `notes schema docs` on `program`: its options, help and action. */
export function declareSchema(program: Command, ctx: CommandContext): void {
  const schema = program.command('schema').description('the formats of notes, from schemas/*.schema.json and the schemas of the kinds of note');
  schema
    .command('docs')
    .description('write a Markdown reference of every front-matter field of every kind, collection.yaml and the translation block')
    .option('--out <file>', 'write it to this file (atomically) instead of standard output')
    .addHelpText('after', '\nExamples:\n  $ notes schema docs                              print the reference\n  $ notes schema docs --out docs/front-matter.md   write it to a file\n')
    .action(async (opts: { out?: string }) => {
      const { schemaDocs } = await import('../commands/schema.js');
      ctx.exit(await schemaDocs({ ...opts, config: ctx.config }, ctx.io));
    });
}
