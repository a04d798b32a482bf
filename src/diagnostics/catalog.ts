/**
 * The catalog of every problem a user can cause: one permanent rule id each, its severity,
 * a sentence for the README, and the message it prints. Ids never change meaning once shipped.
 */

/** How bad a problem is: an error stops the note from being built, a warning does not. */
export type Severity = 'error' | 'warning';

/** One rule of the catalog. */
export interface Rule {
  readonly severity: Severity;
  /** What the rule checks, in one sentence, for the documentation. */
  readonly doc: string;
}

/** Every rule id `notes` can report, with its documentation. */
export const rules = {
  // Reading files
  'file-unreadable': { severity: 'error', doc: 'A note or collection file could not be read.' },
  'file-encoding': { severity: 'error', doc: 'A file is not valid UTF-8 text or contains NUL bytes.' },
  'name-unsafe': { severity: 'error', doc: "A note's file name cannot become an output name: it could read as a link scheme (`javascript:`), has characters unsafe in a path or address (`:` `%` `?` `#` `\\` control characters), starts with a dot or dash, ends like the collection's own files (`.html`, `.json`), is over 150 bytes, or differs from another note's only in case or Unicode normalisation." },
  'file-symlink': { severity: 'warning', doc: 'A symbolic link in the notes folder is not followed (it could lead outside the folder): what it points to is not read.' },
  'limit-exceeded': { severity: 'error', doc: 'A note is beyond a limit that keeps reading it quick: over 256 KB, a line or paragraph over 20,000 characters, lists or quotes nested over 32 deep, a paragraph with over 500 `*`/`_` marks, a front matter over 20,000 characters, or over 1,000 footnotes.' },
  // Front matter
  'front-matter-missing': { severity: 'error', doc: 'A note does not start with a `---` YAML front-matter block.' },
  'front-matter-language': { severity: 'error', doc: 'The front matter names a language other than YAML (`---js`, `---json` …); it is never evaluated.' },
  'front-matter-unclosed': { severity: 'error', doc: 'The front-matter block has no closing `---` line.' },
  'yaml-syntax': { severity: 'error', doc: 'The YAML of the front matter (or of collection.yaml) cannot be parsed.' },
  'yaml-not-mapping': { severity: 'error', doc: 'The front matter is not a set of `key: value` pairs.' },
  'yaml-alias': { severity: 'error', doc: 'The YAML uses anchors, aliases or merge keys (`&`, `*`, `<<`), which notes do not allow.' },
  'kind-unknown': { severity: 'error', doc: 'The `kind` key is missing or names no known kind of note.' },
  // Schema
  'schema-required': { severity: 'error', doc: 'A required front-matter field is missing.' },
  'schema-unknown-key': { severity: 'error', doc: 'A front-matter field is not part of the format (often a typo).' },
  'schema-type': { severity: 'error', doc: 'A front-matter value has the wrong type (text, number, list …).' },
  'schema-format': { severity: 'error', doc: 'A date, email address or web address is not written correctly.' },
  'schema-value': { severity: 'error', doc: 'A front-matter value is not one of the allowed values, or is out of range.' },
  'schema-pattern': { severity: 'error', doc: 'A front-matter value does not have the expected shape (an id, a code …).' },
  'schema-length': { severity: 'error', doc: 'A front-matter value or list is empty or has repeated items.' },
  // Collections and cross-note checks
  'collection-missing': { severity: 'error', doc: 'A note is not inside a folder with a collection.yaml.' },
  'collection-duplicate-id': { severity: 'error', doc: 'Two collections share the same id.' },
  'forum-mismatch': { severity: 'error', doc: "A concept note's `forum` is not the id of the collection its folder belongs to." },
  'forum-kind': { severity: 'error', doc: 'A concept note sits in a collection that is not a forum.' },
  'workshop-duplicate': { severity: 'error', doc: 'Two concept notes of one forum have the same workshop number.' },
  'date-outside-forum': { severity: 'error', doc: "A workshop's date falls outside the forum's dates." },
  'date-order': { severity: 'error', doc: 'A date range ends before it starts, or a closing date falls after the start.' },
  // Body
  'section-missing': { severity: 'warning', doc: "A section the kind expects (e.g. Objective) has no `##` heading that counts as it: one of the kind's headings, in English or in the note's language, numbered or not, in any case, or followed by more words (\"Background and mandate\"), in any order." },
  'heading-h1': { severity: 'error', doc: 'The body uses a `#` heading; the title comes from the front matter, body sections start at `##`.' },
  'text-before-section': { severity: 'warning', doc: 'Text comes before the first `##` section: the body starts with its first section, so move the text under one (e.g. `## Introduction`).' },
  'session-mismatch': { severity: 'error', doc: "A `### Session N: Title` heading does not match the front matter's `sessions`." },
  'footnote-undefined': { severity: 'error', doc: 'A footnote reference `[^x]` has no definition `[^x]: …`.' },
  'footnote-unused': { severity: 'warning', doc: 'A footnote definition is never referenced in the text.' },
  'link-missing': { severity: 'error', doc: 'A link points to a local file that does not exist.' },
  'image-missing': { severity: 'error', doc: 'An image (or the logo) points to a local file that does not exist.' },
  'image-alt': { severity: 'error', doc: 'An image has no alternative text for people who cannot see it.' },
  'link-outside': { severity: 'error', doc: 'A link or image points outside the notes folder, or uses a scheme other than http, https or mailto.' },
  'email-invalid': { severity: 'warning', doc: 'An email address in the body (a `mailto:` link, or an address written in the text) is not one valid address, checked as the contacts\' addresses are.' },
  'url-private': { severity: 'warning', doc: 'A link or image points at this computer or a private network (localhost, 127.0.0.1, 10.…, 192.168.…, 169.254.…), which readers cannot reach.' },
  'text-control': { severity: 'error', doc: 'Text holds a control character (ESC, NUL, a U+000B line break pasted from Word, a right-to-left override …), written as it is or as a YAML escape such as `"\\e"`: no page can show it. `notes validate --fix` removes those written as they are in a note (a pasted line break becomes a space).' },
  placeholder: { severity: 'warning', doc: 'A note still holds a placeholder `notes new` wrote ("Title of the workshop", "Name of …", a "Write here …" line, name@example.org, a project code XX-00-XX-XXX): replace it before the note is circulated (`--strict` makes it fail).' },
  'text-placeholder': { severity: 'warning', doc: 'Text still holds a placeholder in double braces (`{{…}}`); notes are not templates, so it is printed as written.' },
  'image-remote': { severity: 'warning', doc: 'An image is on the web: PDFs never fetch anything, so it is missing there; keep images in the notes folder.' },
  'html-removed': { severity: 'warning', doc: 'Raw HTML in the body was unsafe and has been removed from the output.' },
  // Language editions
  'translation-source-missing': { severity: 'error', doc: 'A language edition names a source note that does not exist or is not valid.' },
  'translation-fact': { severity: 'error', doc: 'A language edition sets a fact (date, number, email, id …) or a field the source does not have; facts come from the source.' },
  'translation-stale': { severity: 'warning', doc: 'The source note changed since the edition was translated: the changed segments need translating again.' },
  'translation-language': { severity: 'warning', doc: "A language edition's language is not among its collection's languages, so it is not built." },
  'uz-apostrophe': { severity: 'warning', doc: 'Uzbek Latin text uses a look-alike (\' ‘ ’ ` ´) where it writes ʻ (U+02BB, in oʻ gʻ) or ʼ (U+02BC, the tutuq); `notes validate --fix` corrects it.' },
  // Printing
  'print-failed': { severity: 'error', doc: 'A document could not be printed to PDF (the browser failed or took too long); the others were printed.' },
  'browser-missing': { severity: 'error', doc: 'No Chrome or Chromium browser was found to print PDFs.' },
  // Configuration (notes.config.json, .yaml or .yml)
  'config-syntax': { severity: 'error', doc: 'The config file cannot be parsed as YAML or JSON.' },
  'config-invalid': { severity: 'error', doc: 'A setting of the config file is unknown (often a typo) or has a value of the wrong type or range.' },
  'session-date': { severity: 'error', doc: "A session's date is not one of the days its workshop meets (a day, a range or separate days)." },
  'session-time': { severity: 'warning', doc: "The sessions' minutes add up to more than the hours the workshop states (on each of its days)." },
  'time-zone-unknown': { severity: 'warning', doc: 'A time zone is neither a name the time-zone data knows (Asia/Tashkent) nor an offset (UTC+5): its times cannot be shown in other zones or with summer time.' },
  'kind-invalid': { severity: 'error', doc: "A kind of note (a folder of the package's kinds/ or of the config's kinds folder) cannot be used: its kind.yaml, schema.json, template.hbs, partials or labels are missing, do not parse, or do not fit together." },
  'theme-invalid': { severity: 'error', doc: "The config's theme cannot be used: a stylesheet, image or templates folder is missing or unreadable, a stylesheet imports or links what printing cannot fetch, or a template override is unknown, does not parse or calls a partial or helper that does not exist." },
} as const satisfies Record<string, Rule>;

/** A rule id of the catalog. */
export type RuleId = keyof typeof rules;
