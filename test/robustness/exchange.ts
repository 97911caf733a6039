import { Agent, request } from 'node:http';
import { rawHttpExchange } from '@app/testing';

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

/** A broken promise of docs/API.md: `kind` groups equal defects, `detail` shows this one. */
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
 * The property every answer must have: never a 5xx, and a 4xx is the JSON
 * `{"error": "<message>"}` of docs/API.md#error-shape (only its content type for HEAD, which
 * carries no body).
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

/**
 * Writes bytes node:http would refuse to send (broken request lines, oversized headers)
 * and judges what comes back, or that nothing did.
 */
export async function rawExchange(
  port: number,
  bytes: Buffer,
  timeoutMs = 5_000,
): Promise<Outcome> {
  try {
    const { status, headers, body } = await rawHttpExchange(port, bytes, timeoutMs);
    return {
      answer: { status, contentType: headers['content-type'] ?? '', body: Buffer.from(body) },
    };
  } catch (error) {
    return { failure: (error as Error).message };
  }
}
