import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The text of a PDF (or of pages first..last), as poppler's pdftotext reads it, in reading order. */
export async function pdfText(file: string, first?: number, last?: number): Promise<string> {
  const range = first === undefined ? [] : ['-f', String(first), '-l', String(last ?? first)];
  return (await run('pdftotext', ['-enc', 'UTF-8', ...range, file, '-'], { maxBuffer: 50_000_000 })).stdout;
}

/** pdfinfo's fields as a record. */
export async function pdfInfo(file: string): Promise<Record<string, string>> {
  const { stdout } = await run('pdfinfo', ['-enc', 'UTF-8', file]);
  return Object.fromEntries(
    stdout
      .split('\n')
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]),
  );
}

/** pdffonts' rows: name, type, embedded. */
export async function pdfFonts(file: string): Promise<{ name: string; type: string; embedded: boolean }[]> {
  const { stdout } = await run('pdffonts', [file]);
  return stdout
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((line) => {
      const cols = line.trim().split(/\s{2,}|\s(?=yes|no)/);
      const emb = /\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(line);
      return { name: cols[0] ?? '', type: line.slice(37, 55).trim(), embedded: emb?.[1] === 'yes' };
    });
}
