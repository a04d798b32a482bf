import { expect } from 'vitest';
import { conceptNote, FORUM_YAML } from '../helpers/project.js';

// The hostile notes: each case is a note (or a folder, or an output folder) that someone could
// submit to a CI job running `notes build`. hostile.test.ts builds each one beside a valid note
// and asserts the same invariants for every case; a case lists what it must also be told.

/** What a case may use: the loopback listener, the canary and secret files outside the notes. */
export interface CaseContext {
  /** http://127.0.0.1:PORT of a listener that records every request. */
  base: string;
  /** A file that code run by a note would create (it must never exist). */
  canary: string;
  /** An absolute path to a secret file outside the notes folder. */
  secret: string;
  /** The secret file's content (it must never appear in any output). */
  token: string;
}

/** A diagnostic the case must report: its rule, its file (relative to the notes folder), its line. */
export interface Expected {
  rule: string;
  /** Default: c/evil.md. */
  file?: string;
  /** The line is the first line of the file that contains this text (omit for file-wide problems). */
  at?: string;
  /** Or the line number itself. */
  line?: number;
}

export interface HostileCase {
  name: string;
  /** Files of the notes folder, besides c/collection.yaml and c/good.md. */
  files?: Record<string, string | Uint8Array>;
  /** Symbolic links to make: path (relative to the project root) → target. */
  links?: Record<string, string>;
  /** Files of the project root (outside the notes folder) made before the build. */
  outside?: Record<string, string>;
  /** Arguments instead of the default `build --notes notes --out out`. */
  args?: (root: string) => string[];
  /** The build must refuse (exit 2) and write nothing. */
  refused?: boolean;
  /** What the build must report. */
  expect: Expected[];
  /** Text the standard error must contain (for problems that are not about a note). */
  stderr?: RegExp;
  /** Further checks of the result. */
  check?: (result: CaseResult) => void | Promise<void>;
}

/** What a case's check gets. */
export interface CaseResult {
  root: string;
  out: string;
  stdout: string;
  stderr: string;
  code: number;
  /** The HTML edition of the hostile note, when it was built. */
  html(): Promise<string | undefined>;
}

export const EVIL = 'c/evil.md';

/** A page's text as a reader sees it (character references decoded). */
export function text(html: string | undefined): string {
  return (html ?? '').replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, '&');
}

/** The valid test note, as workshop 2, with extra front matter lines or an extra body part. */
export function evil(parts: { fm?: string; body?: string; frontMatter?: string } = {}): string {
  const base = conceptNote(parts.frontMatter !== undefined ? { frontMatter: parts.frontMatter } : {}).replace('workshop: 1', 'workshop: 2');
  const withFm = parts.fm ? base.replace('\n---\n\n', `\n${parts.fm}\n---\n\n`) : base;
  return parts.body ? withFm.replace('Intro.', `Intro.\n\n${parts.body}\n`) : withFm;
}

/** The default front matter, as the lines of a YAML mapping, with workshop 2. */
export const FM = (conceptNote().split('\n---\n')[0] as string).replace(/^---\n/, '').replace('workshop: 1', 'workshop: 2');

/** The valid note's body. */
export const BODY = conceptNote().split('\n---\n\n')[1] as string;

/** A note whose front matter is `text` (a block fenced by `open`). */
export const fenced = (open: string, text: string): string => `${open}\n${text}\n---\n\n${BODY}`;

/** Code that would prove it ran: it creates the canary file. */
export const code = (ctx: CaseContext): string => `require('fs').writeFileSync(${JSON.stringify(ctx.canary)}, 'ran')`;

/** Front matter in JSON that would be valid if it were read. */
const JSON_FM = JSON.stringify({
  kind: 'concept-note',
  forum: 'test-forum',
  workshop: 2,
  title: 'JSON',
  languages: ['en'],
  organisers: [{ name: 'X' }],
  sessions: [{ title: 'Opening', minutes: 20 }],
  contacts: [{ name: 'A', email: 'a@un.org' }],
});

export function cases(ctx: CaseContext): HostileCase[] {
  const lang = (open: string): HostileCase => ({
    name: `front matter fenced as ${JSON.stringify(open)} is never evaluated`,
    files: { [EVIL]: fenced(open, `{ kind: (${code(ctx)}, 'concept-note') }`) },
    expect: [{ rule: 'front-matter-language', line: 1 }],
  });
  return [
    // ── Front matter in another language, under any spelling ────────────────────────────────
    lang('---js'),
    lang('---javascript'),
    lang('--- javascript'),
    lang('---JavaScript'),
    lang('---\tjs'),
    lang('---coffee'),
    {
      name: 'front matter fenced as ---json is not read either',
      files: { [EVIL]: fenced('---json', JSON_FM) },
      expect: [{ rule: 'front-matter-language', line: 1 }],
    },

    // ── Front matter that tries to steer the build ──────────────────────────────────────────
    {
      name: 'front matter cannot set the browser, its arguments or the output folder',
      files: {
        [EVIL]: evil({ fm: `browser: /bin/sh\nexecutablePath: /bin/sh\nargs: [--no-sandbox, --remote-debugging-port=9222]\nout: /tmp/owned\noutput: ../../owned` }),
      },
      expect: [
        { rule: 'schema-unknown-key', at: 'browser:' },
        { rule: 'schema-unknown-key', at: 'executablePath:' },
        { rule: 'schema-unknown-key', at: 'args:' },
        { rule: 'schema-unknown-key', at: 'out:' },
        { rule: 'schema-unknown-key', at: 'output:' },
      ],
    },
    {
      name: 'front matter cannot choose the template, the styles or the file name',
      files: { [EVIL]: evil({ fm: `template: ../../etc/passwd\nlayout: '{{> evil}}'\nstyles: 'body{background:url(${ctx.base}/css)}'\nslug: ../../../owned` }) },
      expect: [
        { rule: 'schema-unknown-key', at: 'template:' },
        { rule: 'schema-unknown-key', at: 'layout:' },
        { rule: 'schema-unknown-key', at: 'styles:' },
        { rule: 'schema-unknown-key', at: 'slug:' },
      ],
    },
    {
      name: 'a collection id cannot climb out of the output folder',
      files: {
        'd/collection.yaml': FORUM_YAML.replace('id: test-forum', 'id: ../../owned'),
        'd/w.md': conceptNote().replace('forum: test-forum', 'forum: ../../owned'),
      },
      expect: [
        { rule: 'schema-pattern', file: 'd/collection.yaml', line: 1 },
        { rule: 'schema-pattern', file: 'd/w.md', at: 'forum:' },
      ],
    },
    {
      name: 'a language tag cannot be a path',
      files: { [EVIL]: evil().replace('languages: [en]', 'languages: [../../owned]') },
      expect: [{ rule: 'schema-pattern', at: 'languages:' }],
    },

    // ── YAML that attacks the parser ────────────────────────────────────────────────────────
    {
      name: 'a YAML alias bomb (billion laughs) is refused before it expands',
      files: {
        [EVIL]: fenced(
          '---',
          `${FM}\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n${Array.from({ length: 9 }, (_, i) => `x${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`).join('\n')}`,
        ),
      },
      expect: [{ rule: 'yaml-alias', at: 'x0:' }],
    },
    {
      name: 'a self-referencing alias is refused',
      files: { [EVIL]: fenced('---', `${FM}\nloop: &loop [*loop]`) },
      expect: [{ rule: 'yaml-alias', at: 'loop:' }],
    },
    {
      name: '5,000 nested flow sequences finish with a diagnostic',
      files: { [EVIL]: fenced('---', `${FM}\ndeep: ${'['.repeat(5000)}${']'.repeat(5000)}`) },
      expect: [{ rule: 'limit-exceeded', at: 'deep:' }],
    },
    {
      name: '5,000 nested flow mappings finish with a diagnostic',
      files: { [EVIL]: fenced('---', `${FM}\ndeep: ${'{a: '.repeat(5000)}1${'}'.repeat(5000)}`) },
      expect: [{ rule: 'limit-exceeded', at: 'deep:' }],
    },
    {
      name: 'a merge key cannot pollute the prototype',
      files: { [EVIL]: fenced('---', `${FM}\nbase: &base {__proto__: {polluted: yes}}\nextra:\n  <<: *base`) },
      expect: [{ rule: 'yaml-alias', at: 'base:' }],
      check: () => {
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      },
    },
    {
      name: 'a __proto__ key is an unknown key, not a prototype',
      files: { [EVIL]: fenced('---', `${FM}\n__proto__:\n  polluted: yes\n  pdf: false`) },
      expect: [{ rule: 'schema-unknown-key', at: '__proto__:' }],
      check: () => {
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
        expect(({} as Record<string, unknown>)['pdf']).toBeUndefined();
      },
    },
    {
      name: 'a constructor.prototype key path changes nothing',
      files: { [EVIL]: fenced('---', `${FM}\nconstructor:\n  prototype:\n    polluted: yes`) },
      expect: [{ rule: 'schema-unknown-key', at: 'constructor:' }],
      check: () => {
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      },
    },
    {
      name: 'front matter that is a list is not a mapping',
      files: { [EVIL]: fenced('---', '- kind\n- concept-note') },
      expect: [{ rule: 'yaml-not-mapping', line: 2 }],
    },
    {
      name: 'front matter that is one string is not a mapping',
      files: { [EVIL]: fenced('---', '"{{constructor.constructor}}"') },
      expect: [{ rule: 'yaml-not-mapping', line: 2 }],
    },
    {
      name: 'a 10 MB front-matter block is refused unread',
      files: { [EVIL]: fenced('---', `${FM}\nabstract: ${'A'.repeat(10 * 1024 * 1024)}`) },
      expect: [{ rule: 'limit-exceeded' }],
    },
    {
      name: 'a hostile collection.yaml is refused and the other collection still builds',
      files: {
        'd/collection.yaml': `${FORUM_YAML.replace('test-forum', 'other-forum')}x: &x [a]\ny: *x\n`,
        'd/w.md': conceptNote().replace('test-forum', 'other-forum'),
      },
      expect: [{ rule: 'yaml-alias', file: 'd/collection.yaml', at: 'x: &x' }],
    },

    // ── Raw HTML ───────────────────────────────────────────────────────────────────────────
    ...(
      [
        ['script', `<script>fetch('${ctx.base}/script'); ${code(ctx)}</script>`],
        ['iframe', `<iframe src="file:///etc/passwd"></iframe><iframe srcdoc="<img src=${ctx.base}/srcdoc>"></iframe>`],
        ['object', `<object data="${ctx.base}/object" type="text/html"></object>`],
        ['embed', `<embed src="${ctx.base}/embed">`],
        ['svg with a script', `<svg xmlns="http://www.w3.org/2000/svg"><script>fetch('${ctx.base}/svg')</script><image href="${ctx.base}/svg-image"/></svg>`],
        ['on* attributes', `<img src="x" alt="x" onerror="fetch('${ctx.base}/onerror')"><p onclick="x()" onmouseover="y()">Hover.</p>`],
        ['meta refresh', `<meta http-equiv="refresh" content="0;url=${ctx.base}/refresh">`],
        ['base href', `<base href="${ctx.base}/base/">`],
        ['link and style sheets (CSS url() and @import)', `<link rel="stylesheet" href="${ctx.base}/link.css"><style>@import url(${ctx.base}/import.css); body { background: url(${ctx.base}/bg) }</style>`],
        ['an inline style with url()', `<p style="background-image: url(${ctx.base}/inline)">Styled.</p>`],
        ['picture sources (srcset)', `<picture><source srcset="file:///etc/passwd 1x, ${ctx.base}/srcset 2x"><img src="https://un.org/x.png" alt="x"></picture>`],
        ['a form', `<form action="${ctx.base}/form"><input name="q" autofocus onfocus="fetch('${ctx.base}/focus')"><button formaction="${ctx.base}/b">Go</button></form>`],
      ] as const
    ).map(
      ([what, html]): HostileCase => ({
        name: `raw HTML: ${what} is removed`,
        files: { [EVIL]: evil({ body: html }) },
        expect: [{ rule: 'html-removed', at: html.slice(0, 12) }],
        check: async (result) => {
          const page = (await result.html()) ?? '';
          expect(page).toContain('Intro.');
          expect(page).not.toMatch(/<(script|iframe|object|embed|meta|base|link|style|form|input|button)\b[^>]*(127\.0\.0\.1|passwd|refresh)/i);
          expect(page).not.toMatch(/\son[a-z]+=/i);
          expect(page).not.toMatch(/srcset|passwd/i);
          expect(page).not.toContain(`${ctx.base}/inline`);
        },
      }),
    ),

    // ── Dangerous URLs in links and images ──────────────────────────────────────────────────
    ...(
      [
        ['a javascript: link', `[click](javascript:fetch('${ctx.base}/js'))`],
        ['a JaVaScRiPt: link in mixed case', `[click](JaVaScRiPt:alert(1))`],
        ['a javascript: link hidden by a tab entity', `[click](<java&#x09;script:alert(1)>)`],
        ['a javascript: link behind leading control characters', `[click](<\u0001&#x20;javascript:alert(1)>)`],
        ['a javascript: link as a reference definition', `[r]: javascript:alert(1)\n\n[click][r]`],
        ['a vbscript: link', `[click](vbscript:msgbox)`],
        ['a data: link', `[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`],
        ['a data: image', `![pixel](data:image/svg+xml;base64,${Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" onload="fetch('${ctx.base}/svg')"><image href="${ctx.base}/svg-image"/></svg>`).toString('base64')})`],
        ['a raw <a href="javascript:">', `<a href="javascript:alert(1)">click</a>`],
        ['an image of file:///etc/passwd', `![passwd](file:///etc/passwd)`],
        ['a link to file:///etc/passwd', `[passwd](file:///etc/passwd)`],
        ['an image at an absolute path', `![secret](${ctx.secret})`],
        ['an image two folders up', `![secret](../../outside/secret.png)`],
        ['an image two folders up, percent-encoded', `![secret](%2e%2e/%2e%2e/outside/secret.png)`],
        ['an image on a \\\\localhost share', `![share](\\\\\\\\localhost\\\\c$\\\\secret.png)`],
        ['an image on the metadata address //169.254.169.254', `![meta](//169.254.169.254/latest/meta-data/)`],
        ['a raw image with a file: source', `<img src="file:///etc/passwd" alt="passwd">`],
      ] as const
    ).map(
      ([what, markdown]): HostileCase => ({
        name: `${what} is refused`,
        files: { [EVIL]: evil({ body: markdown }) },
        expect: [{ rule: markdown.startsWith('<a') ? 'html-removed' : 'link-outside', at: markdown.slice(0, 6) }],
      }),
    ),
    {
      name: 'an image on this machine (http://127.0.0.1:PORT) is never fetched',
      files: { [EVIL]: evil({ body: `![local](${ctx.base}/image.png)\n\n<img src="${ctx.base}/raw.png" alt="raw">` }) },
      expect: [
        { rule: 'image-remote', at: '![local]' },
        { rule: 'url-private', at: '![local]' },
      ],
    },
    {
      name: 'a link to this machine (http://127.0.0.1:PORT) is flagged and never followed',
      files: { [EVIL]: evil({ body: `[admin](${ctx.base}/admin) and [cloud](http://169.254.169.254/latest/) and [intranet](http://10.0.0.1/)` }) },
      expect: [{ rule: 'url-private', at: '[admin]' }],
    },

    // ── Values that look like Handlebars ────────────────────────────────────────────────────
    {
      name: 'front-matter values that look like Handlebars are printed literally',
      files: { [EVIL]: evil().replace('title: A Test Workshop', "title: '{{constructor.constructor \"return process\"}} {{> layout}}'") },
      expect: [{ rule: 'text-placeholder', at: 'title:' }],
      check: async (result) => {
        expect(text(await result.html())).toContain('{{constructor.constructor "return process"}} {{> layout}}');
      },
    },
    {
      name: 'body text that looks like Handlebars is printed literally',
      files: { [EVIL]: evil({ body: '{{#with "constructor"}}{{this}}{{/with}} and {{> note}} and {{{raw}}}' }) },
      expect: [{ rule: 'text-placeholder', at: '{{#with' }],
      check: async (result) => {
        expect(text(await result.html())).toContain('{{#with "constructor"}}{{this}}{{/with}} and {{> note}} and {{{raw}}}');
      },
    },

    // ── Pathological Markdown ───────────────────────────────────────────────────────────────
    {
      name: '50,000 [ on one line finish with a diagnostic',
      files: { [EVIL]: evil({ body: '['.repeat(50_000) }) },
      expect: [{ rule: 'limit-exceeded', at: '[[[[' }],
    },
    {
      name: '50,000 > on one line finish with a diagnostic',
      files: { [EVIL]: evil({ body: '>'.repeat(50_000) }) },
      expect: [{ rule: 'limit-exceeded', at: '>>>>' }],
    },
    {
      name: 'a 1,000-deep list finishes with a diagnostic',
      files: { [EVIL]: evil({ body: `${'- '.repeat(1000)}deep` }) },
      expect: [{ rule: 'limit-exceeded', at: '- - - ' }],
    },
    {
      name: 'a 1,000-deep block quote finishes with a diagnostic',
      files: { [EVIL]: evil({ body: `${'> '.repeat(1000)}deep` }) },
      expect: [{ rule: 'limit-exceeded', at: '> > > ' }],
    },

    // ── Encodings ───────────────────────────────────────────────────────────────────────────
    {
      name: 'invalid UTF-8 is refused',
      files: { [EVIL]: Buffer.concat([Buffer.from(evil({ body: 'Bad: ' })), Buffer.from([0xc3, 0x28, 0xff, 0xfe])]) },
      expect: [{ rule: 'file-encoding' }],
    },
    {
      name: 'NUL bytes are refused',
      files: { [EVIL]: evil({ body: 'Nul:\u0000here' }) },
      expect: [{ rule: 'file-encoding' }],
    },
    {
      name: 'UTF-16 is refused',
      files: { [EVIL]: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(evil(), 'utf16le')]) },
      expect: [{ rule: 'file-encoding' }],
    },
    {
      name: 'a byte-order mark does not move positions',
      files: { [EVIL]: `\uFEFF${evil().replace('email: ada@un.org', 'email: not-an-email')}` },
      expect: [{ rule: 'schema-format', at: 'email:' }],
    },
    {
      name: 'CRLF line ends do not move positions',
      files: { [EVIL]: evil().replace('email: ada@un.org', 'email: not-an-email').replace(/\n/g, '\r\n') },
      expect: [{ rule: 'schema-format', at: 'email:' }],
    },

    // ── Links on disk and output folders ────────────────────────────────────────────────────
    {
      name: 'a note that is a symbolic link out of the notes folder is not read',
      outside: { 'outside/linked.md': evil({ body: `Secret: ${ctx.token}` }) },
      links: { 'notes/c/evil.md': '../../outside/linked.md' },
      expect: [{ rule: 'file-symlink' }],
    },
    {
      name: 'an image that is a symbolic link to a secret is not read',
      files: { [EVIL]: evil({ body: '![logo](logo.png)' }) },
      links: { 'notes/c/logo.png': '../../outside/secret.png' },
      expect: [
        { rule: 'file-symlink', file: 'c/logo.png' },
        { rule: 'image-missing', at: '![logo]' },
      ],
    },
    {
      name: 'a folder that is a symbolic link out of the notes folder is not searched',
      outside: { 'outside/folder/w.md': evil({ body: `Secret: ${ctx.token}` }) },
      links: { 'notes/c/linked': '../../outside/folder' },
      expect: [{ rule: 'file-symlink', file: 'c/linked' }],
    },
    {
      name: 'the output folder cannot be the notes folder',
      args: (root) => ['build', '--notes', `${root}/notes`, '--out', `${root}/notes`],
      refused: true,
      expect: [],
      stderr: /is the notes folder/,
    },
    {
      name: 'the output folder cannot be inside the notes folder',
      args: (root) => ['build', '--notes', `${root}/notes`, '--out', `${root}/notes/c/out`],
      refused: true,
      expect: [],
      stderr: /inside the notes folder/,
    },
    {
      name: 'an output file planted as a symbolic link is replaced, its target untouched',
      outside: { 'outside/victim.html': 'VICTIM' },
      links: { 'out/test-forum/good/good.en.html': '../../../outside/victim.html' },
      expect: [],
      stderr: /good\.en\.html.*symbolic link/,
    },
    {
      name: 'an output folder planted as a symbolic link is replaced, its target untouched',
      outside: { 'outside/victim-dir/keep.txt': 'VICTIM' },
      links: { 'out/test-forum': '../outside/victim-dir' },
      expect: [],
      stderr: /test-forum.*symbolic link/,
    },
  ];
}
