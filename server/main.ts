// `npm run server -- [--port 8787] [--host 127.0.0.1] [--models <dir>] [--providers cuda,cpu]
//                     [--origin https://app.example]... [--keys-file keys.txt | --open]`
// One API process. Without REDIS_URL it also runs the jobs (the embedded default: one process, an
// in-process queue); with REDIS_URL jobs go to Redis and `npm run server:worker` processes run them.
// The fixture set is always served (from public/models/fixture/, `npm run fixtures` writes it); the real
// set when --models names a folder holding its files under the paths the set declares (a mirror's layout).
import { serve } from '@hono/node-server';
import { readConfig } from './config';
import { createLumenServer } from './server';

const config = readConfig();
const lumen = createLumenServer(config);
const server = serve({ fetch: lumen.app.fetch, port: config.port, hostname: config.host }, (info) => {
  lumen.log.info(
    {
      port: info.port,
      host: config.host,
      mode: config.redisUrl ? 'redis' : 'embedded',
      keys: config.keys ? config.keys.length : 'open',
      origins: config.origins,
    },
    `Lumen server on http://${config.host}:${info.port}`,
  );
});

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  lumen.log.info({ signal }, 'draining: no new jobs; finishing the running one');
  // No new connections; open streams stay until the drain has told their clients how things ended.
  server.close();
  await lumen.close();
  (server as { closeAllConnections?: () => void }).closeAllConnections?.();
  lumen.log.info('drained; exiting');
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
