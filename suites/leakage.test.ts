// An example a user copies into their own project: the leakage search against every target of
// the config (ISOGATE_CONFIG, default isogate.config.ts), from vitest. Each target writes its
// 'leakage' evidence record under reports/<run-id>/evidence/ (or ISOGATE_EVIDENCE_DIR), where
// `isogate gate` reads it. ISOGATE_SEED fixes the seed, ISOGATE_RUNS the budget.
// In this repository: `npm run suites` (vitest.suites.config.ts maps `isogate/vitest` to src/).
import { describeLeakage } from 'isogate/vitest';

await describeLeakage();
