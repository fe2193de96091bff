import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Forks, not threads: tests start and kill real processes, and signal handling needs a process.
    pool: 'forks',
    // Two workers even on two cores: most test time is spent waiting on child processes, Redis and
    // HTTP round trips, so vitest's default (cores - 1 = one worker here) leaves a core idle. Every
    // test already holds with all cores busy, and each starts its own servers on free ports.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
