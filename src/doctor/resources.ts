import { Ajv2020 } from 'ajv/dist/2020.js';
import Handlebars from 'handlebars';
import { compileTemplates } from '../render/templates.js';
import type { Resources } from '../load/resources.js';
import { compileSchemas } from '../validate/schema.js';
import type { Check } from './check.js';

/** One file of templates/, schemas/ or kinds/, relative to the package (`/`-separated), and its text. */
export interface ResourceFile {
  path: string;
  text: string;
}

/** What {@link checkResources} reads: the files one by one, and the resources as a build loads them. */
export interface ResourceProbe {
  /** Every template, partial, label file, stylesheet and schema; rejects with the `path` of one that cannot be read. */
  files: () => Promise<ResourceFile[]>;
  loadResources: () => Promise<Resources>;
  /** Compile the config file's schema. */
  configValidator: () => Promise<unknown>;
}

/**
 * Templates and schemas: each file reads and parses (JSON, Handlebars), then the resources load
 * and compile as a build does them (loadResources, compileSchemas, compileTemplates). A broken
 * one is named with its error.
 */
export async function checkResources(probe: ResourceProbe): Promise<Check> {
  const name = 'templates and schemas';
  const fail = (detail: string): Check => ({ name, status: 'fail', detail: `${detail}: fix it, or reinstall notes to restore it.` });
  let files: ResourceFile[];
  try {
    files = await probe.files();
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return fail(`${e.path ?? 'a file'} cannot be read (${e.code ?? e.message})`);
  }
  for (const file of files) {
    const problem = syntaxError(file);
    if (problem) return fail(`${file.path}: ${problem}`);
  }
  let resources: Resources;
  try {
    resources = await probe.loadResources();
  } catch (error) {
    return fail(`the templates do not load: ${firstLine(error)}`);
  }
  try {
    compileSchemas(resources.schemas, resources.kinds);
  } catch (error) {
    return fail(`${culprit(files, resources.schemas, error)}: ${firstLine(error)}`);
  }
  try {
    compileTemplates(resources.templates);
  } catch (error) {
    return fail(`the templates do not compile: ${firstLine(error)}`);
  }
  try {
    await probe.configValidator();
  } catch (error) {
    return fail(`schemas/config/notes.config.schema.json: ${firstLine(error)}`);
  }
  const count = (prefix: string): string => {
    const n = files.filter((f) => f.path.startsWith(prefix)).length;
    return `${n} file${n === 1 ? '' : 's'} in ${prefix}`;
  };
  return { name, status: 'ok', detail: `${count('templates/')}, ${count('schemas/')}, ${count('kinds/')}` };
}

/** The parse error of a JSON or Handlebars file, if any. */
function syntaxError(file: ResourceFile): string | undefined {
  try {
    if (file.path.endsWith('.json')) JSON.parse(file.text);
    else if (file.path.endsWith('.hbs')) Handlebars.parse(file.text);
    return undefined;
  } catch (error) {
    const lines = String((error as Error).message).split('\n').filter((l) => l.trim() !== '' && !/^-+\^$/.test(l.trim()));
    // Handlebars says "Parse error on line 3:", the source, a caret, then what it expected.
    return lines[0]?.startsWith('Parse error') ? `${lines[0]} ${lines[lines.length - 1]}` : (lines[0] ?? 'cannot be parsed');
  }
}

/** The schema file a compile error comes from: the one that is not a valid schema, or that holds the name the error quotes. */
function culprit(files: readonly ResourceFile[], schemas: Record<string, unknown>, error: unknown): string {
  const ajv = new Ajv2020({ strict: false });
  for (const [file, schema] of Object.entries(schemas)) {
    if (!ajv.validateSchema(schema as object)) return `schemas/${file}`;
  }
  const quoted = /"([^"]+)"/.exec(firstLine(error))?.[1];
  const holder = quoted === undefined ? undefined : files.find((f) => f.path.startsWith('schemas/') && f.text.includes(`"${quoted}"`));
  return holder?.path ?? 'schemas/';
}

function firstLine(error: unknown): string {
  return (String((error as Error).message ?? error).split('\n')[0] ?? '').replace(/\.$/, '');
}
