import { Agent, OutgoingHttpHeaders, request } from 'node:http';

/** One exchange as a load test counts it: the answer, or why there was none. */
export interface HttpOutcome {
  status?: number;
  body?: string;
  /** The server asked to close the connection (`Connection: close`). */
  connectionClose?: boolean;
  /** The error code (ECONNRESET, a test's own code…) or message when nothing came back. */
  error?: string;
}

export interface HttpCall {
  method?: string;
  path: string;
  headers?: OutgoingHttpHeaders;
  /** Sent as JSON. */
  json?: unknown;
  timeoutMs?: number;
}

/**
 * One request on 127.0.0.1 through `agent` (its pool of keep-alive sockets), never rejecting:
 * under load a test counts failures rather than stopping at the first one.
 */
export function httpRequest(port: number, agent: Agent, call: HttpCall): Promise<HttpOutcome> {
  const body = call.json === undefined ? undefined : JSON.stringify(call.json);
  const headers: OutgoingHttpHeaders = { ...call.headers };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(body);
  }
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, method: call.method ?? 'GET', path: call.path, agent, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode,
            body: Buffer.concat(chunks).toString('utf8'),
            connectionClose: res.headers.connection === 'close',
          }),
        );
        res.on('error', (error: NodeJS.ErrnoException) =>
          resolve({ error: error.code ?? error.message }),
        );
      },
    );
    const timeoutMs = call.timeoutMs ?? 10_000;
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ error: error.code ?? error.message }),
    );
    req.end(body);
  });
}
