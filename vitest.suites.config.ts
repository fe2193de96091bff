import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The example suites a user copies (suites/), run here against the targets in isogate.config.ts
// (ISOGATE_CONFIG names another file). Kept apart from isogate's own tests: they exercise a
// user's system, not isogate. They import `isogate/vitest` as a user does; here that is src/.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^isogate\/vitest$/, replacement: fileURLToPath(new URL('./src/vitest/index.ts', import.meta.url)) },
      { find: /^isogate$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['suites/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
