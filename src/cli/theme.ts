import type { LoadedConfig } from '../config/load.js';
import { formatText } from '../diagnostics/reporters/text.js';
import { loadResources, withTheme, type Resources } from '../load/resources.js';
import { loadTheme } from '../theme/load.js';
import { UsageError } from './io.js';

/**
 * The package's resources with the config's theme, for the commands that render or remember
 * renderings (build, validate, preview, doctor). A theme that cannot be used stops the command
 * with every problem at its place (exit 2), as a config that cannot be read does.
 */
export async function resourcesFor(config: LoadedConfig | undefined, root?: string): Promise<Resources> {
  const resources = await loadResources(root);
  const settings = config?.settings.theme;
  if (!config || !settings) return resources;
  const loaded = await loadTheme(settings, resources.templates, config);
  if ('diagnostics' in loaded) throw new UsageError(formatText(loaded.diagnostics).trimEnd());
  return withTheme(resources, loaded.theme);
}
