// Who may call, and how often. Keys come from LUMEN_API_KEYS or a keys file; a request carries one as
// X-API-Key or Authorization: Bearer. Keys are compared through their SHA-256 digests with
// timingSafeEqual, so the time taken says nothing about how much of a guess was right. The rate limit is
// per key and per minute window, counted in Redis when the topology has one (every API process shares it).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { MiddlewareHandler } from 'hono';
import { keys as redisKeys } from '../jobs/redis-keys';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Parses a keys file: one key a line; blank lines and # comments ignored. */
export const parseKeys = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);

export function keyChecker(keys: string[]) {
  const digests = keys.map(digest);
  /** The matching key's short id (for logs and rate limits), or undefined. */
  return (candidate: string): string | undefined => {
    const d = digest(candidate);
    let hit: number | undefined;
    // Every key is compared, whatever matched first.
    digests.forEach((k, i) => {
      if (timingSafeEqual(k, d) && hit === undefined) hit = i;
    });
    return hit === undefined ? undefined : `key${hit + 1}:${digests[hit].toString('hex').slice(0, 8)}`;
  };
}

export function presentedKey(headers: Headers): string | undefined {
  const x = headers.get('x-api-key');
  if (x) return x.trim();
  const m = /^Bearer\s+(.+)$/i.exec(headers.get('authorization') ?? '');
  return m?.[1].trim();
}

/** 401 without a known key, unless the server runs --open; sets c.var.keyId either way. */
export function requireKey(check: ((k: string) => string | undefined) | undefined): MiddlewareHandler<{ Variables: { keyId: string } }> {
  return async (c, next) => {
    if (!check) {
      // Open: limits count per client address instead.
      let addr = 'local';
      try {
        addr = getConnInfo(c).remote.address ?? addr;
      } catch {
        // not served by @hono/node-server (in-process tests)
      }
      c.set('keyId', `open:${addr}`);
      return next();
    }
    const k = presentedKey(c.req.raw.headers);
    const id = k ? check(k) : undefined;
    if (!id) {
      c.header('WWW-Authenticate', 'Bearer realm="lumen"');
      return c.json(
        {
          name: 'UnauthorizedError',
          title: 'An API key is needed',
          message: k ? 'That API key is not known to this server.' : 'Send an API key as X-API-Key or Authorization: Bearer.',
        },
        401,
      );
    }
    c.set('keyId', id);
    return next();
  };
}

export interface RateLimiter {
  /** Counts one generation for `key`; says whether it is allowed and, if not, when to retry (seconds). */
  take(key: string): Promise<{ ok: boolean; retryAfterS: number }>;
}

export function memoryRateLimiter(perMinute: number, now = () => Date.now()): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    async take(key) {
      const t = now();
      const start = t - (t % 60_000);
      let w = windows.get(key);
      if (!w || w.start !== start) {
        if (windows.size > 10_000) windows.clear();
        w = { start, count: 0 };
        windows.set(key, w);
      }
      w.count++;
      return { ok: w.count <= perMinute, retryAfterS: Math.max(1, Math.ceil((start + 60_000 - t) / 1000)) };
    },
  };
}

export function redisRateLimiter(redis: Redis, perMinute: number): RateLimiter {
  return {
    async take(key) {
      const t = Date.now();
      const window = Math.floor(t / 60_000);
      const k = redisKeys.rate(key, window);
      const [[, count]] = (await redis.multi().incr(k).expire(k, 61).exec()) as [[null, number]];
      return { ok: count <= perMinute, retryAfterS: Math.max(1, Math.ceil(((window + 1) * 60_000 - t) / 1000)) };
    },
  };
}
