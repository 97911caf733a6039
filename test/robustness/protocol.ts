import fc from 'fast-check';
import { unknownPath } from './inputs';

/** Bytes node:http would never send, with the status the answer must have (any 4xx if none). */
export interface ProtocolCase {
  name: string;
  bytes: Buffer;
  status?: number;
}

const latin1 = (text: string) => Buffer.from(text, 'latin1');
const CLOSE = 'Host: x\r\nConnection: close\r\n';

export const PROTOCOL_CASES: ProtocolCase[] = [
  { name: 'a request line that is not HTTP', bytes: latin1('GARBAGE\r\n\r\n'), status: 400 },
  { name: 'an unknown method', bytes: latin1(`FOO / HTTP/1.1\r\n${CLOSE}\r\n`), status: 400 },
  { name: 'a lowercase method', bytes: latin1(`get / HTTP/1.1\r\n${CLOSE}\r\n`), status: 400 },
  {
    name: 'a space in the target',
    bytes: latin1(`GET /he alth HTTP/1.1\r\n${CLOSE}\r\n`),
    status: 400,
  },
  {
    name: 'a NUL in the target',
    bytes: latin1(`GET /health\x00 HTTP/1.1\r\n${CLOSE}\r\n`),
    status: 400,
  },
  {
    name: 'a raw non-ASCII byte in the target',
    bytes: latin1(`GET /product/\xe9 HTTP/1.1\r\n${CLOSE}\r\n`),
    status: 400,
  },
  { name: 'HTTP/9.9', bytes: latin1(`GET / HTTP/9.9\r\n${CLOSE}\r\n`), status: 400 },
  { name: 'the HTTP/2 preface', bytes: latin1('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), status: 400 },
  {
    name: 'a header line without a colon',
    bytes: latin1(`GET /health HTTP/1.1\r\n${CLOSE}bad header\r\n\r\n`),
    status: 400,
  },
  {
    name: 'a folded header line',
    bytes: latin1(`GET /health HTTP/1.1\r\n${CLOSE}X-A: b\r\n folded\r\n\r\n`),
    status: 400,
  },
  {
    name: 'a control character in a header value',
    bytes: latin1(`GET /health HTTP/1.1\r\n${CLOSE}X-A: \x01\r\n\r\n`),
    status: 400,
  },
  {
    name: 'two Content-Length headers',
    bytes: latin1(
      `POST /health HTTP/1.1\r\n${CLOSE}Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}`,
    ),
    status: 400,
  },
  {
    name: 'Content-Length beside Transfer-Encoding: chunked',
    bytes: latin1(
      `POST /health HTTP/1.1\r\n${CLOSE}Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n`,
    ),
    status: 400,
  },
  {
    // the body is read (JSON), so the broken chunk is met while a request is in flight
    name: 'a chunk size that is not hexadecimal',
    bytes: latin1(
      `POST /health HTTP/1.1\r\n${CLOSE}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
    ),
  },
  {
    name: 'headers over 16 KiB',
    bytes: latin1(`GET /health HTTP/1.1\r\n${CLOSE}X-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
    status: 431,
  },
  {
    name: 'a request target over 16 KiB',
    bytes: latin1(`GET /health?q=${'a'.repeat(20_000)} HTTP/1.1\r\n${CLOSE}\r\n`),
    status: 431,
  },
  {
    name: 'HTTP/1.1 without Host',
    bytes: latin1('GET /health HTTP/1.1\r\nConnection: close\r\n\r\n'),
    status: 400,
  },
  {
    name: 'an Expect node does not know',
    bytes: latin1(`GET /health HTTP/1.1\r\n${CLOSE}Expect: foo\r\n\r\n`),
    status: 417,
  },
  // node closes the socket unanswered when no one listens for 'connect'
  { name: 'CONNECT', bytes: latin1('CONNECT 127.0.0.1:9 HTTP/1.1\r\nHost: 127.0.0.1:9\r\n\r\n') },
];

/** Any bytes but CR and LF, which would end the line early and start a second request. */
const bytes = (min: number, max: number) =>
  fc
    .uint8Array({ minLength: min, maxLength: max })
    .map((array) => Buffer.from(array.filter((b) => b !== 0x0a && b !== 0x0d)).toString('latin1'));

/**
 * Request lines and header lines from well-formed to broken. Every request is complete (no
 * promised body), so a server that waits instead of answering is a finding, not a test bug.
 */
export const rawRequests: fc.Arbitrary<Buffer> = fc
  .record({
    method: fc.oneof(
      fc.constantFrom('GET', 'POST', 'HEAD', 'OPTIONS', 'DELETE'),
      fc.constantFrom('get', 'Get', 'G ET', 'GET\t', 'FOO', 'PRI', '', 'GET GET'),
      fc.stringMatching(/^[A-Z-]{1,12}$/),
      bytes(1, 8),
    ),
    target: fc.oneof(
      fc.constantFrom('/health', '/', '*', '/products?x=1', 'http://x/health', ''),
      unknownPath,
      bytes(1, 40).map((raw) => `/${raw}`),
      fc.integer({ min: 1_000, max: 12_000 }).map((n) => `/${'a'.repeat(n)}`),
    ),
    version: fc.constantFrom(
      'HTTP/1.1',
      'HTTP/1.0',
      'HTTP/2.0',
      'HTTP/0.9',
      'http/1.1',
      'HTTP/1.10',
      'HTTP/1',
      '',
      'HTTPS/1.1',
      'HTTP/1.1 ',
      'HTTP/1.1\x00',
    ),
    headers: fc.array(
      fc.oneof(
        fc.constantFrom(
          'X-A: b',
          'X-A b',
          'X-A : b',
          ' folded',
          'X-A: \x01',
          'X-A: \x00',
          ': empty name',
          'Content-Length: abc',
          'Content-Length: -1',
          'Content-Length: 0',
          'Transfer-Encoding: gzip',
          'Host: other',
          'Expect: 100-continue',
        ),
        fc.integer({ min: 10, max: 9_000 }).map((n) => `X-${'a'.repeat(n)}: 1`),
        bytes(1, 30),
      ),
      { maxLength: 4 },
    ),
  })
  .map(({ method, target, version, headers }) =>
    Buffer.from(
      `${method} ${target} ${version}\r\nHost: x\r\n${headers.map((line) => `${line}\r\n`).join('')}Connection: close\r\n\r\n`,
      'latin1',
    ),
  );
