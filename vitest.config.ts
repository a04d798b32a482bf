import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Builds cache their PDFs here, not in the user's ~/.cache/notes.
    env: { NOTES_CACHE_DIR: path.join(tmpdir(), 'notes-test-cache') },
  },
});
