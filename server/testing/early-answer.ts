// A client that reads the answer to an upload the server refused before reading it all.
import { request } from 'node:http';

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
    const req = request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers, 'Content-Length': bytes.length },
    });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (s: string) => (text += s));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
    req.end(bytes);
  });
}
