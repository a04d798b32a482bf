import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { imageSize } from 'image-size';
import type { ImageSetting, LookSettings, ThemeSettings } from './settings.js';
import { rules } from '../diagnostics/catalog.js';
import type { Diagnostic } from '../diagnostics/report.js';
import { partialsCalled, templateProblem, type TemplateSources } from '../render/templates.js';
import { stylesheetProblems, stylesheetUrls, withUrlsInlined } from './stylesheet.js';
import { mergeLooks, pageRule, type Look, type Override, type Theme, type ThemeImage } from '../render/look.js';
import { FONT_TYPES, IMAGE_TYPES } from '../model/media-types.js';

/** Where the theme was written: the config file as the user sees it, and the place of a setting in it. */
export interface ThemeSource {
  file: string;
  placeOf: (keys: readonly (string | number)[]) => { line: number; column: number } | undefined;
}

/** The largest stylesheet, image or font a theme may use: an image of a cover, a font with its scripts. */
export const THEME_FILE_LIMIT = 16 * 1024 * 1024;

/** The media type of each kind of file a theme may use (images, and fonts in stylesheets). */
const MEDIA_TYPES: Readonly<Record<string, string>> = { ...IMAGE_TYPES, ...FONT_TYPES };

/**
 * Read the theme of the config: its stylesheets (with the fonts and images they use inlined, as
 * printing fetches nothing), its images and its template overrides, each checked. Every problem
 * is a diagnostic at its place, in the config or in the file at fault; the theme is returned only
 * when there is none.
 */
export async function loadTheme(settings: ThemeSettings, packageTemplates: TemplateSources, source: ThemeSource): Promise<{ theme: Theme } | { diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const problem = (file: string, at: { line: number; column: number } | undefined, message: string): void => {
    diagnostics.push({ file, line: at?.line ?? 1, column: at?.column ?? 1, endLine: null, endColumn: null, severity: rules['theme-invalid'].severity, ruleId: 'theme-invalid', message });
  };
  const inConfig = (keys: readonly (string | number)[], message: string): void => problem(source.file, source.placeOf(keys), message);

  const readLook = async (look: LookSettings, keys: readonly (string | number)[], outer: LookSettings = {}): Promise<Look> => {
    const sheets = look.stylesheet === undefined ? [] : Array.isArray(look.stylesheet) ? look.stylesheet : [look.stylesheet];
    // A collection that changes the paper or the margins keeps the project's other one.
    const page = look.paper === undefined && look.margins === undefined ? '' : pageRule(look.paper ?? outer.paper, look.margins ?? outer.margins);
    const css: string[] = [page];
    for (const [i, sheet] of sheets.entries()) {
      const at = Array.isArray(look.stylesheet) ? [...keys, 'stylesheet', i] : [...keys, 'stylesheet'];
      const text = await readText(sheet, at);
      if (text === undefined) continue;
      const found = stylesheetProblems(text);
      for (const p of found) problem(sheet, p, p.message);
      if (found.length > 0) continue;
      const files = new Map<string, string>();
      for (const url of stylesheetUrls(text)) {
        const target = path.join(path.dirname(sheet), decodeURIComponent(url.value.split(/[?#]/)[0] ?? ''));
        const type = MEDIA_TYPES[path.extname(target).slice(1).toLowerCase()];
        if (!type) {
          problem(sheet, url, `url(${url.value}) is not a font (WOFF2, WOFF, TTF, OTF) or an image (PNG, JPEG, GIF, WebP, SVG) that notes can put in the page.`);
          continue;
        }
        const bytes = await readBytes(target, () => problem(sheet, url, `url(${url.value}) points to ${target}, which does not exist or cannot be read.`));
        if (bytes) files.set(url.value, `data:${type};base64,${Buffer.from(bytes).toString('base64')}`);
      }
      css.push(`/* ${path.basename(sheet)} */\n${withUrlsInlined(text, files)}`);
    }
    const logo = look.logo && (await readImage(look.logo, [...keys, 'logo']));
    const cover = look.cover && (await readImage(look.cover, [...keys, 'cover']));
    return { css: css.filter(Boolean).join('\n'), ...(logo && { logo }), ...(cover && { cover }) };
  };

  const project = await readLook(settings, ['theme']);
  const collections: Record<string, Look> = {};
  for (const [id, look] of Object.entries(settings.collections ?? {})) {
    collections[id] = mergeLooks(project, await readLook(look, ['theme', 'collections', id], settings));
  }
  const overrides = settings.templates === undefined ? { templates: {}, partials: {}, overrides: [] } : await readOverrides(settings.templates);
  if (diagnostics.length > 0) return { diagnostics };
  const sheets = settings.stylesheet === undefined ? [] : Array.isArray(settings.stylesheet) ? settings.stylesheet : [settings.stylesheet];
  const used = [
    ...sheets.map((f) => `stylesheet ${f}`),
    ...(settings.logo ? [`logo ${settings.logo.src}`] : []),
    ...(settings.cover ? [`cover ${settings.cover.src}`] : []),
    ...(settings.paper ? [`paper ${settings.paper}`] : []),
    ...(settings.margins ? [`margins ${settings.margins}`] : []),
  ];
  return { theme: { ...overrides, used, project, collections } };

  async function readBytes(file: string, missing: () => void): Promise<Uint8Array | undefined> {
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      missing();
      return undefined;
    }
    if (info.size > THEME_FILE_LIMIT) {
      problem(file, undefined, `${file} is ${(info.size / 1048576).toFixed(1)} MB, more than the ${THEME_FILE_LIMIT / 1048576} MB a theme file may be.`);
      return undefined;
    }
    return readFile(file).catch(() => {
      missing();
      return undefined;
    });
  }

  async function readText(file: string, keys: readonly (string | number)[]): Promise<string | undefined> {
    const bytes = await readBytes(file, () => inConfig(keys, `The stylesheet ${file} does not exist or cannot be read.`));
    if (!bytes) return undefined;
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
    } catch {
      problem(file, undefined, 'The stylesheet is not UTF-8 text.');
      return undefined;
    }
  }

  async function readImage(image: ImageSetting, keys: readonly (string | number)[]): Promise<ThemeImage | undefined> {
    const type = MEDIA_TYPES[path.extname(image.src).slice(1).toLowerCase()];
    const bytes = await readBytes(image.src, () => inConfig([...keys, 'src'], `The image ${image.src} does not exist or cannot be read.`));
    if (!bytes || !type?.startsWith('image/')) return undefined;
    let size: { width?: number; height?: number };
    try {
      size = imageSize(bytes);
    } catch {
      size = {};
    }
    if (!size.width || !size.height) {
      inConfig([...keys, 'src'], `The image ${image.src} is not a ${type.slice(6).replace('+xml', '').toUpperCase()} whose size can be read${type === 'image/svg+xml' ? ' (give the svg element a width and height, or a viewBox)' : ''}.`);
      return undefined;
    }
    return { src: `data:${type};base64,${Buffer.from(bytes).toString('base64')}`, alt: image.alt, width: size.width, height: size.height };
  }

  async function readOverrides(folder: string): Promise<Pick<Theme, 'templates' | 'partials' | 'overrides'>> {
    const found: Pick<Theme, 'templates' | 'partials' | 'overrides'> = { templates: {}, partials: {}, overrides: [] };
    const top = await readdir(folder, { withFileTypes: true }).catch(() => undefined);
    if (!top) {
      inConfig(['theme', 'templates'], `The templates folder ${folder} does not exist or cannot be read.`);
      return found;
    }
    const sources: { name: string; kind: Override['kind']; file: string; text: string }[] = [];
    for (const entry of top.filter((e) => e.isFile() && e.name.endsWith('.hbs')).sort((a, b) => a.name.localeCompare(b.name))) {
      const name = entry.name.slice(0, -4);
      const file = path.join(folder, entry.name);
      if (!Object.hasOwn(packageTemplates.templates, name)) {
        problem(file, undefined, `${entry.name} is not one of the templates (${Object.keys(packageTemplates.templates).map((n) => `${n}.hbs`).join(', ')}); a partial goes in partials/.`);
        continue;
      }
      const text = await readBytes(file, () => problem(file, undefined, 'The template cannot be read.'));
      if (text) sources.push({ name, kind: 'template', file, text: Buffer.from(text).toString('utf8') });
    }
    const partialDir = path.join(folder, 'partials');
    const partials = await readdir(partialDir, { withFileTypes: true }).catch(() => []);
    for (const entry of partials.filter((e) => e.isFile() && e.name.endsWith('.hbs')).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(partialDir, entry.name);
      const text = await readBytes(file, () => problem(file, undefined, 'The partial cannot be read.'));
      if (text) sources.push({ name: entry.name.slice(0, -4), kind: 'partial', file, text: Buffer.from(text).toString('utf8') });
    }
    if (sources.length === 0) inConfig(['theme', 'templates'], `The templates folder ${folder} holds no template (name.hbs) and no partial (partials/name.hbs).`);
    for (const s of sources) {
      if (s.kind === 'template') found.templates[s.name] = s.text;
      else found.partials[s.name] = s.text;
      found.overrides.push({ name: s.name, kind: s.kind, file: s.file });
    }
    // Every template and partial in use, the project's over the package's: each must compile, and
    // every partial it calls must exist in one or the other.
    const known = new Set([...Object.keys(packageTemplates.partials), ...Object.keys(found.partials)]);
    for (const s of sources) {
      const wrong = templateProblem(s.text);
      if (wrong) {
        problem(s.file, wrong, `${wrong.message}.`);
        continue;
      }
      for (const call of partialsCalled(s.text)) {
        if (!known.has(call.name)) problem(s.file, call, `The partial "${call.name}" does not exist: the partials are ${[...known].sort().join(', ')} (a partial of the project goes in ${path.join(folder, 'partials', `${call.name}.hbs`)}).`);
      }
    }
    return found;
  }
}

/** The package's templates with the theme's overrides in their place: the project's win, file by file. */
export function withOverrides(sources: TemplateSources, theme: Theme | undefined): TemplateSources {
  if (!theme) return sources;
  return { templates: { ...sources.templates, ...theme.templates }, partials: { ...sources.partials, ...theme.partials } };
}

/** Every file and folder a theme reads (stylesheets, images, the templates folder), to watch for changes. */
export function themePaths(settings: ThemeSettings): string[] {
  const look = (l: LookSettings): string[] => [
    ...(l.stylesheet === undefined ? [] : Array.isArray(l.stylesheet) ? l.stylesheet : [l.stylesheet]),
    ...(l.logo ? [l.logo.src] : []),
    ...(l.cover ? [l.cover.src] : []),
  ];
  return [...new Set([...look(settings), ...Object.values(settings.collections ?? {}).flatMap(look), ...(settings.templates === undefined ? [] : [settings.templates])])];
}
