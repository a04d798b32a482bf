import { formatChecks, runDoctor, type DoctorOptions } from '../../doctor/run.js';
import { systemProbes } from '../../doctor/probes.js';
import { useColor, type Io } from '../io.js';
import type { LoadedConfig } from '../../config/load.js';
import { loadResources, PACKAGE_ROOT } from '../../load/resources.js';
import { loadKinds } from '../../kinds/load.js';
import { builtInsOf } from '../theme.js';
import { kindNames } from '../../model/kind.js';
import type { KindsFinding } from '../../doctor/kinds.js';
import type { TemplateSources } from '../../render/templates.js';
import { loadTheme } from '../../theme/load.js';
import type { ThemeFinding } from '../../doctor/theme.js';

/** `notes doctor`: print one line per check of this machine and project; exit 1 when any fails. */
export async function doctorCommand(options: DoctorOptions & { config?: LoadedConfig | undefined }, io: Io): Promise<number> {
  const { config, ...rest } = options;
  const checks = await runDoctor({ ...rest, theme: await themeFinding(config), kinds: await kindsFinding(config) }, await systemProbes(io.env));
  io.stdout.write(formatChecks(checks, useColor(io, io.stdout)));
  return checks.some((c) => c.status === 'fail') ? 1 : 0;
}

/** The config's theme, read as a build reads it; its problems are the doctor's to tell, not to throw. */
async function themeFinding(config: LoadedConfig | undefined): Promise<ThemeFinding> {
  if (!config?.settings.theme) return config ? { config: config.file } : {};
  const loaded = await loadTheme(config.settings.theme, (await loadResources().catch(() => undefined))?.templates ?? { templates: {} as TemplateSources['templates'], partials: {} }, config);
  return 'diagnostics' in loaded ? { config: config.file, diagnostics: loaded.diagnostics } : { config: config.file, theme: loaded.theme };
}

/** The kinds of note, the package's and the config's kinds folder, read as a build reads them; problems are the doctor's to tell. */
async function kindsFinding(config: LoadedConfig | undefined): Promise<KindsFinding> {
  const resources = await loadResources().catch(() => undefined);
  const builtIn = kindNames(resources?.kinds ?? {});
  const folder = config?.settings.kinds;
  if (folder === undefined) return { builtIn };
  const loaded = await loadKinds(folder, { shown: folder, builtIn: false, ...(resources && { builtIns: builtInsOf(resources) }), partials: new Set(Object.keys(resources?.templates.partials ?? {})) }, PACKAGE_ROOT);
  return 'diagnostics' in loaded ? { builtIn, folder, diagnostics: loaded.diagnostics } : { builtIn, folder, project: loaded.files.kinds.map((k) => (k.builtIn ? `${k.name} (adjusted)` : k.name)) };
}
