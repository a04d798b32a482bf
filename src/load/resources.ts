import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashOf } from '../model/hash.js';
import type { JsonSchema } from '../validate/schema.js';
import { TEMPLATE_NAMES, type TemplateSources } from '../render/templates.js';
import type { Kinds } from '../model/kind.js';
import { loadKinds, type KindFiles } from '../kinds/load.js';
import { formatText } from '../diagnostics/reporters/text.js';
import type { Theme } from '../render/look.js';
import { withOverrides } from '../theme/load.js';

/** The folder `notes` is installed in (holding templates/ and schemas/). */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Everything the program reads from its own templates/ and schemas/ folders. */
export interface Resources {
  version: string;
  schemas: Record<string, JsonSchema>;
  templates: TemplateSources;
  messages: Record<string, Record<string, string>>;
  styles: string;
  /** Every kind of note, built-in and the project's, by name (their schemas, templates and labels are in the fields above). */
  kinds: Kinds;
  /** The project's theme: its look, and its template overrides (already in `templates`). */
  theme?: Theme;
}

/** The resources with the project's theme: its templates and partials in place of the package's. Pure. */
export function withTheme(resources: Resources, theme: Theme | undefined): Resources {
  return theme ? { ...resources, templates: withOverrides(resources.templates, theme), theme } : resources;
}

/** Read schemas, templates, label files and styles (the only I/O of set-up). */
export async function loadResources(root = PACKAGE_ROOT): Promise<Resources> {
  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const schemaDir = path.join(root, 'schemas');
  const schemas: Record<string, JsonSchema> = {};
  for (const name of (await readdir(schemaDir)).filter((n) => n.endsWith('.schema.json')).sort()) {
    schemas[name] = JSON.parse(await readFile(path.join(schemaDir, name), 'utf8')) as JsonSchema;
  }
  const templateDir = path.join(root, 'templates');
  const templates: Record<string, string> = {};
  for (const name of TEMPLATE_NAMES) templates[name] = await readFile(path.join(templateDir, `${name}.hbs`), 'utf8');
  const partials: Record<string, string> = {};
  for (const name of (await readdir(path.join(templateDir, 'partials'))).filter((n) => n.endsWith('.hbs')).sort()) {
    partials[name.replace(/\.hbs$/, '')] = await readFile(path.join(templateDir, 'partials', name), 'utf8');
  }
  const messages: Record<string, Record<string, string>> = {};
  for (const name of (await readdir(path.join(templateDir, 'locales'))).filter((n) => n.endsWith('.json')).sort()) {
    messages[name.replace(/\.json$/, '')] = JSON.parse(await readFile(path.join(templateDir, 'locales', name), 'utf8')) as Record<string, string>;
  }
  const styleDir = path.join(templateDir, 'styles');
  const styleFiles = (await readdir(styleDir)).filter((n) => n.endsWith('.css')).sort();
  const styles = (await Promise.all(styleFiles.map((n) => readFile(path.join(styleDir, n), 'utf8')))).join('\n');
  const base: Resources = { version: pkg.version, schemas, templates: { templates, partials }, messages, styles, kinds: {} };
  const loaded = await loadKinds(path.join(root, 'kinds'), { shown: 'kinds', builtIn: true, partials: new Set(Object.keys(partials)) }, root);
  // The package's own kinds are part of notes: one that cannot be read is a broken install.
  if ('diagnostics' in loaded) throw new Error(`The kinds of notes cannot be read:\n${formatText(loaded.diagnostics).trimEnd()}`);
  return withKinds(base, loaded.files);
}

/** The resources with more kinds of note: their schemas, templates, partials, labels and descriptions. Pure. */
export function withKinds(resources: Resources, files: KindFiles): Resources {
  const messages: Record<string, Record<string, string>> = { ...resources.messages };
  for (const [lang, own] of Object.entries(files.messages)) messages[lang] = { ...messages[lang], ...own };
  return {
    ...resources,
    schemas: { ...resources.schemas, ...files.schemas },
    templates: { templates: { ...resources.templates.templates, ...files.templates }, partials: { ...resources.templates.partials, ...files.partials } },
    messages,
    kinds: { ...resources.kinds, ...Object.fromEntries(files.kinds.map((k) => [k.name, k])) },
  };
}

/**
 * notes' version and a hash of its own code and of the resources (schemas, templates with the
 * project's overrides, labels, styles, the project's theme): whatever shapes a result besides the notes, so results remembered by another build of
 * notes, or with other templates, are never used.
 */
export async function fingerprintOf(resources: Resources): Promise<string> {
  const theme = resources.theme && { project: resources.theme.project, collections: resources.theme.collections };
  return hashOf(resources.version, await codeHash(), JSON.stringify([resources.schemas, resources.templates, resources.messages, resources.styles, resources.kinds, theme ?? null]));
}

/** The code this program runs (dist/ when installed, src/ under the tests), hashed once per process. */
let code: Promise<string> | undefined;
function codeHash(): Promise<string> {
  code ??= (async () => {
    const dir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
    const names = (await readdir(dir, { recursive: true })).filter((n) => /\.(js|ts|mjs)$/.test(n)).sort();
    const parts = await Promise.all(names.map(async (n) => `${n}\n${await readFile(path.join(dir, n), 'utf8')}`));
    return hashOf(...parts);
  })();
  return code;
}
