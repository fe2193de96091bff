import type { JobFlagSet, JobRecord, JobServiceTarget, ReadPathCounters } from '../ScenarioTargets.js';
import { JobModel, type ExpectedPath } from './JobModel.js';

export type JobFindingKind = 'leak' | 'lost' | 'metric' | 'unexpected';

/**
 * Drives a job service and its model side by side; every difference is reported through
 * `onFinding`: a job of another workspace (leak), an acknowledged job that should be readable
 * and is not (lost), read-path telemetry that disagrees with the path the read had to take
 * (metric), anything else the contract rules out (unexpected).
 */
export class JobHarness {
  readonly model: JobModel;
  operations = 0;
  private requestSeq = 0;

  constructor(
    private readonly target: JobServiceTarget,
    flags: JobFlagSet,
    private readonly onFinding: (kind: JobFindingKind, message: string) => void,
  ) {
    this.model = new JobModel(flags);
  }

  async setFlags(flags: JobFlagSet): Promise<void> {
    await this.target.setFlags(flags);
    this.model.flags = { ...flags };
  }

  async create(ws: string, requestId = `req-${this.requestSeq++}`): Promise<string> {
    this.operations += 1;
    const payload = `job-of-${ws}-${requestId}`;
    const known = this.model.knownRequest(ws, requestId);
    const result = await this.target.createJob(ws, requestId, payload);
    if (known !== undefined) {
      if (result.jobId !== known || result.created) this.onFinding('unexpected', `${ws} repeated request ${requestId}: expected job ${known} back (idempotency key), found ${result.jobId} created=${result.created}`);
      return known;
    }
    if (this.model.owner(result.jobId) !== undefined) this.onFinding('leak', `${ws} request ${requestId} got job id ${result.jobId}, already owned by ${this.model.owner(result.jobId)}`);
    this.model.created(ws, requestId, result.jobId, payload);
    return result.jobId;
  }

  private async counters(): Promise<ReadPathCounters['readPath']> {
    return { ...(await this.target.metrics()).readPath };
  }

  async get(ws: string, jobId: string): Promise<void> {
    this.operations += 1;
    const expected = this.model.expectedGet(ws, jobId);
    const before = await this.counters();
    const job = await this.target.getJob(ws, jobId);
    const after = await this.counters();
    this.compareRead(ws, jobId, expected.job?.payload, job);
    const moved = (['new', 'old', 'miss'] as const).filter((p) => after[p] !== before[p]);
    const delta = (p: ExpectedPath): number => after[p] - before[p];
    if (moved.length !== 1 || moved[0] !== expected.path || delta(expected.path) !== 1) {
      const seen = moved.map((p) => `${p}+${delta(p)}`).join(' ') || 'nothing';
      this.onFinding('metric', `${ws} get ${jobId} under ${flagText(this.model.flags)}: expected read path ${expected.path}+1, telemetry counted ${seen}`);
    }
  }

  private compareRead(ws: string, jobId: string, expectedPayload: string | undefined, job: JobRecord | null): void {
    if (job !== null && (job.workspaceId !== ws || this.model.owner(job.jobId) !== ws || job.jobId !== jobId)) {
      this.onFinding('leak', `${ws} get ${jobId} under ${flagText(this.model.flags)} returned ${job.jobId} of workspace ${this.model.owner(job.jobId) ?? job.workspaceId}`);
      return;
    }
    if (expectedPayload !== undefined && job === null) {
      this.onFinding('lost', `${ws} get ${jobId} under ${flagText(this.model.flags)}: acknowledged job expected, found none`);
    } else if (expectedPayload === undefined && job !== null) {
      this.onFinding('unexpected', `${ws} get ${jobId} under ${flagText(this.model.flags)}: expected a miss, found the job`);
    } else if (job !== null && job.payload !== expectedPayload) {
      this.onFinding('unexpected', `${ws} get ${jobId}: payload ${JSON.stringify(job.payload)} is not the one written`);
    }
  }

  async list(ws: string): Promise<void> {
    this.operations += 1;
    const expected = new Set(this.model.expectedList(ws).map((j) => j.jobId));
    const before = (await this.target.metrics()).listPath;
    const jobs = await this.target.listJobs(ws);
    const after = (await this.target.metrics()).listPath;
    if (before !== undefined && after !== undefined) {
      const path = this.model.expectedListPath(ws);
      const moved = (['new', 'old', 'mixed'] as const).filter((p) => after[p] !== before[p]);
      if (moved.length !== 1 || moved[0] !== path) {
        this.onFinding('metric', `${ws} list under ${flagText(this.model.flags)}: expected list path ${path}+1, telemetry counted ${moved.join(' ') || 'nothing'}`);
      }
    }
    const seen = new Set<string>();
    for (const job of jobs) {
      if (job.workspaceId !== ws || this.model.owner(job.jobId) !== ws) {
        this.onFinding('leak', `${ws} list under ${flagText(this.model.flags)} returned ${job.jobId} of workspace ${this.model.owner(job.jobId) ?? job.workspaceId}`);
      } else if (!expected.has(job.jobId) || seen.has(job.jobId)) {
        this.onFinding('unexpected', `${ws} list under ${flagText(this.model.flags)} returned ${job.jobId} ${seen.has(job.jobId) ? 'twice' : 'which it cannot reach'}`);
      }
      seen.add(job.jobId);
    }
    for (const id of expected) if (!seen.has(id)) this.onFinding('lost', `${ws} list under ${flagText(this.model.flags)}: acknowledged job ${id} missing`);
  }

  async backfill(): Promise<void> {
    this.operations += 1;
    await this.target.backfill();
    this.model.backfilled();
  }
}

export function flagText(f: JobFlagSet): string {
  return `NEW_SCHEMA=${f.AI_JOBS_NEW_SCHEMA ? 'on' : 'off'} PREFERS_NEW=${f.READ_PREFERS_NEW ? 'on' : 'off'} FALLBACK_OLD=${f.READ_FALLBACK_OLD ? 'on' : 'off'}`;
}

/** All eight combinations in Gray-code order: each step flips exactly one flag. */
export const FLAG_COMBINATIONS: readonly JobFlagSet[] = [0, 1, 3, 2, 6, 7, 5, 4].map((n) => ({
  AI_JOBS_NEW_SCHEMA: (n & 4) !== 0,
  READ_PREFERS_NEW: (n & 2) !== 0,
  READ_FALLBACK_OLD: (n & 1) !== 0,
}));
