// An answer given before the request's body was read (too large, no key, rate limited, draining) closes
// its connection without losing the answer. Closing a socket while the client's bytes sit unread makes
// the kernel send a reset, and a client still uploading then sees its write fail (EPIPE/ECONNRESET)
// before it has read the answer already on its way. So such a socket closes the way nginx's
// lingering_close does: half-close (the answer, then FIN), stop reading, and destroy only once the client
// hangs up or `ms` has passed. Not reading bounds what a refusal costs: the client's writes stall against
// a full window, and one reading its answers as they come stops on its own.
import type { Socket } from 'node:net';

export function closeWhenClientHasRead(socket: Socket, ms = 2000): void {
  let closing = false;
  // Node's server (on `Connection: close`) and @hono/node-server's drain both end a connection
  // through destroySoon: this socket's one replaces it.
  socket.destroySoon = () => {
    if (closing) return;
    closing = true;
    socket.pause();
    socket.end();
    const timer = setTimeout(() => socket.destroy(), ms);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  };
}
