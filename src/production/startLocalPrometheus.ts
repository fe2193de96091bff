import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IsogateError } from '../errors/index.js';
import { startChildProcess } from '../process/index.js';
import { freePort } from '../redis/index.js';

export interface ScrapeJob {
  job: string;
  /** host:port of each target (loopback). */
  targets: string[];
  /** Target labels put on every series of the job (they win over the target's own, which become `exported_*`). */
  labels?: Record<string, string>;
}

export interface LocalPrometheusOptions {
  jobs: ScrapeJob[];
  scrapeIntervalSeconds?: number;
  binary?: string;
  readyTimeoutMs?: number;
}

export interface LocalPrometheus {
  url: string;
  pid: number | undefined;
  dir: string;
  /** SIGTERM (SIGKILL after 5 s), then the temp dir is removed. */
  stop(): Promise<void>;
}

export function hasPrometheusBinary(binary = 'prometheus'): boolean {
  const probe = spawnSync(binary, ['--version'], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0;
}

/** The generated prometheus.yml: every job scraped every `interval` seconds. */
export function prometheusYaml(jobs: readonly ScrapeJob[], interval: number): string {
  const lines = ['global:', `  scrape_interval: ${interval}s`, `  evaluation_interval: ${interval}s`, 'scrape_configs:'];
  for (const j of jobs) {
    lines.push(`  - job_name: ${JSON.stringify(j.job)}`, `    scrape_interval: ${interval}s`, `    scrape_timeout: ${interval}s`, '    static_configs:', `      - targets: ${JSON.stringify(j.targets)}`);
    if (j.labels !== undefined && Object.keys(j.labels).length > 0) lines.push(`        labels: ${JSON.stringify(j.labels)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Starts Debian's (or any) `prometheus` binary on a free loopback port, with a generated config
 * and its TSDB in a temp dir of its own; it is stopped and the dir removed on stop(), on exit and
 * on SIGINT/SIGTERM, like the redis-server isogate starts.
 */
export async function startLocalPrometheus(options: LocalPrometheusOptions): Promise<LocalPrometheus> {
  const binary = options.binary ?? 'prometheus';
  if (!hasPrometheusBinary(binary)) {
    throw new IsogateError('ISOGATE_PROMETHEUS_FAILED', `expected a ${binary} binary on PATH for production: { prometheus: 'local' }, found none`, {
      hint: 'install it (Debian: apt-get install prometheus; stop the service it starts), or point production.prometheus at your Prometheus URL',
    });
  }
  const dir = mkdtempSync(join(tmpdir(), 'isogate-prometheus-'));
  writeFileSync(join(dir, 'prometheus.yml'), prometheusYaml(options.jobs, options.scrapeIntervalSeconds ?? 1));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = await startChildProcess({
    command: binary,
    args: [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`, '--storage.tsdb.retention.time=1d', '--log.level=warn'],
    cwd: dir, readyUrl: `${url}/-/ready`, readyTimeoutMs: options.readyTimeoutMs ?? 20_000,
    capture: 'both', outputLimit: 4000, afterExit: () => rmSync(dir, { recursive: true, force: true }),
  });
  if (started.kind === 'failed') {
    const said = started.output === '' ? '' : `: ${started.output.split('\n').slice(-3).join(' | ')}`;
    throw new IsogateError('ISOGATE_PROMETHEUS_FAILED', `expected ${binary} to answer ${url}/-/ready, but ${started.reason}${said}`, {
      hint: `run \`${binary} --config.file=prometheus.yml --web.listen-address=127.0.0.1:9091\` by hand to see why it will not start`,
    });
  }
  return { url, pid: started.child.pid, dir, stop: started.child.stop };
}
