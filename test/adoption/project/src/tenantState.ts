// The application's state-access wrapper, as a team would write it: one Redis hash per tenant
// id (ids are lowercase slugs, validated at the edge). Each tenant's data is one whole key, so
// an id that is a prefix of another cannot reach into the other's hash.
import { Redis } from 'ioredis';

export class TenantState {
  private constructor(private readonly redis: Redis, private readonly prefix: string) {}

  static open(url: string, prefix: string): TenantState {
    const redis = new Redis(url);
    // Connection errors surface on the commands that fail; ioredis reconnects by itself.
    redis.on('error', () => {});
    return new TenantState(redis, prefix);
  }

  private hash(tenant: string): string {
    return `${this.prefix}:tenant:${tenant}`;
  }

  async set(tenant: string, key: string, value: string): Promise<void> {
    await this.redis.hset(this.hash(tenant), key, value);
  }

  async get(tenant: string, key: string): Promise<string | null> {
    return this.redis.hget(this.hash(tenant), key);
  }

  async entries(tenant: string): Promise<Array<[string, string]>> {
    return Object.entries(await this.redis.hgetall(this.hash(tenant)));
  }

  async remove(tenant: string, key: string): Promise<void> {
    await this.redis.hdel(this.hash(tenant), key);
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
