import { connect } from 'node:net';

export interface RawAnswer {
  status: number;
  /** Header names in lower case; a repeated header keeps its last value. */
  headers: Record<string, string>;
  /** The body, de-chunked and cut at Content-Length, as UTF-8. */
  body: string;
}

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (let guard = 0; guard < 100_000; guard++) {
    const lineEnd = body.indexOf('\r\n', at);
    const size = lineEnd < 0 ? NaN : parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size)) break;
    if (size === 0) return Buffer.concat(parts);
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  throw new Error('chunked answer cut off');
}

/** Reads a raw HTTP/1.x answer, or says why what arrived is none. */
function parseAnswer(bytes: Buffer, ending: string): RawAnswer {
  const headEnd = bytes.indexOf('\r\n\r\n');
  const head = bytes.subarray(0, headEnd < 0 ? bytes.length : headEnd).toString('latin1');
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!status) {
    const shown = JSON.stringify(bytes.subarray(0, 60).toString('latin1'));
    throw new Error(bytes.length ? `not an HTTP answer: ${shown}` : ending);
  }
  const headers = Object.fromEntries(
    headerLines.map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
    }),
  );
  let body = headEnd < 0 ? Buffer.alloc(0) : bytes.subarray(headEnd + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) body = dechunk(body);
  else if (headers['content-length']) body = body.subarray(0, Number(headers['content-length']));
  return { status: Number(status[1]), headers, body: body.toString('utf8') };
}

/**
 * Writes `bytes` to a fresh TCP connection and reads until the server closes it (or the
 * timeout passes): the way to send what no HTTP client library would, such as a broken
 * request line or oversized headers. Requests meant to be answered should say
 * `Connection: close`, or the read lasts until the timeout. Rejects when no HTTP answer
 * arrived.
 */
export function rawHttpExchange(
  port: number,
  bytes: string | Buffer,
  timeoutMs = 5_000,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const socket = connect(port, '127.0.0.1');
    const finish = (ending: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      try {
        resolve(parseAnswer(Buffer.concat(chunks), ending));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    const timer = setTimeout(() => finish(`no answer within ${timeoutMs} ms`), timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', () => finish('connection closed'));
    // a reset after the answer is normal for a rejected request: what arrived is judged
    socket.on('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
    // no half-close: node aborts a request whose client ended its side before the answer
    socket.on('connect', () => socket.write(bytes));
  });
}
