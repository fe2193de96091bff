/** How isogate got its Redis: the route is named in doctor's output and in every report. */
export type RedisRoute = 'redis-url' | 'testcontainers' | 'local-redis-server';

/**
 * A Redis that is running. `stop()` is idempotent and leaves nothing behind (no process, no temp
 * dir); `await using` calls it too. For `redis-url` the server is not ours, so stop only closes.
 */
export interface RunningRedis extends AsyncDisposable {
  readonly state: 'started';
  readonly url: string;
  readonly route: RedisRoute;
  /** True when isogate started this server and may do anything to it (restart, kill). */
  readonly owned: boolean;
  /** Server pid when isogate owns a local process; used by fault injection and drills. */
  readonly pid: number | undefined;
  readonly port: number;
  stop(): Promise<StoppedRedis>;
}

export interface StoppedRedis {
  readonly state: 'stopped';
  readonly route: RedisRoute;
}
