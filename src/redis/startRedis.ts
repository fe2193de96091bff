import { IsogateError } from '../errors/index.js';
import { chooseRedisRoute } from './chooseRedisRoute.js';
import { connectUrlRedis } from './connectUrlRedis.js';
import type { RunningRedis } from './RedisHandle.js';
import { startContainerRedis } from './startContainerRedis.js';
import { startLocalRedisServer } from './startLocalRedisServer.js';

export interface StartRedisOptions {
  env?: NodeJS.ProcessEnv;
  /** Skip REDIS_URL: drills that kill or restart the server need one isogate owns. */
  requireOwned?: boolean;
}

/** One call gives a running Redis and a way to stop it (checks run against a real Redis: docs/architecture.md). */
export async function startRedis(options: StartRedisOptions = {}): Promise<RunningRedis> {
  const env = { ...(options.env ?? process.env) };
  if (options.requireOwned === true) delete env['REDIS_URL'];
  const choice = await chooseRedisRoute(env);
  switch (choice.route) {
    case 'redis-url':
      return connectUrlRedis(choice.url ?? '');
    case 'testcontainers':
      return startContainerRedis();
    case 'local-redis-server':
      return startLocalRedisServer();
    case 'none':
      throw new IsogateError('ISOGATE_REDIS_UNAVAILABLE', `expected a Redis to run against, found none: ${choice.why}`, {
        hint: 'set REDIS_URL=redis://host:port, start a Docker engine, or install redis-server (Debian: apt-get install redis-server)',
      });
  }
}
