import { IsogateError } from '../errors/index.js';
import type { RunningRedis, StoppedRedis } from './RedisHandle.js';

/** A throwaway Redis in a container, for machines where a Docker engine answers. */
export async function startContainerRedis(image = 'redis:7-alpine'): Promise<RunningRedis> {
  let container;
  try {
    const { RedisContainer } = await import('@testcontainers/redis');
    container = await new RedisContainer(image).start();
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new IsogateError('ISOGATE_REDIS_START_FAILED', `expected a Redis container from ${image} to start, but: ${reason}`, {
      cause,
      hint: 'check `docker info`, or unset DOCKER_HOST so isogate uses a local redis-server',
    });
  }
  const started = container;
  let stopped: StoppedRedis | undefined;
  const stop = async (): Promise<StoppedRedis> => {
    if (stopped === undefined) {
      stopped = { state: 'stopped', route: 'testcontainers' };
      await started.stop();
    }
    return stopped;
  };
  return {
    state: 'started', url: started.getConnectionUrl(), route: 'testcontainers', owned: true, pid: undefined,
    port: started.getPort(), stop, [Symbol.asyncDispose]: async () => { await stop(); },
  };
}
