import { redactUrl } from '../errors/index.js';
import { probeDockerEngine } from './dockerEngine.js';
import type { RedisRoute } from './RedisHandle.js';
import { hasRedisServerBinary } from './startLocalRedisServer.js';

export type RouteChoice =
  | { route: RedisRoute; why: string; url?: string }
  | { route: 'none'; why: string };

/**
 * The order the README's Prerequisites give: REDIS_URL if set; else testcontainers when a Docker engine answers; else
 * `redis-server` on PATH. The `why` is printed by `isogate doctor`, so it names what was seen.
 */
export async function chooseRedisRoute(env: NodeJS.ProcessEnv = process.env): Promise<RouteChoice> {
  const url = env['REDIS_URL'];
  if (url !== undefined && url !== '') {
    return { route: 'redis-url', url, why: `REDIS_URL is set (${redactUrl(url)})` };
  }
  const docker = await probeDockerEngine(env);
  if (docker.answers) return { route: 'testcontainers', why: `a Docker engine answers at ${docker.endpoint}` };
  if (hasRedisServerBinary('redis-server', env)) {
    return { route: 'local-redis-server', why: `REDIS_URL is not set; ${docker.reason}; redis-server is on PATH` };
  }
  return { route: 'none', why: `REDIS_URL is not set; ${docker.reason}; no redis-server on PATH` };
}
