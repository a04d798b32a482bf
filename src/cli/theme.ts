import type { LoadedConfig } from '../config/load.js';
import { formatText } from '../diagnostics/reporters/text.js';
import { loadResources, PACKAGE_ROOT, withKinds, withTheme, type Resources } from '../load/resources.js';
import { loadKinds } from '../kinds/load.js';
import type { KindDefinition } from '../model/kind.js';
import type { JsonSchema } from '../model/types.js';
import { loadTheme } from '../theme/load.js';
import { UsageError } from './io.js';

/**
 * The package's resources with the config's kinds of note and theme, for the commands that render or remember
 * renderings (build, validate, preview, doctor). A theme that cannot be used stops the command
 * with every problem at its place (exit 2), as a config that cannot be read does.
 */
export async function resourcesFor(config: LoadedConfig | undefined, root?: string): Promise<Resources> {
  let resources = await loadResources(root);
  const folder = config?.settings.kinds;
  if (folder !== undefined) {
    const loaded = await loadKinds(folder, { shown: folder, builtIn: false, builtIns: builtInsOf(resources), partials: new Set(Object.keys(resources.templates.partials)) }, root ?? PACKAGE_ROOT);
    if ('diagnostics' in loaded) throw new UsageError(formatText(loaded.diagnostics).trimEnd());
    resources = withKinds(resources, loaded.files);
  }
  const settings = config?.settings.theme;
  if (!config || !settings) return resources;
  const loaded = await loadTheme(settings, resources.templates, config);
  if ('diagnostics' in loaded) throw new UsageError(formatText(loaded.diagnostics).trimEnd());
  return withTheme(resources, loaded.theme);
}

/** The package's kinds with their schemas: what a project's kinds folder may adjust (kinds/load.ts). */
export function builtInsOf(resources: Resources): Record<string, { definition: KindDefinition; schema: JsonSchema }> {
  return Object.fromEntries(
    Object.values(resources.kinds)
      .filter((k) => k.builtIn)
      .map((k) => [k.name, { definition: k, schema: resources.schemas[`${k.name}.schema.json`] ?? {} }]),
  );
}
