import autocannon from 'autocannon';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { IsogateError } from '../errors/index.js';
import { emptyArmSamples, recordLatency, type ArmSamples } from './ArmSamples.js';
import { rotate, type MixRequest } from './RequestMix.js';
import { seededRandom } from '../random/index.js';

export interface DriveOptions {
  /** Base URLs, one per arm; connection i goes to arm i mod arms (autocannon's own url-array rule). */
  urls: readonly string[];
  connectionsPerArm: number;
  /** Requests per second per arm, paced by isogate; undefined = closed loop, as fast as the arm answers. */
  rpsPerArm: number | undefined;
  seconds: number;
  /** The request sequence for one arm's connection; each connection starts at its own offset. */
  requests: (arm: number) => readonly MixRequest[];
  blockMs: number;
  seed: number;
}

export interface DriveResult {
  arms: ArmSamples[];
  wallMs: number;
  /** Driver CPU seconds per wall second (1 = one core busy), from process.cpuUsage(). */
  driverCpu: number;
  /** P99 of the driver's event-loop delay: a late loop adds to every latency it measures. */
  loopDelayP99Ms: number;
  askedRpsPerArm: number | undefined;
  achievedRpsPerArm: number[];
}

/** The parts of autocannon's Client this module relies on (read in node_modules/autocannon/lib/httpClient.js). */
interface PacedClient {
  _doRequest: () => void;
  destroyed: boolean;
  setRequests(requests: unknown[]): void;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

function asPacedClient(client: unknown): PacedClient {
  const c = client as Partial<PacedClient>;
  if (typeof c._doRequest !== 'function' || typeof c.setRequests !== 'function') {
    throw new IsogateError('ISOGATE_LOAD_FAILED', 'expected autocannon 9 clients to have _doRequest and setRequests, found neither',
      { hint: 'isogate paces requests through autocannon 9 internals; pin autocannon to ^9', exitCode: 4 });
  }
  return c as PacedClient;
}

/**
 * Spaces a client's requests `intervalMs` apart (with jitter) instead of autocannon's rate
 * limiter, which sends each second's quota back to back at the start of the second. A stall
 * longer than one interval is not made up for: the run then reports a short achieved rate and
 * is inconclusive.
 */
function pace(client: PacedClient, intervalMs: number, random: () => number): void {
  const send = client._doRequest.bind(client);
  let lastAt = performance.now() - random() * intervalMs;
  client._doRequest = () => {
    const now = performance.now();
    // The schedule may lag `now` by up to one interval, so a late timer or response is made up
    // for by the next send; beyond that it resets (no bursts after a stall).
    lastAt = Math.max(now - intervalMs, lastAt + intervalMs * (0.5 + random()));
    const wait = lastAt - now;
    if (wait < 1) { send(); return; }
    setTimeout(() => { if (!client.destroyed) send(); }, wait);
  };
}

function toAutocannonRequest(r: MixRequest): Record<string, unknown> {
  return r.body === undefined ? { method: r.method, path: r.path, headers: r.headers } : { method: r.method, path: r.path, headers: r.headers, body: r.body };
}

/**
 * One autocannon instance driving every arm at once. Latencies come from each response's own
 * `responseTime` (float ms from hrtime) into our arrays, never from autocannon's summary, whose
 * histogram holds whole milliseconds and whose coordinated-omission correction assumes 1 ms.
 */
export async function driveLoad(options: DriveOptions): Promise<DriveResult> {
  const nArms = options.urls.length;
  const arms = options.urls.map(() => emptyArmSamples());
  const armOf = new WeakMap<object, number>();
  const random = seededRandom(options.seed);
  const intervalMs = options.rpsPerArm === undefined ? undefined : (1000 * options.connectionsPerArm) / options.rpsPerArm;
  let made = 0;
  const loop = monitorEventLoopDelay({ resolution: 5 });
  const cpu0 = process.cpuUsage();
  let t0 = performance.now();
  let settle: (error: unknown) => void = () => undefined;
  const finished = new Promise<void>((resolve, reject) => { settle = (error) => (error ? reject(error) : resolve()); });
  const instance = autocannon({
    url: [...options.urls] as unknown as string,
    connections: nArms * options.connectionsPerArm,
    duration: options.seconds,
    pipelining: 1,
    timeout: 10,
    requests: [toAutocannonRequest(options.requests(0)[0] as MixRequest)] as autocannon.Request[],
    setupClient: (raw) => {
      const arm = made % nArms;
      const conn = Math.floor(made / nArms);
      made++;
      const client = asPacedClient(raw);
      armOf.set(raw, arm);
      const seq = options.requests(arm);
      client.setRequests(rotate(seq, Math.floor((conn * seq.length) / options.connectionsPerArm) + arm * 7).map(toAutocannonRequest));
      const samples = arms[arm] as ArmSamples;
      client.on('connError', () => { samples.socketErrors++; });
      client.on('timeout', () => { samples.socketErrors++; samples.timeouts++; });
      if (intervalMs !== undefined) pace(client, intervalMs, random);
    },
  }, (error) => settle(error));
  instance.on('start', () => { t0 = performance.now(); });
  instance.on('response', (client: object, statusCode: number, _bytes: number, responseTime: number) => {
    const arm = armOf.get(client);
    if (arm === undefined) return;
    const samples = arms[arm] as ArmSamples;
    recordLatency(samples, responseTime, performance.now() - t0, options.blockMs);
    samples.statuses[String(statusCode)] = (samples.statuses[String(statusCode)] ?? 0) + 1;
  });
  loop.enable();
  await finished;
  loop.disable();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const achieved = arms.map((a) => a.latencyUs.length / (wallMs / 1000));
  return {
    arms, wallMs, driverCpu: (cpu.user + cpu.system) / 1000 / wallMs,
    loopDelayP99Ms: loop.percentile(99) / 1e6, askedRpsPerArm: options.rpsPerArm, achievedRpsPerArm: achieved,
  };
}
