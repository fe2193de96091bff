import { findTokens } from './CanaryToken.js';
import { deletionCause } from './FindingCause.js';
import { idFrom, type HttpResource } from './HttpRequest.js';
import type { HttpOp } from './HttpStep.js';
import type { ObservationTally } from './IsolationScore.js';
import type { FindingClass } from './LeakFinding.js';
import { preview } from './OutputShape.js';
import type { RunHarness } from './RunHarness.js';
import { tenantLabel } from './tenantLabel.js';

/**
 * A resource a tenant created. `deleting` / `deleteDoneAt`: the owner's deletes of it in flight,
 * and when the last one completed: a read that overlapped one may see it before or after
 * (linearizability).
 */
export interface Created { owner: number; resource: number; id: string; token: string; deleted: boolean; deleting: number; deleteDoneAt: number }

/** Statuses that refuse a request outright: a spoofed tenant header may be refused or ignored. */
const REFUSALS = [400, 401, 403];

export type Reply = { status: 'ok'; code: number; text: string } | { status: 'error'; message: string };

export interface HttpTask {
  readonly op: HttpOp;
  readonly t: number;
  readonly resource: HttpResource;
  readonly entry: Created | undefined;
  readonly token: string | undefined;
  readonly id: string | undefined;
  readonly spoof: { header: string; as: number } | undefined;
  readonly reply: Promise<Reply>;
  readonly uncertain: boolean;
  /** When it started, on the run's clock of starts and completions (for overlaps with clears). */
  readonly startedAt: number;
}

export interface HttpJudgeSetup {
  readonly tenants: ReadonlyArray<{ readonly id: string }>;
  readonly resources: readonly HttpResource[];
  readonly denyStatuses: readonly number[];
  readonly exact: boolean;
  readonly tally: ObservationTally;
}

/**
 * The checks on an HTTP target's replies: other tenants' tokens in a body, another tenant's id
 * served, a spoofed tenant header obeyed, and (exact targets) a tenant's own resources coming
 * back, unless a delete or clear of the same tenant overlapped the read (linearizability).
 */
export class HttpJudge {
  /** Every resource the run created, in order: requests refer to them by index. */
  readonly created: Created[] = [];
  /** Per tenant: clears in flight, and when the last one completed. */
  private readonly clearing = new Map<number, { inFlight: number; doneAt: number }>();

  constructor(private readonly setup: HttpJudgeSetup, private readonly harness: RunHarness) {}

  /** A request started: clears and the owner's deletes in flight make overlapping reads uncertain. */
  started(op: HttpOp, t: number, entry: Created | undefined): void {
    if (op.kind === 'clear') {
      const c = this.clearing.get(t) ?? { inFlight: 0, doneAt: -1 };
      c.inFlight++;
      this.clearing.set(t, c);
    }
    if (op.kind === 'delete' && entry !== undefined && entry.owner === t) entry.deleting++;
  }

  /** A clear of tenant `t` overlapped a request that started at `startedAt`: its effect on that request is unknown. */
  private overlapsClear(t: number, startedAt: number): boolean {
    const c = this.clearing.get(t);
    return c !== undefined && (c.inFlight > 0 || c.doneAt > startedAt);
  }

  /** The owner's delete of `entry` overlapped a request that started at `startedAt`. */
  private overlapsDelete(entry: Created, startedAt: number): boolean {
    return entry.deleting > 0 || entry.deleteDoneAt > startedAt;
  }

  /** Judges a completed request. */
  settle(task: HttpTask, reply: Reply): void {
    const { op, t, resource, entry, spoof } = task;
    const now = this.harness.nextTick();
    if (op.kind === 'clear') {
      const c = this.clearing.get(t);
      if (c !== undefined) { c.inFlight--; c.doneAt = now; }
    }
    if (op.kind === 'delete' && entry !== undefined && entry.owner === t) {
      entry.deleting--;
      entry.deleteDoneAt = now;
      // Done, failed or unknown: the entry may be gone, so it is no longer expected back.
      entry.deleted = true;
    }
    const f = `${op.kind} ${resource.name}`;
    const spoofText = spoof === undefined ? '' : ` with a spoofed ${spoof.header}: ${JSON.stringify(this.setup.tenants[spoof.as]?.id ?? '')}`;
    const who = `tenant ${tenantLabel(t)} ${op.kind} ${resource.name}${task.id === undefined ? '' : ` ${JSON.stringify(task.id)}`}${entry === undefined || entry.owner === t ? '' : ` (tenant ${tenantLabel(entry.owner)}'s)`}${spoofText}`;
    const uncertain = task.uncertain || this.harness.inFaultWindow();
    const exposed = new Set(this.created.map((c) => c.owner).filter((o) => o !== t)).size;
    if (reply.status === 'error') {
      this.harness.history.record('info', t, f, reply.message, this.harness.steps);
      if (!uncertain) this.harness.fail('contract', `${who} → expected an HTTP answer, but the request failed: ${reply.message}`);
      return;
    }
    this.harness.history.record(reply.code < 400 ? 'ok' : 'fail', t, f, `${reply.code} ${preview(reply.text, 100)}`, this.harness.steps);
    // A token the request itself carried (an id in the path) may be echoed: only other tokens leak.
    const sent = task.id === undefined ? [] : findTokens(task.id).map((tok) => tok.text);
    const foreign = [...new Set(findTokens(reply.text).filter((tok) => tok.tenant !== t && !sent.includes(tok.text)).map((tok) => tok.text))];
    if (op.kind !== 'create') this.setup.tally.observe(exposed, new Set(foreign.map((x) => findTokens(x)[0]?.tenant)).size);
    if (foreign.length > 0) {
      const owners = [...new Set(foreign.map((x) => findTokens(x)[0]?.tenant ?? 0))].map((o) => `tenant ${tenantLabel(o)}'s`).join(' and ');
      // Only other tenants' ids (key tokens) in a list: their key names leaked, not their values.
      const keysOnly = op.kind === 'list' && foreign.every((x) => x.endsWith('k'));
      return this.harness.fail(keysOnly ? 'read-leak-keys' : 'read-leak-value', `${who} → ${reply.code}, the body shows ${owners} token ${foreign[0] ?? ''}: ${preview(reply.text, 100)}`);
    }
    if (reply.code >= 500 && !uncertain) return this.harness.fail('contract', `${who} → ${reply.code}: expected no server error, found ${preview(reply.text, 100)}`);
    const ok = reply.code >= 200 && reply.code < 300;
    const denied = this.setup.denyStatuses.includes(reply.code);
    // A spoofed tenant header refused outright is what a rollout asks for, not a breach.
    if (spoof !== undefined && (REFUSALS.includes(reply.code) || (denied && reply.code !== 404))) return;
    if (op.kind === 'clear') {
      // Cleared, or (failed under a fault) maybe cleared: either way no longer expected back.
      const scope = resource.clear?.scope ?? 'resource';
      for (const c of this.created) if (c.owner === t && (scope === 'tenant' || this.setup.resources[c.resource] === resource)) c.deleted = true;
      if (!ok && !uncertain) this.harness.fail('contract', `${who} → ${reply.code}: expected a 2xx, found ${preview(reply.text, 100)}`);
      return;
    }
    if (op.kind === 'create') {
      if (!ok) {
        if (!uncertain) this.harness.fail('contract', `${who} → ${reply.code}: expected a 2xx, found ${preview(reply.text, 100)}`);
        return;
      }
      const fromBody = task.id ?? idFrom(reply.text, resource.create.idFrom);
      if (fromBody !== undefined && task.token !== undefined) {
        // Created while a clear of its tenant ran: it may be gone already, so it is not expected back.
        this.created.push({
          owner: t, resource: this.setup.resources.indexOf(resource), id: fromBody, token: task.token,
          deleted: this.overlapsClear(t, task.startedAt), deleting: 0, deleteDoneAt: -1,
        });
      }
      return;
    }
    if (entry === undefined || op.kind === 'list') return;
    if (entry.owner !== t) {
      // A server error (here only inside a fault window: outside one it is a contract breach above)
      // serves nothing: it is neither a read leak nor a deletion of the owner's resource.
      if (!denied && resource.idScope === 'global' && reply.code < 500) {
        // Served: a delete may have removed the owner's resource, so the owner no longer expects it back.
        if (op.kind === 'delete' && ok) entry.deleted = true;
        const cls: FindingClass = op.kind === 'delete' ? 'cross-tenant-delete' : 'read-leak-value';
        this.harness.fail(cls, `${who} → ${reply.code} ${preview(reply.text, 60)}: expected a denial (${this.setup.denyStatuses.join('/')}) for another tenant's id`);
      }
      return;
    }
    if (op.kind === 'delete') return;
    if (!this.setup.exact || entry.deleted || uncertain || this.overlapsClear(t, task.startedAt) || this.overlapsDelete(entry, task.startedAt)) return;
    if (!ok || !reply.text.includes(entry.token)) {
      const what = `${who} → ${reply.code} ${preview(reply.text, 60)}: expected its own ${entry.token} back`;
      const cause = ok ? undefined : deletionCause(this.harness.history.entries, t);
      if (spoof !== undefined && cause === undefined) return this.harness.fail('contract', `${what} (served as the spoofed tenant: a spoofed header may be refused or ignored, never obeyed)`);
      if (cause !== undefined) return this.harness.fail('cross-tenant-delete', `${what} (its resource was deleted)`, cause, { tenant: t, read: 'resource', entry: this.created.indexOf(entry) });
      this.harness.fail('functional', `${what} (a lost write or a stale read)`);
    }
  }
}
