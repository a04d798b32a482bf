import type { VFile } from 'vfile';
import { hasErrors, report } from '../diagnostics/report.js';
import { kinds, type CollectionData, type Kind, type NoteData, type Project } from '../model/types.js';
import { checkBody } from './check-body.js';
import { checkCollectionIds, checkDateOrder, checkForums, collectionOf } from './check-project.js';
import { parseCollection, parseNote, type MarkdownParser } from './parse.js';
import { checkSchema, type Validators } from './schema.js';
import { placeOf } from './yaml-source.js';

/** What validation needs, built once per run. */
export interface ValidateContext {
  parser: MarkdownParser;
  validators: Validators;
}

/**
 * Parse and validate every collection and note of a project, in place: valid front matter lands in
 * `file.data.note` / `collection.data`, every problem becomes a message on its file.
 */
export function validateProject(project: Project, context: ValidateContext): void {
  for (const collection of project.collections) {
    const file = collection.file;
    if (hasErrors(file)) continue;
    parseCollection(file);
    const data = file.data.frontMatter;
    if (data && file.data.yaml && checkSchema(file, context.validators.collection, data, file.data.yaml)) {
      collection.data = data as unknown as CollectionData;
      checkDateOrder(file, collection.data.dates, ['dates']);
    }
  }
  checkCollectionIds(project.collections);

  for (const file of project.notes) {
    validateNote(file, project, context);
  }
  checkForums(project.notes, project.collections);
}

function validateNote(file: VFile, project: Project, context: ValidateContext): void {
  if (hasErrors(file)) return;
  parseNote(file, context.parser);
  const data = file.data.frontMatter;
  const source = file.data.yaml;
  if (!data || !source) return;

  const collection = collectionOf(file.data.relative ?? '', project.collections);
  if (!collection) {
    report(file, 'collection-missing', `This note is in no collection: put it in a folder with a collection.yaml (see README).`, { line: 1, column: 1 });
  } else if (collection.data) {
    file.data.collection = collection.data.id;
  }

  const kind = data['kind'];
  if (!isKind(kind)) {
    const place = placeOf(source, ['kind']) ?? { start: { line: 1, column: 1 }, end: { line: 1, column: 4 } };
    report(
      file,
      'kind-unknown',
      kind === undefined
        ? `The field \`kind\` is missing: add \`kind: concept-note\` (or ${kinds.slice(1).join(', ')}).`
        : `"${String(kind)}" is not a kind of note: use one of ${kinds.join(', ')}.`,
      place,
    );
    return;
  }
  const compiled = context.validators.kinds[kind];
  if (!checkSchema(file, compiled.validate, data, source)) return;
  const note = data as unknown as NoteData;
  file.data.note = note;
  if (note.kind === 'project-notification') {
    checkDateOrder(file, note.timing, ['timing']);
    if (note.closingDate > note.timing.start) {
      report(file, 'date-order', `The closing date ${note.closingDate} falls after the project starts (${note.timing.start}).`, placeOf(source, ['closingDate']));
    }
  }
  if (note.kind === 'project-summary') checkDateOrder(file, note.timeFrame, ['timeFrame']);
  checkBody(file, { files: project.files, sections: compiled.sections });
}

function isKind(value: unknown): value is Kind {
  return typeof value === 'string' && (kinds as readonly string[]).includes(value);
}
