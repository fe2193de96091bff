// Child process for the interruption tests: starts a Redis, reports it, then waits or throws.
import { Redis } from 'ioredis';
import { startLocalRedisServer } from '../../../src/redis/index.js';

const redis = await startLocalRedisServer();
const client = new Redis(redis.url);
const [, dir] = (await client.config('GET', 'dir')) as [string, string];
client.disconnect();
process.stdout.write(`${JSON.stringify({ pid: redis.pid, dir })}\n`);
if (process.argv[2] === 'throw') throw new Error('the run failed after starting Redis');
setInterval(() => undefined, 1_000);
