import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { open, readdir, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { configValidator } from '../config/load.js';
import { isExecutable, puppeteerBrowser } from '../print/find-browser.js';
import { load } from '../load/load.js';
import { loadResources, PACKAGE_ROOT } from '../load/resources.js';
import { checkOutputFolder } from '../write/write.js';
import type { Run } from './check.js';
import type { NotesSummary } from './folders.js';
import type { ResourceFile } from './resources.js';

/** Everything `notes doctor` looks at on this machine; tests pass fakes instead. */
export interface DoctorProbes {
  run: Run;
  nodeVersion: string;
  /** package.json's engines.node. */
  engines: string | undefined;
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  isExecutable: (file: string) => boolean;
  puppeteerBrowser: () => string | undefined;
  readNotes: (notes: string) => Promise<NotesSummary | undefined>;
  kindOf: (file: string) => Promise<'folder' | 'other' | undefined>;
  tryWrite: (folder: string) => Promise<void>;
  refusal: (out: string, notes: string) => Promise<string | undefined>;
  files: () => Promise<ResourceFile[]>;
  loadResources: typeof loadResources;
  configValidator: () => Promise<unknown>;
  /** The languages of the label files, templates/locales/*.json. */
  labelLanguages: () => Promise<string[]>;
  /** The stylesheets, templates/styles/*.css, joined. */
  stylesheet: () => Promise<string>;
}

/** How long a program run by the doctor may take (a browser's first start can be slow). */
const RUN_TIMEOUT_MS = 20_000;

/** The probes of this machine: real programs (run without a shell, with a timeout), files and folders. */
export async function systemProbes(env: Record<string, string | undefined>, root = PACKAGE_ROOT): Promise<DoctorProbes> {
  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { engines?: { node?: string } };
  const own = await puppeteerBrowser(env);
  return {
    run: (command, args) =>
      new Promise((resolve, reject) => {
        execFile(command, [...args], { timeout: RUN_TIMEOUT_MS, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, windowsHide: true }, (error, stdout) =>
          error ? reject(error) : resolve(stdout),
        );
      }),
    nodeVersion: process.versions.node,
    engines: pkg.engines?.node,
    env,
    platform: process.platform,
    isExecutable,
    puppeteerBrowser: () => own,
    readNotes,
    kindOf: async (file) => {
      const info = await stat(file).catch(() => undefined);
      return info === undefined ? undefined : info.isDirectory() ? 'folder' : 'other';
    },
    tryWrite: async (folder) => {
      const probe = path.join(folder, `.notes-doctor-${process.pid}-${randomUUID().slice(0, 8)}`);
      const handle = await open(probe, 'wx');
      await handle.close();
      await unlink(probe);
    },
    refusal: checkOutputFolder,
    files: () => resourceFiles(root),
    loadResources: () => loadResources(root),
    configValidator: () => configValidator(root),
    labelLanguages: async () => (await readdir(path.join(root, 'templates', 'locales'))).filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)).sort(),
    stylesheet: async () => {
      const dir = path.join(root, 'templates', 'styles');
      const names = (await readdir(dir)).filter((n) => n.endsWith('.css')).sort();
      return (await Promise.all(names.map((n) => readFile(path.join(dir, n), 'utf8')))).join('\n');
    },
  };
}

/** The notes folder's notes and its collections' languages; undefined when it is not a folder. */
async function readNotes(notes: string): Promise<NotesSummary | undefined> {
  if (!(await stat(notes).catch(() => undefined))?.isDirectory()) return undefined;
  const project = await load(notes);
  return {
    notes: project.notes.length,
    collections: project.collections.map((c) => {
      try {
        const languages = (parse(String(c.file.value)) as { languages?: unknown } | null)?.languages;
        return { languages: Array.isArray(languages) ? languages.filter((l): l is string => typeof l === 'string') : [] };
      } catch {
        return { languages: [] };
      }
    }),
  };
}

/** Every file of templates/, schemas/ and kinds/ a build reads, with its text. */
async function resourceFiles(root: string): Promise<ResourceFile[]> {
  const files: ResourceFile[] = [];
  for (const dir of ['templates', 'schemas', 'kinds']) {
    const names = (await readdir(path.join(root, dir), { recursive: true })).filter((n) => /\.(hbs|json|css|yaml)$/.test(n)).sort();
    for (const name of names) {
      const rel = `${dir}/${name.split(path.sep).join('/')}`;
      files.push({ path: rel, text: await readFile(path.join(root, rel), 'utf8') });
    }
  }
  return files;
}
