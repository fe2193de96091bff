// The application's state-access wrapper, as a team would write it: one Redis hash per tenant,
// the tenant id hex-encoded so that no id (however it is spelt) can name another tenant's hash.
import { Redis } from 'ioredis';

export class TenantState {
  private constructor(private readonly redis: Redis, private readonly prefix: string) {}

  static open(url: string, prefix: string): TenantState {
    return new TenantState(new Redis(url), prefix);
  }

  private hash(tenant: string): string {
    return `${this.prefix}:tenant:${Buffer.from(tenant, 'utf8').toString('hex')}`;
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
