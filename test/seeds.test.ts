import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { select, selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Output } from '../src/pack/pack.js';
import { runBuild } from '../src/pipeline/index.js';
import type { Diagnostic } from '../src/diagnostics/report.js';
import { page, type Page } from './helpers/html.js';

// The five real documents in notes/, built once; each test reads what a reader would see.
let outputs: Output[];
let diagnostics: Diagnostic[];
let out: string;

async function html(rel: string): Promise<Page> {
  return page(await readFile(path.join(out, rel), 'utf8'));
}

beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'notes-seeds-'));
  ({ outputs, diagnostics } = await runBuild('notes', out, { pdf: false }));
});

describe('the sample notes', () => {
  it('validate with no diagnostics at all', () => {
    expect(diagnostics).toEqual([]);
  });

  it('build every note, combined document and index', () => {
    expect(outputs.filter((o) => o.path.endsWith('.html')).map((o) => o.path).sort()).toEqual([
      'apo/apo.en.html',
      'apo/index.html',
      'apo/notification-327/notification-327.en.html',
      'desa-dpidg/desa-dpidg.en.html',
      'desa-dpidg/index.html',
      'desa-dpidg/omnichannel-service-delivery/omnichannel-service-delivery.en.html',
      'index.html',
      'unpsf-2025/index.html',
      'unpsf-2025/unpsf-2025.en.html',
      'unpsf-2025/unpsf-2025.uz-Cyrl.html',
      'unpsf-2025/unpsf-2025.uz-Latn.html',
      'unpsf-2025/workshop-1/workshop-1.en.html',
      'unpsf-2025/workshop-2/workshop-2.en.html',
      'unpsf-2025/workshop-7/workshop-7.en.html',
      'unpsf-2025/workshop-7/workshop-7.uz-Cyrl.html',
      'unpsf-2025/workshop-7/workshop-7.uz-Latn.html',
    ]);
  });
});

describe('Workshop 7 concept note', () => {
  it('is an English page with a title naming the workshop and the forum', async () => {
    const p = await html('unpsf-2025/workshop-7/workshop-7.en.html');
    expect(p.one('html')?.properties['lang']).toBe('en');
    expect(p.text('title')).toBe(
      'Workshop 7: The Next Generation of Public Service: Innovation, Technology, and Citizen-Centric Solutions — 2025 UN Public Service Forum',
    );
    expect(p.text('h1')).toBe('Workshop 7: The Next Generation of Public Service: Innovation, Technology, and Citizen-Centric Solutions');
    expect(p.text('.doc-title .eyebrow')).toBe('Workshop 7:');
    expect(p.text('.collection-meta')).toBe('Samarkand, Republic of Uzbekistan · 23–25 June 2025');
    expect(p.all('main')).toHaveLength(1);
  });

  it('lists the five sessions with their minutes and a total of 165 minutes', async () => {
    const p = await html('unpsf-2025/workshop-7/workshop-7.en.html');
    expect(p.all('table.sessions tbody tr')).toHaveLength(5);
    expect(p.texts('table.sessions tbody td:nth-child(2)')).toEqual([
      'Opening Remarks & Keynote Speech',
      'Panel Discussion',
      'Interactive Breakout Sessions',
      'Presentation of Breakout Outcomes',
      'Q&A and Closing Session',
    ]);
    expect(p.texts('table.sessions tbody td.num')).toEqual(['20 minutes', '50 minutes', '60 minutes', '20 minutes', '15 minutes']);
    expect(p.text('table.sessions tfoot th')).toBe('Total');
    expect(p.text('table.sessions tfoot td')).toBe('165 minutes');
    // The body's session headings carry the minutes from the front matter.
    expect(p.texts('h3.session-heading')[2]).toBe('Session 3: Interactive Breakout Sessions (60 minutes)');
  });

  it('names the organisers and the languages', async () => {
    const p = await html('unpsf-2025/workshop-7/workshop-7.en.html');
    expect(p.text('.doc-header .organised-by')).toBe(
      'Organised by Digital Government Projects Management Center of the Republic of Uzbekistan in collaboration with UNU-EGOV',
    );
    expect(p.text('.facts td')).toBe('English and Uzbek');
    expect(p.texts('.body strong')).toContain('UNU-EGOV');
  });

  it('gives the contact person with a mailto link', async () => {
    const p = await html('unpsf-2025/workshop-7/workshop-7.en.html');
    expect(p.text('.contacts h2')).toBe('Contact Persons');
    expect(p.text('.contact-name')).toBe('Mr. Dilshat Saitov');
    expect(p.text('.contact-role')).toBe('Head of the Department');
    expect(p.texts('.contact-org')).toEqual([
      'Digital Government Project Office',
      'Digital Government Projects Management Center',
      'The Republic of Uzbekistan',
    ]);
    expect(p.one('.contact-email a')?.properties['href']).toBe('mailto:d.saitov@egov.uz');
  });

  it('keeps the six focus themes and every section in order', async () => {
    const p = await html('unpsf-2025/workshop-7/workshop-7.en.html');
    expect(p.texts('.body h2')).toEqual(['Introduction', 'Objective', 'Focus', 'Structure', 'Organisational Details']);
    expect(p.all('.body section:nth-of-type(3) ul li')).toHaveLength(6);
    expect(p.all('section[aria-labelledby]').length).toBeGreaterThanOrEqual(5);
  });
});

describe('Workshop 2 concept note', () => {
  const targets: Record<string, string[]> = {
    '2': ['https://desapublications.un.org/sites/default/files/publications/2022-09/Chapter%204.pdf'],
    '3': ['https://www.ictworks.org/inclusive-digital-transformation-government-services/'],
    '4': ['https://www.ictworks.org/inclusive-digital-transformation-government-services/'],
    '5': ['https://centrethinktank.co.uk/2024/04/public-services-and-digital-inclusion'],
    '6': ['https://www.weforum.org/stories/2024/01/digital-inclusion/'],
    '7': [
      'https://www.digitalinclusion.org/digital-inclusion-week-2025/',
      'https://www.itu.int/en/mediacentre/backgrounders/Pages/digital-inclusion-of-all.aspx',
    ],
    '8': ['https://desapublications.un.org/sites/default/files/publications/2022-09/Chapter%204.pdf'],
    '9': ['https://publicadministration.un.org/egovkb/en-us/Reports/UN-E-Government-Survey-2024'],
  };

  it('has the eight footnotes of the source, each with its web addresses and a way back', async () => {
    const p = await html('unpsf-2025/workshop-2/workshop-2.en.html');
    const items = p.all('section.footnotes li');
    expect(items).toHaveLength(8);
    for (const [label, urls] of Object.entries(targets)) {
      const item = p.one(`section.footnotes li#workshop-2--fn-${label}`);
      expect(item, `footnote ${label}`).toBeDefined();
      const hrefs = selectAll('a', item!).map((a) => a.properties['href']);
      expect(hrefs.filter((h) => String(h).startsWith('http'))).toEqual(urls);
      expect(hrefs).toContain(`#workshop-2--fnref-${label}`);
      // And the reference in the text points at it.
      expect(p.one(`a#workshop-2--fnref-${label}`)?.properties['href']).toBe(`#workshop-2--fn-${label}`);
    }
    expect(p.text('section.footnotes h2')).toBe('Notes');
  });

  it('prints the code DGB, the organiser chain, and two contact persons', async () => {
    const p = await html('unpsf-2025/workshop-2/workshop-2.en.html');
    expect(p.text('.doc-title .eyebrow')).toBe('Workshop 2 (DGB):');
    expect(p.text('.doc-header .organised-by')).toBe(
      'Organised by Digital Government Branch (DGB) / Division for Public Institutions and Digital Government (DPIDG) / United Nations Department of Economic and Social Affairs (UN DESA)',
    );
    expect(p.texts('.contact-name')).toEqual(['Ms. Arpine Korekyan', 'Ms. Madeleine Losch']);
    expect(p.all('.contact-email a').map((a) => a.properties['href'])).toEqual(['mailto:korekyan@un.org', 'mailto:loschm@un.org']);
  });

  it('keeps the three guiding questions of Session 3 as an ordered list', async () => {
    const p = await html('unpsf-2025/workshop-2/workshop-2.en.html');
    expect(p.text('.body h4')).toBe('Guiding questions');
    expect(p.all('.body ol > li')).toHaveLength(3);
  });
});

describe('Workshop 1 concept note', () => {
  it('has six sessions without minutes, and five guiding questions for Session 5', async () => {
    const p = await html('unpsf-2025/workshop-1/workshop-1.en.html');
    expect(p.all('table.sessions tbody tr')).toHaveLength(6);
    expect(p.one('table.sessions tfoot')).toBeUndefined();
    const lists = p.all('.body ol').map((ol) => ol.children.filter((c) => c.type === 'element').length);
    expect(lists).toEqual([4, 3, 3, 3, 5]);
    expect(p.texts('.contact-name')).toEqual(['Ms. Victoria Kim', "Ms. Melanie Prud'Homme"]);
  });
});

describe('APO project notification', () => {
  it('prints every record field of the notification', async () => {
    const p = await html('apo/notification-327/notification-327.en.html');
    const facts = Object.fromEntries(
      p.all('table.facts tr').map((row) => [toString(select('th', row)!).trim(), toString(select('td', row)!).trim()]),
    );
    expect(p.text('.eyebrow')).toBe('Reference No.: 327');
    expect(facts).toEqual({
      'Date of Issue': '22 April 2024',
      'Project Code': '24-IP-07-GE-WSP-A',
      Title: 'Workshop on Innovations in Public Service Delivery',
      Timing: '11–13 June 2024',
      'Hosting Country(ies)': 'Republic of Korea',
      'Venue City(ies)': 'Not Applicable',
      Modality: 'Online',
      'Implementing Organization(s)': 'Korea Productivity Center and APO Secretariat',
      'Participating Country(ies)': 'All Member Countries',
      'Overseas Participants': '38',
      'Local Participants': '12',
      'Closing Date': '27 May 2024',
      Remarks: 'Not Applicable',
    });
  });

  it('keeps the six narrative sections, the closing sentence and the signature', async () => {
    const p = await html('apo/notification-327/notification-327.en.html');
    expect(p.texts('.body h2')).toEqual(['Objectives', 'Rationale', 'Background', 'Topics', 'Outcome', 'Qualifications']);
    expect(p.all('.body section:nth-of-type(3) p')).toHaveLength(2);
    expect(p.text('.body > p:last-child')).toBe('Please refer to the implementation procedures circulated with this document for further details.');
    expect(p.text('.signatory-name')).toBe('Dr. Indra Pradana Singawinata');
    expect(p.text('.signatory-title')).toBe('Secretary-General');
  });
});

describe('DESA project summary', () => {
  it('lists the partner commissions, the time frame and the target countries', async () => {
    const p = await html('desa-dpidg/omnichannel-service-delivery/omnichannel-service-delivery.en.html');
    const partners = p.texts('table.facts tr:nth-child(4) li');
    expect(partners).toHaveLength(8);
    for (const commission of [
      'Economic Commission for Latin America & the Caribbean (ECLAC)',
      'Economic and Social Commission for Asia and the Pacific (ESCAP)',
      'United Nations Economic Commission for Africa (UNECA)',
      'Economic and Social Commission for Western Asia (ESCWA)',
    ]) {
      expect(partners).toContain(commission);
    }
    expect(p.text('table.facts tr:nth-child(3) td')).toBe('March 2025 – March 2027');
    expect(p.texts('table.facts tr:nth-child(5) li')[0]).toMatch(/Least Developed Countries \(LDCs\), Landlocked Developing Countries \(LLDCs\), and Small Islands Developing States \(SIDS\)\.$/);
    expect(p.text('table.facts tr:nth-child(1) td')).toBe("UN DESA's Division for Public Institutions and Digital Government (DPIDG)");
  });

  it('keeps the six key activities and the two expected outcomes, and both contacts', async () => {
    const p = await html('desa-dpidg/omnichannel-service-delivery/omnichannel-service-delivery.en.html');
    expect(p.texts('.body h2')).toEqual([
      'Brief Description of Project',
      'Objectives',
      'Link to the 2030 Agenda and the SDGs',
      'Main activities envisioned',
      'Expected results',
    ]);
    expect(p.all('.body section:nth-of-type(4) li')).toHaveLength(6);
    expect(p.texts('.body section:nth-of-type(5) li').map((t) => t.slice(0, 4))).toEqual(['(i) ', '(ii)']);
    expect(p.text('.contacts h2')).toBe('Contact information');
    expect(p.all('.contact-email a').map((a) => a.properties['href'])).toEqual([
      'mailto:alberti@un.org',
      'mailto:cristina.rodriguezacosta@un.org',
    ]);
  });
});

describe('the combined forum document', () => {
  it('lists the three workshops in number order in the programme, the contents and the chapters', async () => {
    const p = await html('unpsf-2025/unpsf-2025.en.html');
    expect(p.text('h1')).toBe('2025 United Nations Public Service Forum');
    expect(p.text('.cover-theme')).toBe('Five Years to 2030: Accelerating Public Service Delivery for a Sustainable Future');
    expect(p.texts('.programme-item .eyebrow')).toEqual(['Workshop 1', 'Workshop 2 (DGB)', 'Workshop 7']);
    expect(p.texts('.toc li')).toEqual([
      'Workshop 1: Creating an Enabling Environment for Public Sector Innovation',
      'Workshop 2 (DGB): Digital Government for Inclusive Service Delivery',
      'Workshop 7: The Next Generation of Public Service: Innovation, Technology, and Citizen-Centric Solutions',
      'Contact directory',
    ]);
    expect(p.all('.chapter article').map((a) => a.properties['id'])).toEqual(['workshop-1', 'workshop-2', 'workshop-7']);
    expect(p.texts('.programme-total')).toEqual(['Total: 165 minutes']);
  });

  it('demotes chapter headings under the cover and keeps ids unique', async () => {
    const p = await html('unpsf-2025/unpsf-2025.en.html');
    expect(p.all('h1')).toHaveLength(1);
    expect(p.texts('.chapter h2.doc-title')).toHaveLength(3);
    const ids = p.all('[id]').map((e) => String(e.properties['id']));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has a contact directory of the five contact persons, each linked to their workshop', async () => {
    const p = await html('unpsf-2025/unpsf-2025.en.html');
    expect(p.texts('.directory tbody td:first-child')).toEqual([
      'Ms. Victoria Kim',
      "Ms. Melanie Prud'Homme",
      'Ms. Arpine Korekyan',
      'Ms. Madeleine Losch',
      'Mr. Dilshat Saitov',
    ]);
    expect(p.texts('.directory tbody td:last-child')).toEqual(['Workshop 1', 'Workshop 1', 'Workshop 2 (DGB)', 'Workshop 2 (DGB)', 'Workshop 7']);
  });
});

describe('index pages', () => {
  it('link every note of a collection and its combined document', async () => {
    const p = await html('unpsf-2025/index.html');
    const hrefs = p.all('a[href]').map((a) => a.properties['href']);
    expect(hrefs).toEqual(
      expect.arrayContaining(['unpsf-2025.en.html', 'workshop-1/workshop-1.en.html', 'workshop-2/workshop-2.en.html', 'workshop-7/workshop-7.en.html']),
    );
    const root = await html('index.html');
    expect(root.all('a[href]').map((a) => a.properties['href'])).toEqual(['#content', 'apo/index.html', 'desa-dpidg/index.html', 'unpsf-2025/index.html']);
  });
});
