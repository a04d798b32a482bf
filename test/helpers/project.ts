import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Write a temporary project from an object literal of path → content; returns its folder. */
export async function testdir(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'notes-test-'));
  for (const [rel, content] of Object.entries(files)) {
    const target = path.join(dir, rel);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  return dir;
}

/** A valid forum collection.yaml. */
export const FORUM_YAML = `id: test-forum
type: forum
name: Test Forum
dates:
  start: 2025-06-23
  end: 2025-06-25
venue:
  city: Samarkand
  country: Republic of Uzbekistan
organisers:
  - name: Test Organiser
languages: [en]
`;

/** A valid programme collection.yaml (project notifications and summaries). */
export const PROGRAMME_YAML = `id: test-programme
type: programme
name: Test Programme
organisers:
  - name: Division for Public Institutions and Digital Government
    abbreviation: DPIDG
languages: [en]
`;

/** A valid concept note's front matter (without its --- lines), with `extra` lines after the title. */
export function conceptNoteFrontMatter(extra?: string): string {
  return `kind: concept-note
forum: test-forum
workshop: 1
title: A Test Workshop
${extra === undefined ? '' : `${extra}\n`}languages: [en]
organisers:
  - name: Test Organiser
sessions:
  - title: Opening
    minutes: 20
contacts:
  - name: Ada Lovelace
    email: ada@un.org`;
}

/** A valid concept note; pass replacements to break one thing at a time. */
export function conceptNote(overrides: { frontMatter?: string; body?: string } = {}): string {
  const frontMatter = overrides.frontMatter ?? conceptNoteFrontMatter();
  const body =
    overrides.body ??
    `## Introduction

Intro.

## Objective

Objective.

## Focus

Focus.

## Structure

### Session 1: Opening

Opening text.

## Organisational Details

Details.
`;
  return `---\n${frontMatter}\n---\n\n${body}`;
}
