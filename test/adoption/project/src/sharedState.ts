// A seeded bug for the adoption test: a cache that forgot the tenant, so every tenant shares one hash.
import { Redis } from 'ioredis';

export class SharedState {
  private constructor(private readonly redis: Redis, private readonly prefix: string) {}

  static open(url: string, prefix: string): SharedState {
    const redis = new Redis(url);
    redis.on('error', () => {});
    return new SharedState(redis, prefix);
  }

  async set(_tenant: string, key: string, value: string): Promise<void> {
    await this.redis.hset(`${this.prefix}:cache`, key, value);
  }

  async get(_tenant: string, key: string): Promise<string | null> {
    return this.redis.hget(`${this.prefix}:cache`, key);
  }

  async entries(_tenant: string): Promise<Array<[string, string]>> {
    return Object.entries(await this.redis.hgetall(`${this.prefix}:cache`));
  }

  async remove(_tenant: string, key: string): Promise<void> {
    await this.redis.hdel(`${this.prefix}:cache`, key);
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
