import { keyToken, valueToken } from './CanaryToken.js';
import { fillBody, type HttpRequestSpec, type HttpResource } from './HttpRequest.js';
import { HttpJudge, type Created, type HttpTask, type Reply } from './HttpJudge.js';
import type { HttpOp, HttpStepValue, Spoof } from './HttpStep.js';
import type { ObservationTally } from './IsolationScore.js';
import type { Victim } from './LeakFinding.js';
import { outputText } from './OutputShape.js';
import { RunHarness, type RunHarnessSetup, type SerialReplay } from './RunHarness.js';
import { tenantLabel } from './tenantLabel.js';

export type { HttpRequestSpec, HttpResource } from './HttpRequest.js';

export interface HttpRunSetup extends Omit<RunHarnessSetup, 'tenantIds'> {
  readonly baseUrl: string;
  readonly tenants: ReadonlyArray<{ readonly id: string; readonly headers: Readonly<Record<string, string>> }>;
  readonly resources: readonly HttpResource[];
  readonly denyStatuses: readonly number[];
  readonly spoofHeaders: readonly string[];
  readonly exact: boolean;
  readonly run: number;
  readonly tally: ObservationTally;
  readonly opTimeoutMs: number;
}

/**
 * The HTTP side of one scenario: requests as tenants (the shared skeleton is the RunHarness),
 * each reply checked by the HttpJudge, and a closing sweep of every live id.
 */
export class HttpRun {
  private readonly harness: RunHarness;
  private readonly judge: HttpJudge;
  private seq = 0;

  constructor(private readonly setup: HttpRunSetup) {
    this.harness = new RunHarness({ ...setup, tenantIds: setup.tenants.map((t) => t.id) });
    this.judge = new HttpJudge(setup, this.harness);
  }

  get history(): RunHarness['history'] {
    return this.harness.history;
  }

  get created(): readonly Created[] {
    return this.judge.created;
  }

  get steps(): number {
    return this.harness.steps;
  }

  /** A step-by-step replay's hook: concurrent groups run one operation at a time. */
  get serial(): SerialReplay | undefined {
    return this.harness.serial;
  }

  set serial(serial: SerialReplay | undefined) {
    this.harness.serial = serial;
  }

  private tenantOf(i: number): number {
    return this.harness.tenantOf(i);
  }

  async execute(step: HttpStepValue): Promise<void> {
    this.harness.nextStep();
    switch (step.kind) {
      case 'op': {
        const task = this.start(step.op);
        if (task !== undefined) await this.complete(task);
        return;
      }
      case 'concurrent':
        return this.harness.interleave(step.ops, step.schedule, { start: (op) => this.start(op), complete: (task) => this.complete(task) });
      case 'flip': return this.harness.flip(step.flag, step.on, step.tenant);
      case 'fault': return this.harness.fault(step.fault);
    }
  }

  /** What the victim's owner reads of the victim's resource now, as text: a replay watches it change. */
  async probe(victim: Victim): Promise<string> {
    const entry = victim.read === 'resource' ? this.created[victim.entry] : undefined;
    const resource = entry === undefined ? undefined : this.setup.resources[entry.resource];
    if (entry === undefined || resource?.read === undefined) return 'absent';
    const path = resource.read.path.replace(/\{(token|id)\}/g, (_m, name: string) => encodeURIComponent(name === 'id' ? entry.id : ''));
    try {
      const res = await fetch(new URL(path, this.setup.baseUrl), {
        method: resource.read.method, headers: { ...(this.setup.tenants[entry.owner]?.headers ?? {}) }, signal: AbortSignal.timeout(this.setup.opTimeoutMs),
      });
      return `${res.status} ${await res.text()}`;
    } catch (error) {
      return `error: ${error instanceof Error ? error.message : outputText(error)}`;
    }
  }

  /** Every live id replayed with every other tenant's credentials, plainly and with a spoofed header claiming the owner. */
  async sweep(): Promise<void> {
    this.harness.nextStep();
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

  private start(op: HttpOp, forced?: Created): HttpTask | undefined {
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
    }, this.harness.steps);
    const reply = fetch(new URL(path, this.setup.baseUrl), {
      method: spec.method, headers, ...(body === undefined ? {} : { body }), signal: AbortSignal.timeout(this.setup.opTimeoutMs),
    }).then(async (res): Promise<Reply> => ({ status: 'ok', code: res.status, text: await res.text() }),
      (error: unknown): Reply => ({ status: 'error', message: error instanceof Error ? error.message : String(error) }));
    this.judge.started(op, t, entry);
    return { op, t, resource, entry, token, id, spoof, reply, uncertain: this.harness.inFaultWindow(), startedAt: this.harness.nextTick() };
  }

  private async complete(task: HttpTask): Promise<void> {
    this.judge.settle(task, await task.reply);
  }
}
