import { reason, type Check, type Run } from './check.js';

/** CSS generic families: always there, so nothing to check. */
const GENERIC = new Set(['serif', 'sans-serif', 'monospace', 'cursive', 'fantasy', 'system-ui', 'emoji', 'math', 'fangsong', 'ui-serif', 'ui-sans-serif']);

/**
 * The font stacks the stylesheet gives text in language `tag`: the family lists of its
 * `font-family` and `font` declarations, with the custom properties they use (`var(--serif)`)
 * taken from the rule for that language (`:root:lang(ar) { --serif: … }`) when there is one.
 * Families the stylesheet declares with `@font-face` are left out: it brings them itself.
 */
export function fontStacks(css: string, tag: string): string[][] {
  // A family a stylesheet brings itself (@font-face, as a theme's brand font) needs no installing.
  const brought = new Set<string>();
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/@font-face\s*\{[^{}]*\}/g, (face) => {
    const family = /font-family\s*:\s*([^;}]+)/.exec(face)?.[1]?.trim().replace(/^["']|["']$/g, '');
    if (family) brought.add(family.toLowerCase());
    return '';
  });
  const blocks = [...text.matchAll(/([^{}]*)\{([^{}]*)\}/g)].map((m) => ({ selector: (m[1] as string).trim(), body: m[2] as string }));
  const lower = tag.toLowerCase();
  const forTag = (selector: string): boolean | undefined => {
    const langs = [...selector.matchAll(/:lang\(\s*["']?([\w-]+)["']?\s*\)/g)].map((m) => (m[1] as string).toLowerCase());
    return langs.length === 0 ? undefined : langs.some((l) => lower === l || lower.startsWith(`${l}-`));
  };
  // A rule for the language (`:root:lang(ar)`) wins over the general one, as in the cascade.
  const property = (name: string): string => {
    let general: string | undefined;
    let specific: string | undefined;
    for (const block of blocks) {
      const match = forTag(block.selector);
      const found = new RegExp(`(?:^|[;\\s])${name}\\s*:\\s*([^;]+)`).exec(block.body)?.[1]?.trim();
      if (found === undefined || match === false) continue;
      if (match === true) specific = found;
      else general = found;
    }
    return specific ?? general ?? '';
  };
  const stacks: string[][] = [];
  for (const m of text.matchAll(/(?<![-\w])(font-family|font)\s*:\s*([^;}]+)/g)) {
    let value = (m[2] as string).replace(/var\((--[\w-]+)\)/g, (_, name: string) => property(name));
    // The `font` shorthand puts style, weight and size before the families.
    if (m[1] === 'font') value = value.replace(/^.*?\d[\w.%]*(?:\/[\w.%]+)?\s+/, '');
    const stack = value
      .split(',')
      .map((raw) => raw.trim().replace(/^["']|["']$/g, ''))
      .filter((family) => family !== '' && !GENERIC.has(family.toLowerCase()) && !brought.has(family.toLowerCase()));
    if (stack.length > 0 && !stacks.some((s) => s.join(',') === stack.join(','))) stacks.push(stack);
  }
  return stacks;
}

/** What a language asks of a font: a fontconfig pattern, and the letters that matter most. */
export interface FontNeed {
  tag: string;
  /** The language's English name, e.g. Uzbek (Latin). */
  label: string;
  /** A fontconfig pattern, e.g. `:lang=uz:charset=2bb 2bc`. */
  pattern: string;
  /** The letters named in the report, when the pattern checks specific ones. */
  letters?: string;
}

/**
 * What the language `tag` needs: fontconfig's orthography for the language, and for Uzbek the
 * letters generic orthographies miss: ʻ (U+02BB) and ʼ (U+02BC) in Latin; ў қ ғ ҳ (and their
 * capitals, with the Russian alphabet) in Cyrillic.
 */
export function fontNeed(tag: string): FontNeed {
  let label = tag;
  let script = '';
  try {
    label = new Intl.DisplayNames(['en'], { type: 'language' }).of(tag) ?? tag;
    script = new Intl.Locale(tag).maximize().script ?? '';
  } catch {
    // Not a valid tag: checked as a bare language code below.
  }
  const language = (tag.split('-')[0] ?? tag).toLowerCase();
  if (language === 'uz' && script === 'Cyrl') {
    return { tag, label, pattern: ':charset=401 40e 410-44f 451 45e 492 493 49a 49b 4b2 4b3', letters: 'ў қ ғ ҳ' };
  }
  if (language === 'uz') return { tag, label, pattern: ':lang=uz:charset=2bb 2bc', letters: 'ʻ ʼ' };
  return { tag, label, pattern: `:lang=${language}` };
}

/** The Debian package of each family the stylesheet asks for. */
const PACKAGES: Record<string, string> = {
  'Noto Serif': 'fonts-noto-core',
  'Noto Sans': 'fonts-noto-core',
  'Noto Naskh Arabic': 'fonts-noto-core',
  'Noto Sans Arabic': 'fonts-noto-core',
  'Droid Sans Fallback': 'fonts-droid-fallback',
  'DejaVu Serif': 'fonts-dejavu-core',
  'DejaVu Sans': 'fonts-dejavu-core',
};

/**
 * Families that can stand in for one the stylesheet asks for, and their package: Noto CJK covers
 * Chinese as Droid Sans Fallback does (though Chromium embeds it as Type 3 fonts, see document.css).
 */
const STAND_INS: Record<string, { families: RegExp; package: string }> = {
  'Droid Sans Fallback': { families: /^Noto (Sans|Serif) CJK/, package: 'fonts-noto-cjk' },
};

/** The family names of `fc-list … family` output (one font a line, its names comma-separated). */
export function parseFamilies(output: string): Set<string> {
  return new Set(output.split('\n').flatMap((line) => line.split(/(?<!\\),/).map((f) => f.trim().replace(/\\,/g, ','))).filter(Boolean));
}

/**
 * Fonts: for each language, whether the family each of the stylesheet's stacks puts first for it
 * is installed and covers the language (fontconfig's `fc-list`); else the Debian package to install.
 */
export async function checkFonts(probe: { run: Run; platform: NodeJS.Platform }, languages: readonly string[], css: string): Promise<Check[]> {
  let installed: Set<string>;
  try {
    installed = parseFamilies(await probe.run('fc-list', [':', 'family']));
  } catch (error) {
    const missing = (error as { code?: unknown }).code === 'ENOENT';
    if (missing && probe.platform !== 'linux') {
      return [{ name: 'fonts', status: 'skip', detail: 'fontconfig (fc-list) is not installed, so fonts are not checked on this system.' }];
    }
    return [
      {
        name: 'fonts',
        status: 'fail',
        detail: missing
          ? 'fc-list is not installed, so no font can be checked (Chromium needs fontconfig too): install fontconfig (sudo apt-get install fontconfig).'
          : `fc-list failed (${reason(error)}): reinstall fontconfig (sudo apt-get install --reinstall fontconfig).`,
      },
    ];
  }
  const checks: Check[] = [];
  for (const tag of languages) {
    const need = fontNeed(tag);
    const covering = parseFamilies(await probe.run('fc-list', [need.pattern, 'family']).catch(() => ''));
    checks.push(fontCheck(need, covering, installed, fontStacks(css, tag)));
  }
  return checks;
}

/** The check of one language, from what fontconfig says covers it and the stylesheet's stacks for it. Pure. */
export function fontCheck(need: FontNeed, covering: ReadonlySet<string>, installed: ReadonlySet<string>, stacks: readonly string[][]): Check {
  const name = `fonts for ${need.tag}, ${need.label}${need.letters ? ` with ${need.letters}` : ''}`;
  const asked = [...new Set(stacks.map((stack) => stack[0] as string))];
  const used: string[] = [];
  const problems: string[] = [];
  const packages: string[] = [];
  for (const family of asked) {
    if (covering.has(family)) {
      used.push(family);
      continue;
    }
    const standIn = STAND_INS[family];
    const other = standIn ? [...covering].sort().find((f) => standIn.families.test(f)) : undefined;
    if (other) {
      used.push(`${other} (for ${family})`);
      continue;
    }
    problems.push(installed.has(family) ? `${family} has no ${need.letters ?? `letters for ${need.label}`}` : `${family} is not installed`);
    packages.push(...[PACKAGES[family], standIn?.package].filter((p): p is string => p !== undefined));
  }
  if (asked.length === 0) return { name, status: 'fail', detail: `the stylesheet names no font: check font-family in templates/styles/.` };
  if (problems.length === 0) return { name, status: 'ok', detail: `${[...new Set(used)].join(', ')}` };
  const fallback = [...stacks.flat().filter((f) => covering.has(f)), ...[...covering].sort()][0];
  const install = [...new Set(packages)];
  const fix = install.length > 0 ? `install ${install.join(' or ')} (sudo apt-get install ${install[0]})` : `install a font with ${need.letters ?? `letters for ${need.label}`}`;
  return { name, status: 'fail', detail: `${problems.join(', ')}${fallback ? ` (PDFs fall back to ${fallback})` : ', and no other font covers it'}: ${fix}.` };
}
