/** `1 note`, `3 notes`: a count and its word, in English (`plural` when the word is irregular). */
export function count(n: number, word: string, plural = `${word}s`): string {
  return `${n} ${n === 1 ? word : plural}`;
}
