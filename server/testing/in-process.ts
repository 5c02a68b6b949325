// Test support: a Lumen API process built in this process (embedded queue), served on a free port.
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { readConfig, type ServerConfig } from '../config';
import { createLumenServer, type LumenServerOptions } from '../server';

/** The config main.ts would read from these flags and env, for a test. */
export function testConfig(flags: string[] = ['--open'], env: Record<string, string> = {}): ServerConfig {
  return readConfig(flags, { LOG_LEVEL: 'silent', ...env });
}

export async function startInProcess(config: ServerConfig, opts: LumenServerOptions = {}) {
  process.env.LOG_LEVEL ??= 'silent';
  const lumen = createLumenServer(config, opts);
  let server!: ServerType;
  await new Promise<void>((resolve) => {
    server = serve({ fetch: lumen.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    lumen,
    /** Closes every open connection (the event streams among them) as a dropped network would. */
    dropConnections() {
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    },
    async stop() {
      await lumen.close();
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Polls until `check` holds (readiness, a state) or the time is up. */
export async function until(check: () => Promise<boolean> | boolean, timeoutMs = 30_000, everyMs = 50): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${check.toString().slice(0, 120)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
