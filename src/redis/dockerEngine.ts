import { request } from 'node:http';
import { existsSync } from 'node:fs';

export type DockerProbe = { answers: true; endpoint: string } | { answers: false; reason: string };

function socketPath(env: NodeJS.ProcessEnv): string | undefined {
  const host = env['DOCKER_HOST'];
  if (host !== undefined && host.startsWith('unix://')) return host.slice('unix://'.length);
  if (host !== undefined && host !== '') return undefined;
  return '/var/run/docker.sock';
}

/**
 * Asks the Docker engine for `/_ping`, briefly. testcontainers' own discovery is thorough but slow
 * when nothing answers, and isogate asks this on every run.
 */
export function probeDockerEngine(env: NodeJS.ProcessEnv = process.env, timeoutMs = 1_000): Promise<DockerProbe> {
  const host = env['DOCKER_HOST'];
  const socket = socketPath(env);
  if (socket === undefined) {
    // A tcp:// engine: let testcontainers decide; we only note that one is configured.
    return Promise.resolve({ answers: true, endpoint: host ?? '' });
  }
  if (!existsSync(socket)) return Promise.resolve({ answers: false, reason: `no Docker socket at ${socket}` });
  return new Promise((resolve) => {
    const req = request({ socketPath: socket, path: '/_ping', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200
        ? { answers: true, endpoint: `unix://${socket}` }
        : { answers: false, reason: `Docker at ${socket} answered HTTP ${res.statusCode ?? '?'}` });
    });
    req.on('timeout', () => { req.destroy(); resolve({ answers: false, reason: `Docker at ${socket} did not answer in ${timeoutMs} ms` }); });
    req.on('error', (e) => resolve({ answers: false, reason: `Docker at ${socket}: ${e.message}` }));
    req.end();
  });
}
