// An example a user copies into their own project: the rollout scenario checks (keyspace
// migration, tenant header, tenant-filtered retrieval) against the `scenarios.module` of the
// config (ISOGATE_CONFIG, default isogate.config.ts; in this repository, the reference service).
// Each check writes its evidence record where `isogate gate` reads it. ISOGATE_SEED fixes the seed.
import { describeScenarios } from 'isogate/vitest';

await describeScenarios();
