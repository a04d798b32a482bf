import { homedir } from 'node:os';
import type { CaseContext, HostileCase } from './cases.js';

// Hostile cases of one class (options and output folders out of range or aliasing the notes), run by hostile.test.ts with the same invariants as every case.
// Each is refused with a usage error (exit 2) that names the option or the config key, and
// nothing is written anywhere: not in the notes (the snapshot of the project is unchanged), not
// in the output folder.

/** `notes build` of the case's notes folder with these options instead of the default --out. */
const build = (root: string, ...options: string[]): string[] => ['build', '--notes', `${root}/notes`, '--format', 'json', ...options];

/** `notes build` with the settings of the config file `notes.config.yaml` at the project's root. */
const configured = (root: string, ...options: string[]): string[] => ['build', '--config', `${root}/notes.config.yaml`, '--format', 'json', ...options];

/** The cases of this class. */
export function optionsCases(ctx: CaseContext): HostileCase[] {
  void ctx;
  const refused = (name: string, args: (root: string) => string[], stderr: RegExp, more: Partial<HostileCase> = {}): HostileCase => ({ name, args, refused: true, expect: [], stderr, ...more });
  const option = (flag: string, value: string, stderr: RegExp): HostileCase =>
    refused(`${flag} ${value} is refused with a usage error naming ${flag}`, (root) => build(root, '--out', `${root}/out`, flag, value), stderr);
  const setting = (yaml: string, stderr: RegExp, ...options: string[]): HostileCase => ({
    ...refused(`the config setting ${JSON.stringify(yaml)} is refused, naming the key`, (root) => configured(root, ...options), stderr),
    outside: { 'notes.config.yaml': `notes: notes\nout: out\n${yaml}\n` },
  });

  return [
    // ── --out that is the notes folder under another name (compared by real path) ────────────
    refused('--out through a symbolic link to the notes folder (alias/x) is inside the notes', (root) => build(root, '--out', `${root}/alias/x`), /inside the notes folder/, {
      links: { alias: 'notes' },
    }),
    refused('--out that is a symbolic link to the notes folder is the notes folder', (root) => build(root, '--out', `${root}/alias`), /is the notes folder/, {
      links: { alias: 'notes' },
    }),
    refused('--out through .. (notes/c/../../notes) is the notes folder', (root) => build(root, '--out', `${root}/notes/c/../../notes`), /is the notes folder/),
    refused('--out through a link and .. (up/.. where up is notes/c) is the notes folder, as the kernel resolves it', (root) => build(root, '--out', `${root}/up/..`), /is the notes folder/, {
      links: { up: 'notes/c' },
    }),
    refused('--out not yet made, below a link to a folder of the notes (deep/new/out)', (root) => build(root, '--out', `${root}/deep/new/out`), /inside the notes folder/, {
      links: { deep: 'notes/c' },
    }),
    refused('--notes given as a link, --out inside the real notes folder', (root) => ['build', '--notes', `${root}/alias`, '--out', `${root}/notes/out`], /inside the notes folder/, {
      links: { alias: 'notes' },
    }),
    refused('--out that contains the notes folder through a link (alias/..)', (root) => build(root, '--out', `${root}/alias/..`), /contains the notes folder/, {
      links: { alias: 'notes' },
    }),

    // ── --out that is not a folder one may write a build into ────────────────────────────────
    refused('--out naming an existing file', (root) => build(root, '--out', `${root}/afile`), /afile is a file, not a folder: choose another with --out/, {
      outside: { afile: 'keep me' },
    }),
    refused('--out below an existing file (afile/sub)', (root) => build(root, '--out', `${root}/afile/sub`), /afile is a file, not a folder/, {
      outside: { afile: 'keep me' },
    }),
    refused('--out naming a link to an existing file', (root) => build(root, '--out', `${root}/filelink`), /is a file, not a folder/, {
      outside: { afile: 'keep me' },
      links: { filelink: 'afile' },
    }),
    refused('--out /', (root) => build(root, '--out', '/'), /The output folder \/ is the root of the file system/),
    refused('--out //./ (the root, spelled otherwise)', (root) => build(root, '--out', '//./'), /is the root of the file system/),
    refused('--out the home folder', (root) => build(root, '--out', homedir()), /is your home folder/),
    refused('--out in /proc', (root) => build(root, '--out', '/proc/self/notes-out'), /in \/proc/),

    // ── Options out of range ─────────────────────────────────────────────────────────────────
    option('--timeout', '2147484', /--timeout.*2147484.*1 to 3600/),
    option('--timeout', '0', /--timeout.*1 to 3600/),
    option('--timeout', '-5', /--timeout/),
    option('--timeout', '1e3', /--timeout.*1 to 3600/),
    option('--timeout', '99999999999999999999', /--timeout.*1 to 3600/),
    option('--concurrency', '0', /--concurrency.*1 to 64/),
    option('--concurrency', '100000', /--concurrency.*1 to 64/),
    option('--concurrency', '1.5', /--concurrency.*1 to 64/),
    option('--shard', '0/2', /--shard.*1 ≤ i ≤ n ≤ 1000/),
    option('--shard', '3/2', /--shard.*1 ≤ i ≤ n ≤ 1000/),
    option('--shard', '1/0', /--shard/),
    option('--shard', '1/99999999999999999999', /--shard.*1 ≤ i ≤ n ≤ 1000/),
    option('--shard', '1.5/2', /--shard/),
    option('--workshop', '1000', /--workshop.*1 to 999/),

    // ── The same values from the config file: config-invalid at the key's line and column ────
    setting('timeout: 1e300', /notes\.config\.yaml:3:10 +error +The setting "timeout" should be 3600 or less, not 1e\+300\. +config-invalid/),
    setting('timeout: 2147484', /notes\.config\.yaml:3:10 +error +The setting "timeout" should be 3600 or less/),
    setting('timeout: .inf', /notes\.config\.yaml:3:10 +error +The setting "timeout" should be a whole number/),
    setting('concurrency: 1000', /notes\.config\.yaml:3:14 +error +The setting "concurrency" should be 64 or less/),
    setting('concurrency: 0', /notes\.config\.yaml:3:14 +error +The setting "concurrency" should be 1 or more/),

    // ── Folders from the config file: refused, naming the key ─────────────────────────────────
    {
      ...refused('the config setting notes: / is refused, naming the key (it would read /proc)', (root) => configured(root), /The notes folder \/ \("notes" in .*notes\.config\.yaml\) is the root of the file system/),
      outside: { 'notes.config.yaml': 'notes: /\nout: out\n' },
    },
    {
      ...refused('the config setting notes: /proc is refused, naming the key', (root) => configured(root), /"notes" in .*notes\.config\.yaml\) is in \/proc/),
      outside: { 'notes.config.yaml': 'notes: /proc\nout: out\n' },
    },
    {
      ...refused('the config setting out: / is refused, naming the key', (root) => configured(root), /The output folder \/ \("out" in .*notes\.config\.yaml\)/),
      outside: { 'notes.config.yaml': 'notes: notes\nout: /\n' },
    },
    {
      ...refused('the config setting out: alias (a link to the notes) is refused, naming the key', (root) => configured(root), /\("out" in .*notes\.config\.yaml\) is the notes folder: change "out" in/),
      outside: { 'notes.config.yaml': 'notes: notes\nout: alias\n' },
      links: { alias: 'notes' },
    },
  ];
}
