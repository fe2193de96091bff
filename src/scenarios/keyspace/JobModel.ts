import type { JobFlagSet } from '../ScenarioTargets.js';

export type ExpectedPath = 'new' | 'old' | 'miss';

export interface ModelJob {
  jobId: string;
  ws: string;
  payload: string;
  inOld: boolean;
  inNew: boolean;
}

/**
 * What the checklist says each read must return, given where every acknowledged job lives.
 * A job written with AI_JOBS_NEW_SCHEMA off lives in the old schema only until a backfill; a
 * read that cannot reach it under the current flags is a miss by design, not a loss.
 */
export class JobModel {
  flags: JobFlagSet;
  readonly jobs = new Map<string, ModelJob>();
  private readonly requests = new Map<string, string>();

  constructor(flags: JobFlagSet) {
    this.flags = { ...flags };
  }

  knownRequest(ws: string, requestId: string): string | undefined {
    return this.requests.get(`${ws}\u0000${requestId}`);
  }

  created(ws: string, requestId: string, jobId: string, payload: string): void {
    this.requests.set(`${ws}\u0000${requestId}`, jobId);
    this.jobs.set(jobId, { jobId, ws, payload, inOld: true, inNew: this.flags.AI_JOBS_NEW_SCHEMA });
  }

  backfilled(): void {
    for (const job of this.jobs.values()) if (job.inOld) job.inNew = true;
  }

  expectedGet(ws: string, jobId: string): { path: ExpectedPath; job?: ModelJob } {
    const job = this.jobs.get(jobId);
    const own = job !== undefined && job.ws === ws ? job : undefined;
    if (this.flags.READ_PREFERS_NEW) {
      if (own?.inNew === true) return { path: 'new', job: own };
      if (!this.flags.READ_FALLBACK_OLD) return { path: 'miss' };
    }
    return own?.inOld === true ? { path: 'old', job: own } : { path: 'miss' };
  }

  expectedList(ws: string): ModelJob[] {
    const { READ_PREFERS_NEW: prefersNew, READ_FALLBACK_OLD: fallback } = this.flags;
    return [...this.jobs.values()].filter((j) => j.ws === ws
      && ((prefersNew && j.inNew) || ((!prefersNew || fallback) && j.inOld)));
  }

  /** new: every listed job came from the new schema; mixed: the fallback added some; old: old schema only. */
  expectedListPath(ws: string): 'new' | 'old' | 'mixed' {
    if (!this.flags.READ_PREFERS_NEW) return 'old';
    const viaFallback = this.flags.READ_FALLBACK_OLD && [...this.jobs.values()].some((j) => j.ws === ws && j.inOld && !j.inNew);
    return viaFallback ? 'mixed' : 'new';
  }

  owner(jobId: string): string | undefined {
    return this.jobs.get(jobId)?.ws;
  }
}
