import { findTokens, keyToken, valueToken } from './CanaryToken.js';
import { History } from './History.js';
import type { HttpOp, HttpStepValue, Spoof } from './HttpStep.js';
import type { ObservationTally } from './IsolationScore.js';
import { deletionCause } from './FindingCause.js';
import type { FindingClass, FindingFilter } from './LeakFinding.js';
import { preview } from './OutputShape.js';
import type { RedisFault } from './StoreStep.js';
import { tenantLabel } from './tenantLabel.js';

export interface HttpRequestSpec {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
}

export interface HttpResource {
  readonly name: string;
  readonly create: HttpRequestSpec & { readonly idFrom: string };
  readonly read?: HttpRequestSpec;
  readonly list?: HttpRequestSpec;
  readonly delete?: HttpRequestSpec;
  readonly clear?: HttpRequestSpec & { readonly scope: 'resource' | 'tenant' };
  readonly idScope: 'global' | 'tenant';
}

export interface HttpRunSetup {
  readonly baseUrl: string;
  readonly tenants: ReadonlyArray<{ readonly id: string; readonly headers: Readonly<Record<string, string>> }>;
  readonly resources: readonly HttpResource[];
  readonly denyStatuses: readonly number[];
  readonly spoofHeaders: readonly string[];
  readonly exact: boolean;
  readonly run: number;
  readonly flags: { readonly names: readonly string[]; set(flag: string, on: boolean, tenant: string | null): Promise<void> } | undefined;
  readonly inject: ((fault: RedisFault) => Promise<void>) | undefined;
  readonly tally: ObservationTally;
  readonly opTimeoutMs: number;
  /** Classes already reported by an earlier search: not raised again. */
  readonly filter: FindingFilter;
}

/**
 * `deleting` / `deleteDoneAt`: the owner's deletes of this entry in flight, and when the last one
 * completed: a read that overlapped one may see the entry before or after it (linearizability).
 */
interface Created { owner: number; resource: number; id: string; token: string; deleted: boolean; deleting: number; deleteDoneAt: number }

/** Statuses that refuse a request outright: a spoofed tenant header may be refused or ignored. */
const REFUSALS = [400, 401, 403];

type Reply = { status: 'ok'; code: number; text: string } | { status: 'error'; message: string };

interface Task {
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

const FAULT_WINDOW = 2;

function fillBody(template: unknown, vars: Record<string, string>): unknown {
  if (typeof template === 'string') return template.replace(/\{(token|id)\}/g, (_m, name: string) => vars[name] ?? '');
  if (Array.isArray(template)) return template.map((v) => fillBody(v, vars));
  if (typeof template === 'object' && template !== null) {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fillBody(v, vars)]));
  }
  return template;
}

function pick(json: unknown, path: string): unknown {
  let cur = json;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** The real side of one HTTP scenario: requests as tenants, checks on every response. */
export class HttpRun {
  readonly history = new History();
  readonly created: Created[] = [];
  private seq = 0;
  private stepNo = 0;
  private faultWindowUntil = -1;
  /** Ticks at every request start and completion. */
  private clock = 0;
  /** Per tenant: clears in flight, and when the last one completed. */
  private readonly clearing = new Map<number, { inFlight: number; doneAt: number }>();

  constructor(private readonly setup: HttpRunSetup) {}

  /** A clear of tenant `t` overlapped a request that started at `startedAt`: its effect on that request is unknown. */
  private overlapsClear(t: number, startedAt: number): boolean {
    const c = this.clearing.get(t);
    return c !== undefined && (c.inFlight > 0 || c.doneAt > startedAt);
  }

  get steps(): number {
    return this.stepNo;
  }

  private tenantOf(i: number): number {
    return i % this.setup.tenants.length;
  }

  async execute(step: HttpStepValue): Promise<void> {
    this.stepNo++;
    switch (step.kind) {
      case 'op': {
        const task = this.start(step.op);
        if (task !== undefined) await this.complete(task);
        return;
      }
      case 'concurrent': {
        const queue = [...step.ops];
        const inflight: Task[] = [];
        let choice = 0;
        while (queue.length > 0 || inflight.length > 0) {
          const p = (step.schedule[choice++] ?? 0) % (inflight.length + queue.length);
          if (p < inflight.length) {
            const [task] = inflight.splice(p, 1);
            if (task !== undefined) await this.complete(task);
            continue;
          }
          const [op] = queue.splice(p - inflight.length, 1);
          const task = op === undefined ? undefined : this.start(op);
          if (task !== undefined) inflight.push(task);
        }
        return;
      }
      case 'flip': {
        const flags = this.setup.flags;
        if (flags === undefined || flags.names.length === 0) return;
        const flag = flags.names[step.flag % flags.names.length] ?? '';
        const t = step.tenant === null ? null : this.tenantOf(step.tenant);
        const args = { flag, on: step.on, tenant: t === null ? 'all' : tenantLabel(t) };
        this.history.record('invoke', 'nemesis', 'flip', args, this.stepNo);
        try {
          await flags.set(flag, step.on, t === null ? null : (this.setup.tenants[t]?.id ?? null));
          this.history.record('ok', 'nemesis', 'flip', args, this.stepNo);
        } catch (error) {
          this.history.record('info', 'nemesis', 'flip', error instanceof Error ? error.message : String(error), this.stepNo);
        }
        return;
      }
      case 'fault': {
        if (this.setup.inject === undefined) return;
        const f = step.fault === 'drop' ? 'drop-connections' : 'restart-redis';
        this.history.record('invoke', 'nemesis', f, null, this.stepNo);
        await this.setup.inject(step.fault).catch(() => undefined);
        this.history.record('ok', 'nemesis', f, null, this.stepNo);
        this.faultWindowUntil = this.stepNo + FAULT_WINDOW;
        return;
      }
    }
  }

  /** Every live id replayed with every other tenant's credentials, plainly and with a spoofed header claiming the owner. */
  async sweep(): Promise<void> {
    this.stepNo++;
    let h = 0;
    for (const entry of [...this.created]) {
      const resource = this.setup.resources[entry.resource];
      if (entry.deleted || resource?.read === undefined) continue;
      for (let u = 0; u < this.setup.tenants.length; u++) {
        if (u === entry.owner) continue;
        const refIndex = this.created.indexOf(entry);
        const plain = this.start({ kind: 'read', tenant: u, resource: entry.resource, ref: refIndex, spoof: null }, entry);
        if (plain !== undefined) await this.complete(plain);
        if (this.setup.spoofHeaders.length === 0) continue;
        const spoof: Spoof = { header: h++ % this.setup.spoofHeaders.length, as: entry.owner };
        const spoofed = this.start({ kind: 'read', tenant: u, resource: entry.resource, ref: refIndex, spoof }, entry);
        if (spoofed !== undefined) await this.complete(spoofed);
      }
    }
  }

  private start(op: HttpOp, forced?: Created): Task | undefined {
    const t = this.tenantOf(op.tenant);
    const among = op.kind === 'clear' ? this.setup.resources.filter((r) => r.clear !== undefined) : this.setup.resources;
    const resource = among[op.resource % Math.max(1, among.length)];
    if (resource === undefined) return undefined;
    const spoof = op.spoof === null || this.setup.spoofHeaders.length === 0 ? undefined
      : { header: this.setup.spoofHeaders[op.spoof.header % this.setup.spoofHeaders.length] ?? '', as: this.tenantOf(op.spoof.as) };
    let spec: HttpRequestSpec | undefined;
    let entry: Created | undefined;
    let token: string | undefined;
    let id: string | undefined;
    if (op.kind === 'create') {
      spec = resource.create;
      token = valueToken(this.setup.run, t, ++this.seq);
      id = spec.path.includes('{id}') ? `i${keyToken(this.setup.run, t)}${this.seq}` : undefined;
    } else if (op.kind === 'list') {
      spec = resource.list;
    } else if (op.kind === 'clear') {
      spec = resource.clear;
    } else {
      spec = op.kind === 'read' ? resource.read : resource.delete;
      const candidates = this.created.filter((c) => c.resource === op.resource % this.setup.resources.length);
      entry = forced ?? candidates[op.ref % Math.max(1, candidates.length)];
      id = entry?.id;
      if (entry === undefined) return undefined;
    }
    if (spec === undefined) return undefined;
    const vars: Record<string, string> = { token: token ?? '', id: id ?? '' };
    const path = spec.path.replace(/\{(token|id)\}/g, (_m, name: string) => encodeURIComponent(vars[name] ?? ''));
    const headers: Record<string, string> = { ...(this.setup.tenants[t]?.headers ?? {}) };
    if (spoof !== undefined) headers[spoof.header] = this.setup.tenants[spoof.as]?.id ?? '';
    const body = spec.body === undefined ? undefined : JSON.stringify(fillBody(spec.body, vars));
    if (body !== undefined) headers['content-type'] = 'application/json';
    this.history.record('invoke', t, `${op.kind} ${resource.name}`, {
      ...(id === undefined ? {} : { key: id }), ...(token === undefined ? {} : { value: token }),
      ...(spoof === undefined ? {} : { spoof: `${spoof.header}: ${this.setup.tenants[spoof.as]?.id ?? ''}` }),
      ...(entry === undefined ? {} : { owner: tenantLabel(entry.owner) }),
    }, this.stepNo);
    const reply = fetch(new URL(path, this.setup.baseUrl), {
      method: spec.method, headers, ...(body === undefined ? {} : { body }), signal: AbortSignal.timeout(this.setup.opTimeoutMs),
    }).then(async (res): Promise<Reply> => ({ status: 'ok', code: res.status, text: await res.text() }),
      (error: unknown): Reply => ({ status: 'error', message: error instanceof Error ? error.message : String(error) }));
    if (op.kind === 'clear') {
      const c = this.clearing.get(t) ?? { inFlight: 0, doneAt: -1 };
      c.inFlight++;
      this.clearing.set(t, c);
    }
    if (op.kind === 'delete' && entry !== undefined && entry.owner === t) entry.deleting++;
    return { op, t, resource, entry, token, id, spoof, reply, uncertain: this.stepNo <= this.faultWindowUntil, startedAt: ++this.clock };
  }

  /** Raises a finding (unless its class is ignored); the caller stops checking the request. */
  private fail(cls: FindingClass, message: string, cause?: string): void {
    const why = cls === 'functional' ? ' (functional: fails the verdict only because the target declares exact: true)' : '';
    const by = cause === undefined ? '' : `; caused by ${cause}`;
    this.setup.filter.raise({ class: cls, message: `${message}${by}${why}`, step: this.stepNo, ...(cause === undefined ? {} : { cause }) });
  }

  /** The owner's delete of `entry` overlapped a request that started at `startedAt`. */
  private overlapsDelete(entry: Created, startedAt: number): boolean {
    return entry.deleting > 0 || entry.deleteDoneAt > startedAt;
  }

  private async complete(task: Task): Promise<void> {
    const reply = await task.reply;
    const { op, t, resource, entry, spoof } = task;
    ++this.clock;
    if (op.kind === 'clear') {
      const c = this.clearing.get(t);
      if (c !== undefined) { c.inFlight--; c.doneAt = this.clock; }
    }
    if (op.kind === 'delete' && entry !== undefined && entry.owner === t) {
      entry.deleting--;
      entry.deleteDoneAt = this.clock;
      // Done, failed or unknown: the entry may be gone, so it is no longer expected back.
      entry.deleted = true;
    }
    const f = `${op.kind} ${resource.name}`;
    const spoofText = spoof === undefined ? '' : ` with a spoofed ${spoof.header}: ${JSON.stringify(this.setup.tenants[spoof.as]?.id ?? '')}`;
    const who = `tenant ${tenantLabel(t)} ${op.kind} ${resource.name}${task.id === undefined ? '' : ` ${JSON.stringify(task.id)}`}${entry === undefined || entry.owner === t ? '' : ` (tenant ${tenantLabel(entry.owner)}'s)`}${spoofText}`;
    const uncertain = task.uncertain || this.stepNo <= this.faultWindowUntil;
    const exposed = new Set(this.created.map((c) => c.owner).filter((o) => o !== t)).size;
    if (reply.status === 'error') {
      this.history.record('info', t, f, reply.message, this.stepNo);
      if (!uncertain) this.fail('contract', `${who} → expected an HTTP answer, but the request failed: ${reply.message}`);
      return;
    }
    this.history.record(reply.code < 400 ? 'ok' : 'fail', t, f, `${reply.code} ${preview(reply.text, 100)}`, this.stepNo);
    // A token the request itself carried (an id in the path) may be echoed: only other tokens leak.
    const sent = task.id === undefined ? [] : findTokens(task.id).map((tok) => tok.text);
    const foreign = [...new Set(findTokens(reply.text).filter((tok) => tok.tenant !== t && !sent.includes(tok.text)).map((tok) => tok.text))];
    if (op.kind !== 'create') this.setup.tally.observe(exposed, new Set(foreign.map((x) => findTokens(x)[0]?.tenant)).size);
    if (foreign.length > 0) {
      const owners = [...new Set(foreign.map((x) => findTokens(x)[0]?.tenant ?? 0))].map((o) => `tenant ${tenantLabel(o)}'s`).join(' and ');
      // Only other tenants' ids (key tokens) in a list: their key names leaked, not their values.
      const keysOnly = op.kind === 'list' && foreign.every((x) => x.endsWith('k'));
      return this.fail(keysOnly ? 'read-leak-keys' : 'read-leak-value', `${who} → ${reply.code}, the body shows ${owners} token ${foreign[0] ?? ''}: ${preview(reply.text, 100)}`);
    }
    if (reply.code >= 500 && !uncertain) return this.fail('contract', `${who} → ${reply.code}: expected no server error, found ${preview(reply.text, 100)}`);
    const ok = reply.code >= 200 && reply.code < 300;
    const denied = this.setup.denyStatuses.includes(reply.code);
    // A spoofed tenant header refused outright is what a rollout asks for, not a breach.
    if (spoof !== undefined && (REFUSALS.includes(reply.code) || (denied && reply.code !== 404))) return;
    if (op.kind === 'clear') {
      // Cleared, or (failed under a fault) maybe cleared: either way no longer expected back.
      const scope = resource.clear?.scope ?? 'resource';
      for (const c of this.created) if (c.owner === t && (scope === 'tenant' || this.setup.resources[c.resource] === resource)) c.deleted = true;
      if (!ok && !uncertain) this.fail('contract', `${who} → ${reply.code}: expected a 2xx, found ${preview(reply.text, 100)}`);
      return;
    }
    if (op.kind === 'create') {
      if (!ok) {
        if (!uncertain) this.fail('contract', `${who} → ${reply.code}: expected a 2xx, found ${preview(reply.text, 100)}`);
        return;
      }
      const fromBody = task.id ?? this.idFrom(reply.text, resource.create.idFrom);
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
      if (!denied && resource.idScope === 'global') {
        // Served: a delete may have removed the owner's resource, so the owner no longer expects it back.
        if (op.kind === 'delete' && ok) entry.deleted = true;
        const cls: FindingClass = op.kind === 'delete' ? 'cross-tenant-delete' : 'read-leak-value';
        this.fail(cls, `${who} → ${reply.code} ${preview(reply.text, 60)}: expected a denial (${this.setup.denyStatuses.join('/')}) for another tenant's id`);
      }
      return;
    }
    if (op.kind === 'delete') return;
    if (!this.setup.exact || entry.deleted || uncertain || this.overlapsClear(t, task.startedAt) || this.overlapsDelete(entry, task.startedAt)) return;
    if (!ok || !reply.text.includes(entry.token)) {
      const what = `${who} → ${reply.code} ${preview(reply.text, 60)}: expected its own ${entry.token} back`;
      const cause = ok ? undefined : deletionCause(this.history.entries, t);
      if (spoof !== undefined && cause === undefined) return this.fail('contract', `${what} (served as the spoofed tenant: a spoofed header may be refused or ignored, never obeyed)`);
      if (cause !== undefined) return this.fail('cross-tenant-delete', `${what} (its resource was deleted)`, cause);
      this.fail('functional', `${what} (a lost write or a stale read)`);
    }
  }

  private idFrom(text: string, path: string): string | undefined {
    try {
      const value = pick(JSON.parse(text) as unknown, path);
      return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
    } catch {
      return undefined;
    }
  }
}
