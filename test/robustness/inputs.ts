import fc from 'fast-check';
import { METHODS } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { instabookTokenConfig } from '@app/auth';
import type { FuzzRequest } from './exchange';

/**
 * Hostile but sendable inputs. Sizes stay below node's 16 KiB header limit (target and
 * headers together), so a 431 here would be a real finding; the limit itself is probed
 * with raw sockets.
 */

const TOKEN = instabookTokenConfig().token;

/**
 * Lets a counterexample shrink to the first (plainest) alternative, e.g. from a body to no
 * body at all, instead of only within the alternative it was drawn from.
 */
const CROSS_SHRINK = { withCrossShrink: true };

/** Characters node:http accepts in a header value, control characters excluded. */
const PRINTABLE = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code));
const printable = (maxLength: number) => fc.string({ unit: PRINTABLE, maxLength });

/** UTF-8 bytes of the text, sent as they are (node writes header values as latin1). */
const utf8Bytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
/** node:http refuses header values with control characters other than tab. */
const sendableHeader = (value: string) =>
  [...value].every((char) => char === '\t' || (char >= ' ' && char !== '\x7f'));

/** Numbers JSON allows but JavaScript cannot hold exactly, or only as ±Infinity/0. */
export const EXTREME_NUMBERS = [
  '1e400',
  '-1e400',
  '-0',
  '9007199254740993',
  '-9007199254740993',
  '1e-400',
  '4.9e-324',
  '1.7976931348623157e308',
  '123456789012345678901234567890',
  '2147483648',
  '-2147483649',
  '1E2',
  '0.1e1',
  '1.0',
];

/** Numbers as people write them that are not JSON: the body parser must refuse them. */
export const NOT_JSON_NUMBERS = [
  'NaN',
  'Infinity',
  '-Infinity',
  '0x10',
  '01',
  '.5',
  '+1',
  '1.',
  '1_000',
];

const INVALID_PERCENT = fc.constantFrom(
  '%',
  '%zz',
  '%E0%A4%A',
  '%C0%AE',
  '%FF',
  '%00',
  '%%',
  '%2',
  '%u0041',
  '%C3%28',
  '%ED%A0%80',
  'a%',
  '%%41',
);

const TRAVERSAL = fc.constantFrom(
  '..',
  '.',
  '%2e%2e',
  '%2e%2e%2f',
  '..%2f..%2f',
  '%2e%2e%5c',
  '.%2e',
  '%2E%2E%2F%2E%2E%2F',
  '..;',
  '%252e%252e%252f',
  '..%00',
  '..%c0%af',
  '....//',
  '..\\..\\',
  '../../../../etc/passwd',
  '%2e%2e/%2e%2e/%2e%2e/package.json',
);

const NUMBERISH = fc.constantFrom(
  '0',
  '-0',
  '-1',
  '1e3',
  '1.5',
  '9007199254740993',
  '99999999999999999999',
  '1e400',
  'NaN',
  'Infinity',
  '0x10',
  '+1',
  '%201',
  '1%20',
  '%EF%BC%91',
  '007',
  '1_000',
  '2147483648',
);

const encodedUnicode = (maxLength: number) =>
  fc.string({ unit: 'grapheme', minLength: 1, maxLength }).map(encodeURIComponent);

const PUNCTUATION = fc.string({
  unit: fc.constantFrom(...'!$&\'()*+,;=:@[]{}|^`"<>\\~'.split('')),
  minLength: 1,
  maxLength: 6,
});

/** One path segment a client might send: plain, numeric-looking, encoded, broken, hostile. */
export const oddSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9._~-]{1,20}$/) },
  { weight: 2, arbitrary: NUMBERISH },
  { weight: 2, arbitrary: encodedUnicode(12) },
  { weight: 2, arbitrary: INVALID_PERCENT },
  { weight: 2, arbitrary: TRAVERSAL },
  { weight: 1, arbitrary: PUNCTUATION },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 3000 }).map((n) => 'a'.repeat(n)) },
  { weight: 1, arbitrary: fc.constant('') },
);

/** A route parameter: mostly odd, sometimes a value the service knows. */
export const param = (known: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 1, arbitrary: known }, { weight: 3, arbitrary: oddSegment });

/** Paths no route declares, or declares only in another spelling. */
export const unknownPath: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .array(oddSegment, { minLength: 1, maxLength: 6 })
      .map((segments) => `/${segments.join('/')}`),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '/',
      '//',
      '///health',
      '/\\',
      '*',
      '/health/..',
      '/%2e%2e/health',
      '/admin/../health',
      '/HEALTH',
      '/health/',
      '/health;x',
      '/health%00',
      '/health%2f',
      '/health%20',
      '/.well-known/security.txt',
      'http://127.0.0.1/health',
      'http://[::1]/x',
      '/products/../../../../etc/passwd',
      '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/admin/..%2f..%2fpackage.json',
      '/metrics/',
      '/favicon.ico',
      '/index.html',
    ),
  },
);

/** Every method node's parser knows except CONNECT, which node hands to a separate event. */
const METHOD_POOL = METHODS.filter((method) => method !== 'CONNECT');

export const anyMethod = fc.constantFrom(...METHOD_POOL);

/** Mostly the route's own method, sometimes HEAD, sometimes any other. */
export const methodFor = (method: string) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constant(method) },
    { weight: 1, arbitrary: fc.constant('HEAD') },
    { weight: 1, arbitrary: anyMethod },
  );

const oddQueryValue = fc.oneof(
  INVALID_PERCENT,
  encodedUnicode(8),
  fc.constantFrom(...EXTREME_NUMBERS, ...NOT_JSON_NUMBERS).map(encodeURIComponent),
  fc.integer({ min: 100, max: 6000 }).map((n) => 'a'.repeat(n)),
  fc.constantFrom('', '%20%20', '+', '++', 'a+b', '%2C%2C', ',,,'),
);

const queryValue = (values: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 3, arbitrary: values.map(encodeURIComponent) },
    { weight: 2, arbitrary: oddQueryValue },
  );

const ODD_PAIRS = fc.constantFrom(
  '__proto__[x]=1',
  'constructor[prototype][x]=1',
  '__proto__=1',
  'hasOwnProperty=1',
  'toString=x',
  '=x',
  '',
  'a=b=c',
  '%zz=1',
  '%E0%A4%A=1',
  'k',
);

/**
 * A query string: the route's parameters with good and bad values, repeated, in array
 * syntax, prototype-polluting keys, broken encodings, many pairs, huge values.
 */
export function query(params: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const names = Object.keys(params).length > 0 ? Object.keys(params) : ['q'];
  const valueOf = (name: string) => queryValue(params[name] ?? printable(20));
  const pair = fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .constantFrom(...names)
        .chain((name) => valueOf(name).map((value) => `${name}=${value}`)),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...names), fc.constantFrom('[]', '[0]', '[a][b]', '[', ']'))
        .chain(([name, suffix]) => valueOf(name).map((value) => `${name}${suffix}=${value}`)),
    },
    { weight: 1, arbitrary: ODD_PAIRS },
    {
      weight: 1,
      arbitrary: fc
        .tuple(printable(12), printable(12))
        .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`),
    },
  );
  return fc.oneof(
    CROSS_SHRINK,
    { weight: 2, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.constant('?') },
    {
      weight: 8,
      arbitrary: fc
        .array(pair, { minLength: 1, maxLength: 8 })
        .map((pairs) => `?${pairs.join('&')}`),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...names), fc.integer({ min: 2, max: 400 }))
        .map(([name, times]) => `?${`${name}=1&`.repeat(times)}`),
    },
  );
}

const AUTHORIZATION = fc.oneof(
  CROSS_SHRINK,
  { weight: 4, arbitrary: fc.constant<string | string[]>(`Bearer ${TOKEN}`) },
  {
    weight: 4,
    arbitrary: fc.constantFrom<string | string[]>(
      '',
      'Bearer',
      'Bearer ',
      'bearer  x',
      `bearer ${TOKEN}`,
      `BEARER ${TOKEN}`,
      `Bearer ${TOKEN} extra`,
      `Bearer  ${TOKEN}`,
      `Bearer\t${TOKEN}`,
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.toUpperCase()}`,
      'Basic dXNlcjpwYXNz',
      `Token ${TOKEN}`,
      TOKEN,
      'Bearer null',
      [`Bearer ${TOKEN}`, 'Basic dXNlcjpwYXNz'],
      ['Bearer wrong', `Bearer ${TOKEN}`],
    ),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 100, max: 4000 }).map((n) => `Bearer ${'a'.repeat(n)}`),
  },
  {
    weight: 1,
    arbitrary: fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 20 })
      .map((text) => utf8Bytes(`Bearer ${text}`))
      .filter(sendableHeader),
  },
  { weight: 1, arbitrary: printable(60) },
);

const hex = (length: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${length}}$`));

const TRACEPARENT = fc.oneof(
  fc.tuple(hex(32), hex(16)).map(([trace, span]) => `00-${trace}-${span}-01`),
  fc.constantFrom(
    `ff-${'a'.repeat(32)}-${'b'.repeat(16)}-01`,
    `00-${'0'.repeat(32)}-${'0'.repeat(16)}-00`,
    '00-xyz',
    '',
  ),
  printable(80),
);

const CONDITIONAL = fc.record(
  {
    range: fc.constantFrom(
      'bytes=0-1',
      'bytes=999999-',
      'bytes=5-1',
      'bytes=-1',
      'bytes=0-0,2-2,4-4',
      `bytes=${Array.from({ length: 200 }, (_, i) => `${i}-${i}`).join(',')}`,
      'items=0-1',
      'bytes=abc',
      '',
    ),
    'if-match': fc.constantFrom('"nope"', '*', 'W/"x"', 'garbage'),
    'if-none-match': fc.constantFrom('*', '"x"', 'W/"x"'),
    'if-modified-since': fc.constantFrom(
      'Mon, 01 Jan 2090 00:00:00 GMT',
      'Thu, 01 Jan 1970 00:00:00 GMT',
      'garbage',
    ),
    'if-unmodified-since': fc.constantFrom('Thu, 01 Jan 1970 00:00:00 GMT', 'garbage'),
    'if-range': fc.constantFrom('"x"', 'Thu, 01 Jan 1970 00:00:00 GMT'),
  },
  { requiredKeys: [] },
);

export interface HeaderOptions {
  /** Send a valid token most of the time, so guarded routes get past the guard. */
  authorization?: 'rare' | 'often';
  /** Range and precondition headers; they matter most for static files. */
  conditional?: 'rare' | 'often';
}

/** Request headers apart from the body's own (content type, encoding, framing). */
export function headers(
  options: HeaderOptions = {},
): fc.Arbitrary<Record<string, string | string[]>> {
  const conditional = fc.oneof(
    CROSS_SHRINK,
    { weight: options.conditional === 'often' ? 3 : 12, arbitrary: fc.constant({}) },
    { weight: 2, arbitrary: CONDITIONAL },
  );
  return fc
    .tuple(
      fc.record(
        {
          authorization: AUTHORIZATION,
          traceparent: TRACEPARENT,
          'x-request-id': fc.oneof(fc.uuid(), printable(300)),
          accept: fc.constantFrom('application/json', 'text/html', '*/*', 'application/xml', ';;;'),
          'accept-encoding': fc.constantFrom('gzip', 'br', 'identity;q=0', '*;q=0', 'bogus'),
        },
        { requiredKeys: [] },
      ),
      options.authorization === 'often'
        ? fc.option(fc.constant(`Bearer ${TOKEN}`), { freq: 4 })
        : fc.constant(null),
      conditional,
    )
    .map(([common, validAuth, extra]) => {
      const all: Record<string, string | string[]> = { ...common, ...extra };
      if (validAuth !== null && common.authorization === undefined) all.authorization = validAuth;
      return all;
    });
}

/** A JSON text of `depth` levels: `[[…]]`, `{"":{"":…}}` or alternating `[{"a":[…]}]`. */
function nestedJson(shape: 'array' | 'object' | 'mixed', depth: number): string {
  if (shape === 'array') return '['.repeat(depth) + ']'.repeat(depth);
  if (shape === 'object') return '{"":'.repeat(depth) + '0' + '}'.repeat(depth);
  const opens = Array.from({ length: depth }, (_, i) => (i % 2 ? '{"a":' : '['));
  const closes = Array.from({ length: depth }, (_, i) => (i % 2 ? '}' : ']')).reverse();
  return `${opens.join('')}0${closes.join('')}`;
}

/** Up to 20,000 levels: the object form is then 100,001 bytes, still under the default limit. */
const nesting = (maxDepth: number) =>
  fc
    .tuple(
      fc.constantFrom('array' as const, 'object' as const, 'mixed' as const),
      // fast-check's bias draws both ends often; one integer lets shrinking find the threshold
      fc.integer({ min: 1, max: maxDepth }),
    )
    .map(([shape, depth]) => ({
      text: nestedJson(shape, depth),
      note: `${shape} nested ${depth} deep`,
    }));

/** A valid JSON object of exactly `bytes` bytes, padded with ASCII or two-byte characters. */
function jsonOfSize(bytes: number, twoByte: boolean): string {
  const room = Math.max(0, bytes - '{"pad":""}'.length);
  const pad = twoByte ? 'é'.repeat(Math.floor(room / 2)) + 'x'.repeat(room % 2) : 'x'.repeat(room);
  return `{"pad":"${pad}"}`;
}

/** A valid request body for a route, and where inside it to plant bad values. */
export interface Payload {
  value: Record<string, unknown>;
  paths: (string | number)[][];
}

type Replacement =
  | { kind: 'json'; value: unknown }
  | { kind: 'raw'; text: string; note?: string }
  | { kind: 'delete' };

const RAW = '\u0000raw\u0000';

function plant(payload: Payload, path: (string | number)[], replacement: Replacement): string {
  const copy = structuredClone(payload.value);
  let parent: Record<string | number, unknown> = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (replacement.kind === 'delete') delete parent[last];
  else parent[last] = replacement.kind === 'json' ? replacement.value : RAW;
  const text = JSON.stringify(copy);
  return replacement.kind === 'raw' ? text.replace(JSON.stringify(RAW), replacement.text) : text;
}

const ODD_STRINGS = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'ſ',
  'eur',
  '🙂',
  '\u202Etxt.exe',
  'a'.repeat(5_000),
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '${jndi:ldap://x}',
);

const replacement: fc.Arbitrary<Replacement> = fc.oneof(
  CROSS_SHRINK,
  {
    weight: 3,
    arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => ({ kind: 'json' as const, value })),
  },
  { weight: 2, arbitrary: ODD_STRINGS.map((value) => ({ kind: 'json' as const, value })) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(...EXTREME_NUMBERS, ...NOT_JSON_NUMBERS)
      .map((text) => ({ kind: 'raw' as const, text })),
  },
  {
    weight: 1,
    // 15,000 object levels (75 KB) leave room in the limit for the rest of the payload
    arbitrary: nesting(15_000).map(({ text, note }) => ({ kind: 'raw' as const, text, note })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'delete' as const }) },
);

const EXTRA_KEYS = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'created_at',
  'extra',
);

/** The route's valid body, as is or with one value replaced, removed or a key added. */
function payloadText(payload: Payload): fc.Arbitrary<{ text: string; note?: string }> {
  return fc.oneof(
    CROSS_SHRINK,
    { weight: 1, arbitrary: fc.constant({ text: JSON.stringify(payload.value) }) },
    {
      weight: 5,
      arbitrary: fc.tuple(fc.constantFrom(...payload.paths), replacement).map(([path, change]) => ({
        text: plant(payload, path, change),
        note: `${path.join('.')}: ${change.kind === 'raw' ? (change.note ?? change.text) : change.kind}`,
      })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(EXTRA_KEYS, fc.jsonValue({ maxDepth: 2 })).map(([key, value]) => ({
        // written as text: an object literal would not keep "__proto__" as an own key
        text: `{${JSON.stringify(key)}:${JSON.stringify(value)},${JSON.stringify(payload.value).slice(1)}`,
        note: `extra key ${key}`,
      })),
    },
  );
}

let bomb: Buffer | undefined;
/** 10 MB of whitespace in 10 KB of gzip: the limit must apply to the inflated size. */
function gzipBomb(): Buffer {
  bomb ??= gzipSync(Buffer.alloc(10 * 1024 * 1024, 0x20));
  return bomb;
}

interface Content {
  bytes: Buffer;
  note?: string;
  /** Bodies whose bytes already carry their encoding (the gzip bomb). */
  encoding?: string;
}

const text = (value: string, note?: string): Content => ({ bytes: Buffer.from(value), note });

function content(payload: Payload | undefined, limit: number): fc.Arbitrary<Content> {
  const sizes = [limit - 1, limit, limit + 1, 2 * limit, 1024 * 1024].filter((n) => n > 0);
  const choices: fc.WeightedArbitrary<Content>[] = [
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => text(JSON.stringify(v))) },
    { weight: 2, arbitrary: nesting(20_000).map(({ text: t, note }) => text(t, note)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...EXTREME_NUMBERS, ...NOT_JSON_NUMBERS),
          fc.constantFrom('{"n":%}', '[%]', '%'),
        )
        .map(([number, frame]) => text(frame.replace('%', number))),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...sizes), fc.boolean())
        .map(([bytes, twoByte]) =>
          text(
            jsonOfSize(bytes, twoByte),
            `${bytes} bytes${twoByte ? ' of two-byte characters' : ''} (${bytes > limit ? 'over' : 'within'} the limit of ${limit})`,
          ),
        ),
    },
    {
      weight: 2,
      arbitrary: fc.oneof(
        fc
          .uint8Array({ maxLength: 300 })
          .map((bytes) => ({ bytes: Buffer.from(bytes), note: 'random bytes' })),
        fc
          .constantFrom(
            '',
            'null',
            '""',
            '[]',
            '{}',
            'true',
            '0',
            '\uFEFF{}',
            '{"a":1}garbage',
            '{"a":',
            '{"a":1,}',
            "{'a':1}",
            '{"a":1}{"b":2}',
            'a=1&b=2',
            '--fuzz\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--fuzz--\r\n',
            '{"__proto__":{"polluted":true}}',
            '{"constructor":{"prototype":{"polluted":true}}}',
            '{"a":"\\ud800"}',
            '"\u2028\u2029"',
          )
          .map((value) => text(value)),
        fc.constant({ bytes: Buffer.from([0xff, 0xfe, 0x7b, 0x7d]), note: 'invalid UTF-8' }),
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .constant(0)
        .map(() => ({ bytes: gzipBomb(), note: 'gzip bomb', encoding: 'gzip' })),
    },
  ];
  if (payload) {
    choices.push({
      weight: 8,
      arbitrary: payloadText(payload).map(({ text: t, note }) => text(t, note)),
    });
  }
  return fc.oneof(CROSS_SHRINK, ...choices);
}

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8'];
const ODD_TYPES = [
  'application/json; charset=UTF-8',
  'application/json;charset="utf-8"',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json; charset=bogus',
  'application/json; charset=',
  'APPLICATION/JSON',
  'application/vnd.api+json',
  'application/merge-patch+json',
  'text/json',
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=fuzz',
  'multipart/form-data',
  'application/octet-stream',
  '*/*',
  '',
  'application/',
  ';',
  'application/json, text/plain',
];

const COMPRESS: Record<string, (bytes: Buffer) => Buffer> = {
  gzip: gzipSync,
  deflate: deflateSync,
  br: brotliCompressSync,
};

/** How the body is labelled and framed; the encoding is either real or only claimed. */
const envelope = fc.record({
  contentType: fc.oneof(
    CROSS_SHRINK,
    { weight: 6, arbitrary: fc.constantFrom<string | undefined>(...JSON_TYPES) },
    { weight: 3, arbitrary: fc.constantFrom<string | undefined>(...ODD_TYPES) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  ),
  encoding: fc.oneof(
    CROSS_SHRINK,
    { weight: 14, arbitrary: fc.constant<{ name: string; real: boolean } | undefined>(undefined) },
    { weight: 1, arbitrary: fc.constant({ name: 'identity', real: false }) },
    {
      weight: 2,
      arbitrary: fc.constantFrom('gzip', 'deflate', 'br').map((name) => ({ name, real: true })),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(
          'gzip',
          'deflate',
          'br',
          'GZIP',
          'gzip, gzip',
          'compress',
          'x-unknown',
          'identity, gzip',
          '',
        )
        .map((name) => ({ name, real: false })),
    },
  ),
});

export interface BodyPart {
  body?: Buffer;
  headers: Record<string, string>;
  chunked: boolean;
  notes: string[];
}

/** A body (or none) with its content type, encoding and framing. */
export function body(payload: Payload | undefined, limit: number): fc.Arbitrary<BodyPart> {
  const some = fc
    .tuple(content(payload, limit), envelope, fc.integer({ min: 0, max: 6 }))
    .map(([part, label, framing]): BodyPart => {
      const headers: Record<string, string> = {};
      const notes = part.note ? [`body: ${part.note}`] : [];
      if (label.contentType !== undefined) headers['content-type'] = label.contentType;
      let bytes = part.bytes;
      if (part.encoding) {
        headers['content-encoding'] = part.encoding;
      } else if (label.encoding) {
        headers['content-encoding'] = label.encoding.name;
        const compress = COMPRESS[label.encoding.name];
        if (label.encoding.real && compress) {
          bytes = compress(bytes);
          notes.push(`body really ${label.encoding.name}-compressed`);
        } else if (label.encoding.name) {
          notes.push(`body claims ${label.encoding.name} but is sent as it is`);
        }
      }
      // one body in seven goes chunked (not the shrink target 0): no Content-Length to trust
      return { body: bytes, headers, chunked: framing === 6, notes };
    });
  return fc.oneof(
    CROSS_SHRINK,
    { weight: 1, arbitrary: fc.constant<BodyPart>({ headers: {}, chunked: false, notes: [] }) },
    { weight: 3, arbitrary: some },
  );
}

export interface RequestShape {
  method: fc.Arbitrary<string>;
  path: fc.Arbitrary<string>;
  query?: fc.Arbitrary<string>;
  payload?: Payload;
  headers?: HeaderOptions;
}

/** Puts path, query, headers and body together into one request. */
export function requests(shape: RequestShape, limit: number): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      method: shape.method,
      path: shape.path,
      query: shape.query ?? query({}),
      headers: headers(shape.headers),
      body: body(shape.payload, limit),
    })
    .map((parts): FuzzRequest => ({
      method: parts.method,
      path: parts.path + parts.query,
      headers: { ...parts.headers, ...parts.body.headers },
      body: parts.body.body,
      chunked: parts.body.chunked,
      notes: parts.body.notes,
    }));
}
