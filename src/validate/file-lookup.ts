/** A set of files that records every lookup: the links a note's checks followed, and what a memo entry depended on. */
export function recordingFiles(files: ReadonlySet<string>): { has(path: string): boolean; probes: [string, boolean][] } {
  const probes: [string, boolean][] = [];
  const seen = new Set<string>();
  return {
    probes,
    has(p: string): boolean {
      const found = files.has(p);
      if (!seen.has(p)) {
        seen.add(p);
        probes.push([p, found]);
      }
      return found;
    },
  };
}
