// A client that reads the answer to an upload the server refused before reading it all.
import { request } from 'node:http';
import { connect } from 'node:net';

/**
 * POSTs `body` and resolves with the status as soon as the server answers, as a careful HTTP client does:
 * a server that refuses a body from its Content-Length stops reading it and closes the connection after a
 * while, so the rest of the upload may fail (EPIPE, reset) after the answer came; fetch would report that
 * failure instead of the answer.
 */
export function postForAnswer(
  url: string,
  body: Uint8Array | string,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return new Promise((resolve, reject) => {
    // A connection of its own (no keep-alive pool), dropped once the answer is read: the rest of the upload
    // is not wanted any more, and a write failing after that must not surface as an uncaught socket error.
    const req = request(url, {
      method: 'POST',
      agent: false,
      headers: { 'Content-Type': 'application/json', ...headers, 'Content-Length': bytes.length },
    });
    req.on('socket', (socket) => socket.on('error', () => undefined));
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let text = '';
      const done = () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, text });
      };
      res.setEncoding('utf8');
      res.on('data', (s: string) => (text += s));
      res.on('end', done);
      res.on('error', done);
    });
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
    req.end(bytes);
  });
}

/**
 * A client that does not read while it uploads: sends the head (declaring `declared` bytes, or chunked
 * with no length when `declared` is 'chunked'; then `Connection: close`) and `sent` bytes of body (in
 * 64 KiB chunks, never the last one, when chunked), waits `readAfterMs`, and only then reads. Resolves
 * with all it could read; a reset before the answer leaves it without the answer, which is the point.
 */
export function uploadThenRead(
  url: URL,
  headers: Record<string, string>,
  declared: number | 'chunked',
  sent: number,
  readAfterMs: number,
): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    socket.pause();
    let text = '';
    const head = [
      'POST /api/jobs HTTP/1.1',
      `Host: ${url.host}`,
      'Content-Type: application/json',
      declared === 'chunked' ? 'Transfer-Encoding: chunked' : `Content-Length: ${declared}`,
      'Connection: close',
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ];
    socket.on('error', () => resolve(text));
    socket.on('data', (b: Buffer) => (text += b.toString('latin1')));
    socket.on('end', () => resolve(text));
    socket.write(`${head.join('\r\n')}\r\n\r\n`);
    if (declared !== 'chunked') socket.write(Buffer.alloc(sent, 0x20));
    else {
      const chunk = Buffer.alloc(2 ** 16, 0x20);
      const framed = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
      for (let n = 0; n < sent; n += chunk.length) socket.write(framed);
    }
    setTimeout(() => socket.resume(), readAfterMs);
  });
}
