import { fileURLToPath } from 'node:url';
import { loadExport } from '../targets/index.js';

/** A job as the workspace-jobs API returns it. */
export interface JobRecord {
  jobId: string;
  workspaceId: string;
  payload: string;
}

export interface JobFlagSet {
  AI_JOBS_NEW_SCHEMA: boolean;
  READ_PREFERS_NEW: boolean;
  READ_FALLBACK_OLD: boolean;
}

/** The read-path telemetry the checklist monitors (relay_job_read_path_total{path}). */
export interface ReadPathCounters {
  readPath: { new: number; old: number; miss: number };
  /** relay_job_list_read_path_total{path}; checked when the target reports it. */
  listPath?: { new: number; old: number; mixed: number };
}

/** What the keyspace-migration check drives: the user's job service around their Redis wrapper. */
export interface JobServiceTarget {
  setFlags(flags: Partial<JobFlagSet>): Promise<void>;
  createJob(ws: string, requestId: string, payload: string): Promise<{ jobId: string; created: boolean }>;
  getJob(ws: string, jobId: string): Promise<JobRecord | null>;
  listJobs(ws: string): Promise<JobRecord[]>;
  backfill(): Promise<unknown>;
  metrics(): ReadPathCounters | Promise<ReadPathCounters>;
  close(): Promise<void>;
}

/** `faults` is for seeded-fault runs of the reference service; other targets ignore it. */
export interface ScenarioEnv {
  redisUrl: string;
  namespace: string;
  faults?: readonly string[];
}

export type CreateJobServiceTarget = (env: ScenarioEnv & { flags?: Partial<JobFlagSet> }) => Promise<JobServiceTarget>;

export interface TokenGrant {
  tenants: string[];
  selected?: string;
}

export interface RunningHttpTarget {
  url: string;
  close(): Promise<void>;
}

/** A gateway started with an injected clock and mode; GET/PUT /gw/note, GET /gw/telemetry. */
export type StartGatewayTarget = (options: {
  mode: 'compat' | 'strict';
  clock: () => Date;
  tokens: Record<string, TokenGrant>;
  faults?: readonly string[];
}) => Promise<RunningHttpTarget>;

/** A retrieval service: POST /rag/docs, GET /rag/search, GET /rag/telemetry; tokens `tok-<tenant>`. */
export type StartRetrievalTarget = (options: ScenarioEnv & {
  flags: { USE_REAL_VECTOR_RETRIEVAL: boolean; allowList?: readonly string[] };
}) => Promise<RunningHttpTarget>;

export interface ScenarioTargets {
  name: string;
  createJobService: CreateJobServiceTarget;
  startTenantGateway: StartGatewayTarget;
  startRetrievalService: StartRetrievalTarget;
}

/** The bundled reference service's scenarios: the default target of `isogate scenario`. */
export const REFERENCE_SCENARIOS_MODULE = fileURLToPath(new URL('../../fixtures/reference-service/scenarios/index.ts', import.meta.url));

export async function loadScenarioTargets(modulePath: string = REFERENCE_SCENARIOS_MODULE, baseDir = process.cwd()): Promise<ScenarioTargets> {
  const what = 'a scenario target';
  return {
    name: modulePath === REFERENCE_SCENARIOS_MODULE ? 'reference-service' : modulePath,
    createJobService: await loadExport<CreateJobServiceTarget>(modulePath, 'createJobService', baseDir, what),
    startTenantGateway: await loadExport<StartGatewayTarget>(modulePath, 'startTenantGateway', baseDir, what),
    startRetrievalService: await loadExport<StartRetrievalTarget>(modulePath, 'startRetrievalService', baseDir, what),
  };
}
