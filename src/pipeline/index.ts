import { collectDiagnostics, type Diagnostic } from '../diagnostics/report.js';
import type { Project } from '../model/types.js';
import { compileTemplates } from '../render/templates.js';
import { referencedImages } from './assets.js';
import { load, loadAssets } from './load.js';
import { planBuild, type Output, type Selection } from './pack.js';
import { createParser } from './parse.js';
import { loadResources, type Resources } from './resources.js';
import { compileSchemas } from './schema.js';
import { validateProject } from './validate.js';
import { writeOutputs } from './write.js';

/** The result of a run: the project as validated and every diagnostic. */
export interface RunResult {
  project: Project;
  diagnostics: Diagnostic[];
}

/** load → parse → validate, for `notes validate` and as the first half of a build. */
export async function runValidate(notes: string, only: readonly string[] = [], resources?: Resources): Promise<RunResult & { resources: Resources }> {
  const res = resources ?? (await loadResources());
  const project = await load(notes, only);
  validateProject(project, { parser: createParser(), validators: compileSchemas(res.schemas) });
  return { project, resources: res, diagnostics: collectDiagnostics(allFiles(project)) };
}

/** load → parse → validate → render → pack → write, for `notes build`. */
export async function runBuild(notes: string, out: string, selection: Selection = {}, resources?: Resources): Promise<RunResult & { outputs: Output[] }> {
  const { project, resources: res } = await runValidate(notes, [], resources);
  const assets = await loadAssets(notes, referencedImages(project));
  const outputs = planBuild(project, selection, {
    templates: compileTemplates(res.templates),
    messages: res.messages,
    styles: res.styles,
    version: res.version,
    assets,
  });
  await writeOutputs(out, outputs);
  return { project, outputs, diagnostics: collectDiagnostics(allFiles(project)) };
}

function allFiles(project: Project) {
  return [...project.collections.map((c) => c.file), ...project.notes];
}
