// Test support: real processes. A redis-server on a free port, API and worker processes started as
// `npm run server` / `npm run server:worker` would start them (node with tsx's loader, so a signal
// reaches the server itself, not a wrapper), their JSON log lines kept for assertions.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { until } from './in-process';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface Proc {
  child: ChildProcess;
  lines: string[];
  /** Parsed JSON log lines. */
  logs(): Record<string, unknown>[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): void;
}

export function startProc(cmd: string, args: string[], env: Record<string, string>): Proc {
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const take = (b: Buffer) => lines.push(...b.toString().split('\n').filter(Boolean));
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    lines,
    logs: () =>
      lines.flatMap((l) => {
        try {
          return [JSON.parse(l)];
        } catch {
          return [];
        }
      }),
    exited,
    kill: (signal = 'SIGTERM') => void child.kill(signal),
  };
}

export async function startRedis(): Promise<{ url: string; proc: Proc }> {
  const port = await freePort();
  const proc = startProc('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {});
  await until(() => proc.lines.some((l) => /Ready to accept connections/.test(l)), 20_000);
  return { url: `redis://127.0.0.1:${port}`, proc };
}

// LUMEN_BUNDLE_DIR: run prebuilt bundles (<dir>/<entry>.mjs) instead of the sources through tsx, on a
// machine that has node but not this project's node_modules (the load test on a bigger host).
const bundles = process.env.LUMEN_BUNDLE_DIR;
const tsNode = (entry: string, args: string[], env: Record<string, string>) =>
  startProc(
    process.execPath,
    bundles ? [`${bundles}/${entry.replace(/\.ts$/, '.mjs')}`, ...args] : ['--import', 'tsx', `server/${entry}`, ...args],
    env,
  );

export async function startApi(env: Record<string, string>, args: string[] = [], port?: number) {
  const p = port ?? (await freePort());
  const proc = tsNode('main.ts', ['--port', String(p), ...args], env);
  const url = `http://127.0.0.1:${p}`;
  await until(
    async () => {
      if (proc.child.exitCode !== null) throw new Error(`API exited: ${proc.lines.slice(-5).join('\n')}`);
      return fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      );
    },
    60_000,
    100,
  );
  return { url, port: p, proc };
}

export function startWorker(env: Record<string, string>, args: string[] = []) {
  return tsNode('worker-main.ts', args, env);
}
