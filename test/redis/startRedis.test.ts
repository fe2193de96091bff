import { describe, expect, it } from 'vitest';
import { chooseRedisRoute, probeDockerEngine, startLocalRedisServer, startRedis } from '../../src/redis/index.js';

const docker = await probeDockerEngine();

describe('startRedis', () => {
  it('honours REDIS_URL: connects to that server and does not own it', async () => {
    await using server = await startLocalRedisServer();
    await using redis = await startRedis({ env: { ...process.env, REDIS_URL: server.url } });
    expect(redis.route).toBe('redis-url');
    expect(redis.url).toBe(server.url);
    expect(redis.owned).toBe(false);
  });

  it('ignores REDIS_URL when the caller needs a server it owns', async () => {
    await using redis = await startRedis({ env: { ...process.env, REDIS_URL: 'redis://127.0.0.1:1' }, requireOwned: true });
    expect(redis.owned).toBe(true);
    expect(redis.route).not.toBe('redis-url');
  });

  it('says REDIS_URL is unreachable without printing its password', async () => {
    const failure = startRedis({ env: { ...process.env, REDIS_URL: 'redis://user:hunter2@127.0.0.1:1' } });
    await expect(failure).rejects.toMatchObject({ code: 'ISOGATE_REDIS_UNAVAILABLE' });
    await failure.catch((e: Error) => {
      expect(e.message).not.toContain('hunter2');
      expect(e.message).toContain('127.0.0.1:1');
    });
  });

  it('takes the local redis-server route when there is no REDIS_URL and no Docker, naming why', async () => {
    const env = { ...process.env };
    delete env['REDIS_URL'];
    const choice = await chooseRedisRoute(env);
    if (docker.answers) {
      expect(choice.route).toBe('testcontainers');
    } else {
      expect(choice).toMatchObject({ route: 'local-redis-server' });
      expect(choice.why).toContain(docker.reason);
    }
  });

  it('reports no Redis at all as one clear error that says how to get one', async () => {
    const env = { PATH: '/nonexistent', DOCKER_HOST: 'unix:///nonexistent.sock' };
    const choice = await chooseRedisRoute(env);
    expect(choice.route).toBe('none');
    await expect(startRedis({ env })).rejects.toMatchObject({
      code: 'ISOGATE_REDIS_UNAVAILABLE',
      hint: expect.stringMatching(/REDIS_URL.*Docker.*redis-server/),
    });
  });
});

const containerTitle = docker.answers ? 'startRedis through testcontainers' : `startRedis through testcontainers (skipped: ${docker.reason})`;
describe.skipIf(!docker.answers)(containerTitle, () => {
  it('starts a Redis container when a Docker engine answers', async () => {
    await using redis = await startRedis({ env: { ...process.env, REDIS_URL: '' } });
    expect(redis.route).toBe('testcontainers');
  });
});

if (!docker.answers) {
  console.info(`[isogate] testcontainers path skipped: ${docker.reason}`);
}
