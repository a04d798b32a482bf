import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuild } from '../../src/pipeline/index.js';
import { conceptNote, FORUM_YAML, testdir } from '../helpers/project.js';
import { page } from '../helpers/html.js';
import { pdfFonts, pdfText } from '../helpers/pdf.js';

function edition(lang: string, title: string, session: string, body: string): string {
  return `---
translation:
  source: w1.md
  lang: ${lang}
  status: translated
  segments: {}
title: ${title}
sessions:
  - title: ${session}
---

${body}
`;
}

describe('editions in other scripts', () => {
  it('prints Arabic right-to-left in an Arabic font, and Chinese in a CJK font, with their own labels and dates', async () => {
    const dir = await testdir({
      'c/collection.yaml': FORUM_YAML.replace('languages: [en]', 'languages: [en, ar, zh]'),
      'c/w1.md': conceptNote(),
      'c/w1.ar.md': edition('ar', 'حلقة عمل تجريبية', 'الافتتاح', '## مقدمة\n\nنص المقدمة.\n\n## الهيكل\n\n### الجلسة 1: الافتتاح\n\nنص.'),
      'c/w1.zh.md': edition('zh', '测试研讨会', '开幕', '## 导言\n\n导言正文。\n\n## 结构\n\n### 第1环节：开幕\n\n正文。'),
    });
    const out = await mkdtemp(path.join(tmpdir(), 'notes-scripts-'));
    const { diagnostics } = await runBuild(dir, out, { env: {} });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);

    const ar = page(await readFile(path.join(out, 'test-forum/w1/w1.ar.html'), 'utf8'));
    expect(ar.one('html')?.properties).toMatchObject({ lang: 'ar', dir: 'rtl' });
    expect(ar.text('.doc-kind')).toBe('مذكرة مفاهيمية');
    expect(ar.text('.collection-meta')).toContain('2025');
    expect(ar.text('h3.session-heading')).toBe('الجلسة 1: الافتتاح (20 دقيقة)');
    const arFonts = (await pdfFonts(path.join(out, 'test-forum/w1/w1.ar.pdf'))).map((f) => f.name);
    expect(arFonts.some((f) => /Arabic/.test(f))).toBe(true);
    expect(await pdfText(path.join(out, 'test-forum/w1/w1.ar.pdf'))).toContain('مذكرة مفاهيمية');

    const zh = page(await readFile(path.join(out, 'test-forum/w1/w1.zh.html'), 'utf8'));
    expect(zh.one('html')?.properties).toMatchObject({ lang: 'zh', dir: 'ltr' });
    expect(zh.text('.doc-kind')).toBe('概念说明');
    expect(zh.text('h3.session-heading')).toBe('第1环节：开幕 (20分钟)');
    const zhFonts = await pdfFonts(path.join(out, 'test-forum/w1/w1.zh.pdf'));
    expect(zhFonts.some((f) => /DroidSansFallback/.test(f.name))).toBe(true);
    expect(zhFonts.filter((f) => !f.embedded || f.type.startsWith('Type 3'))).toEqual([]);
    expect(await pdfText(path.join(out, 'test-forum/w1/w1.zh.pdf'))).toContain('导言正文');
  }, 120_000);
});
