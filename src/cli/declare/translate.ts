import { type Command, Option } from 'commander';
import type { CommandContext } from '../context.js';

/** Declare `notes translate` and its subcommands (init, status, transliterate, export, import) on `program`: its options, help and action. */
export function declareTranslate(program: Command, ctx: CommandContext): void {
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
      const { translateInit } = await import('../commands/translate.js');
      ctx.exit(await translateInit(note, { ...opts, config: ctx.config }, ctx.io));
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
      const { translateStatus } = await import('../commands/translate.js');
      ctx.exit(await translateStatus({ ...opts, config: ctx.config }, ctx.io));
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
      const { translateTransliterate } = await import('../commands/translate.js');
      ctx.exit(await translateTransliterate(file, opts, ctx.io));
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
      const { translateExport } = await import('../commands/translate.js');
      ctx.exit(await translateExport(note, { ...opts, config: ctx.config }, ctx.io));
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
      const { translateImport } = await import('../commands/translate.js');
      ctx.exit(await translateImport(file, { ...opts, config: ctx.config }, ctx.io));
    });
}
