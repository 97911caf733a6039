import { Agent, request } from 'node:http';
import { connect } from 'node:net';

/** One HTTP request as the fuzzer sends it, byte for byte what node:http puts on the wire. */
export interface FuzzRequest {
  method: string;
  /** The request target exactly as sent: not normalised, not re-encoded. */
  path: string;
  headers: Record<string, string | string[]>;
  body?: Buffer;
  /** Frame the body with Transfer-Encoding: chunked instead of Content-Length. */
  chunked?: boolean;
  /** What the generators chose, in words: a 20,000-level body does not print usefully. */
  notes: string[];
}

export interface Answer {
  status: number;
  contentType: string;
  body: Buffer;
}

export type Outcome = { answer: Answer } | { failure: string };

/** A broken promise of the contract: `kind` groups equal defects, `detail` shows this one. */
export interface Problem {
  kind: string;
  detail: string;
}

export const REQUEST_TIMEOUT_MS = 10_000;

function snippet(body: Buffer, max = 160): string {
  const text = body.toString('utf8');
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

/**
 * The property every answer must have: never a 5xx, and a 4xx is the contract's JSON
 * `{"error": "<message>"}` (only its content type for HEAD, which carries no body).
 * An exchange that ends without an answer counts as a failure too.
 */
export function problemWith(method: string, outcome: Outcome): Problem | undefined {
  if ('failure' in outcome)
    return { kind: `no answer: ${outcome.failure}`, detail: outcome.failure };
  const { status, contentType, body } = outcome.answer;
  if (status >= 500 || status < 100) {
    let message = method === 'HEAD' ? '(HEAD: no body)' : snippet(body, 80);
    try {
      const parsed = JSON.parse(body.toString('utf8')) as { error?: unknown };
      if (typeof parsed.error === 'string') message = JSON.stringify(parsed.error);
    } catch {
      // not JSON: the snippet shows what came instead
    }
    return { kind: `${status} ${message}`, detail: `${status} ${snippet(body)}` };
  }
  if (status < 400) return undefined;
  if (!/^application\/json(;|$)/i.test(contentType)) {
    return {
      kind: `${status} without a JSON content type (${contentType || 'none'})`,
      detail: `${status} content-type ${JSON.stringify(contentType)} body ${snippet(body)}`,
    };
  }
  if (method === 'HEAD') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return { kind: `${status} with a body that is not JSON`, detail: `${status} ${snippet(body)}` };
  }
  const keys = typeof parsed === 'object' && parsed !== null ? Object.keys(parsed) : [];
  if (keys.length !== 1 || typeof (parsed as { error?: unknown }).error !== 'string') {
    return { kind: `${status} with a body other than {"error": string}`, detail: snippet(body) };
  }
  return undefined;
}

/** Sends one request over a keep-alive agent and reads the whole answer, or why there is none. */
export function exchange(port: number, agent: Agent, fuzz: FuzzRequest): Promise<Outcome> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const headers: Record<string, string | string[]> = { ...fuzz.headers };
    if (fuzz.body && fuzz.chunked) headers['transfer-encoding'] = 'chunked';
    // explicit, because node only frames a GET/DELETE body when told how long it is
    else if (fuzz.body) headers['content-length'] = String(fuzz.body.length);
    const outgoing = request(
      { host: '127.0.0.1', port, agent, method: fuzz.method, path: fuzz.path, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => settle({ failure: `answer cut off: ${error.message}` }));
        res.on('end', () =>
          settle({
            answer: {
              status: res.statusCode ?? 0,
              contentType: res.headers['content-type'] ?? '',
              body: Buffer.concat(chunks),
            },
          }),
        );
      },
    );
    const timer = setTimeout(() => {
      outgoing.destroy();
      settle({ failure: `nothing within ${REQUEST_TIMEOUT_MS} ms` });
    }, REQUEST_TIMEOUT_MS);
    outgoing.on('error', (error: NodeJS.ErrnoException) =>
      settle({ failure: error.code ?? error.message }),
    );
    const body = fuzz.body;
    if (body && fuzz.chunked) {
      // several chunks, so a parser that handles only one is caught too
      const third = Math.ceil(body.length / 3) || 1;
      for (let at = 0; at < body.length; at += third) outgoing.write(body.subarray(at, at + third));
      outgoing.end();
    } else {
      outgoing.end(body);
    }
  });
}

function dechunk(body: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (let guard = 0; guard < 100_000; guard++) {
    const lineEnd = body.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size)) return undefined;
    if (size === 0) return Buffer.concat(parts);
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return undefined;
}

/** Reads a raw HTTP/1.x answer; only the parts the property needs. */
function parseRaw(bytes: Buffer): Outcome {
  const headEnd = bytes.indexOf('\r\n\r\n');
  const head = bytes.subarray(0, headEnd < 0 ? bytes.length : headEnd).toString('latin1');
  const statusLine = /^HTTP\/1\.[01] (\d{3})/.exec(head);
  if (!statusLine) {
    return {
      failure: bytes.length ? `not an HTTP answer: ${snippet(bytes, 60)}` : 'connection closed',
    };
  }
  const header = (name: string) =>
    new RegExp(`\\r\\n${name}:[ \\t]*([^\\r]*)`, 'i').exec(head)?.[1]?.trim() ?? '';
  let body = headEnd < 0 ? Buffer.alloc(0) : bytes.subarray(headEnd + 4);
  if (/chunked/i.test(header('transfer-encoding'))) {
    const whole = dechunk(body);
    if (!whole) return { failure: 'chunked answer cut off' };
    body = whole;
  } else if (header('content-length')) {
    body = body.subarray(0, Number(header('content-length')));
  }
  return {
    answer: { status: Number(statusLine[1]), contentType: header('content-type'), body },
  };
}

/**
 * Writes bytes node:http would refuse to send (broken request lines, oversized headers)
 * and reads what comes back until the server closes or the timeout passes. Requests meant
 * to be answered should say `Connection: close`, or the read lasts until the timeout.
 */
export function rawExchange(port: number, bytes: Buffer, timeoutMs = 5_000): Promise<Outcome> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const socket = connect(port, '127.0.0.1');
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(parseRaw(Buffer.concat(chunks)));
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', finish);
    // a reset after the answer is normal for a rejected request; what arrived is judged
    socket.on('error', finish);
    // no half-close: node aborts a request whose client ended its side before the answer
    socket.on('connect', () => socket.write(bytes));
  });
}
