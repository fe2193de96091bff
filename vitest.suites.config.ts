import { defineConfig } from 'vitest/config';

// The suites a user runs against the targets in their isogate.config.ts (ISOGATE_CONFIG names
// another file). Kept apart from isogate's own tests: they exercise a user's system, not isogate.
export default defineConfig({
  test: {
    include: ['suites/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
