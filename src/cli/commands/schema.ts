import writeFileAtomic from 'write-file-atomic';
import type { LoadedConfig } from '../../config/load.js';
import { referenceParts, schemaReference } from '../../schema-docs/reference.js';
import { UsageError, type Io } from '../io.js';
import { resourcesFor } from '../theme.js';

/**
 * `notes schema docs [--out FILE]`: the Markdown reference of every front-matter field, from the
 * schemas of notes and of every kind of note (the project's too, from the config's kinds folder).
 */
export async function schemaDocs(options: { out?: string; config?: LoadedConfig | undefined }, io: Io): Promise<number> {
  const { schemas, kinds } = await resourcesFor(options.config);
  const markdown = schemaReference(schemas, referenceParts(schemas, kinds));
  if (!options.out) {
    io.stdout.write(markdown);
    return 0;
  }
  try {
    await writeFileAtomic(options.out, markdown);
  } catch (error) {
    throw new UsageError(`${options.out} cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'}): check that its folder exists.`);
  }
  io.stderr.write(`Wrote ${options.out}.\n`);
  return 0;
}
