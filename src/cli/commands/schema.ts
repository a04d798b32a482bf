import writeFileAtomic from 'write-file-atomic';
import { loadResources } from '../../load/resources.js';
import { schemaReference } from '../../schema-docs/reference.js';
import { UsageError, type Io } from '../io.js';

/** `notes schema docs [--out FILE]`: the Markdown reference of every front-matter field, from the schemas. */
export async function schemaDocs(options: { out?: string }, io: Io): Promise<number> {
  const { schemas } = await loadResources();
  const markdown = schemaReference(schemas);
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
