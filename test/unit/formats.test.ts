import { describe, expect, it } from 'vitest';
import { FORMATS, inFormat } from '../../src/formats/formats.js';
import { planBuild } from '../../src/pack/pack.js';
import { runValidate } from '../../src/pipeline/index.js';
import { compileTemplates } from '../../src/render/templates.js';

describe('output formats', () => {
  it('names a document in another format by its extension only', () => {
    expect(inFormat('unpsf-2025/workshop-7/workshop-7.en.html', FORMATS.pdf)).toBe('unpsf-2025/workshop-7/workshop-7.en.pdf');
    expect(inFormat('a.html.d/a.en.pdf', FORMATS.html)).toBe('a.html.d/a.en.html');
    expect(inFormat('notes', FORMATS.pdf)).toBe('notes.pdf');
  });

  it('marks every document of the plan with its format, so nothing downstream tests a file name', async () => {
    const { project, resources } = await runValidate('notes', [], undefined, { memo: false });
    const outputs = planBuild(project, {}, { templates: compileTemplates(resources.templates), messages: resources.messages, kinds: resources.kinds, styles: resources.styles, version: resources.version, assets: new Map() });
    expect(outputs.length).toBeGreaterThan(10);
    for (const o of outputs) expect([o.path, o.format]).toEqual([o.path, 'html']);
  });
});
