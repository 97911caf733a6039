// Raw node:http stand-ins for the services: the floor `npm run bench` (scripts/bench.mjs)
// measures each workload against, in the same run. One server per process, so that the
// benchmark can read each one's CPU time from /proc like a service's.
//
//   node scripts/bench-baselines.mjs leaf   <port>
//   node scripts/bench-baselines.mjs relay  <port> <back port>
//   node scripts/bench-baselines.mjs fanout <port> <back port>,<back port>[,...]
//
//   leaf    answers every request with BENCH_BODY (a JSON text; a small object by default),
//           serialized per request as a service would
//   relay   per request, calls its back server (same method, path and body) over a keep-alive
//           http.Agent, parses the JSON answer and returns it: the 2-hop baseline
//   fanout  per request, reads and parses the request's JSON body, calls every back server in
//           parallel (GET, same path) over a keep-alive agent, parses their answers and merges
//           them; it answers BENCH_BODY when set (the subject's own answer, so both send the
//           same bytes) and the merged object otherwise
//
// GET /health answers {"status":"UP"} without calling anyone. A failed back call answers 502.
// The agents keep at most 64 sockets per back server, as the services' own pool does
// (libs/http-client). Stops on SIGTERM or SIGINT.
import { Buffer } from 'node:buffer';
import { Agent, createServer, request } from 'node:http';
import process from 'node:process';
import { environment } from '../libs/config/environment.cjs';

const [role, portText, backs = ''] = process.argv.slice(2);
const port = Number(portText);
const backPorts = backs
  .split(',')
  .filter(Boolean)
  .map((value) => Number(value));

function usage(message) {
  process.stderr.write(
    `bench-baselines: ${message}\n` +
      'usage: node scripts/bench-baselines.mjs leaf <port> | relay <port> <back port> | ' +
      'fanout <port> <back port>,<back port>[,...]\n',
  );
  process.exit(2);
}

if (!['leaf', 'relay', 'fanout'].includes(role)) usage(`unknown role "${role ?? ''}"`);
if (!Number.isInteger(port) || port < 1 || port > 65535) usage(`bad port "${portText ?? ''}"`);
if (backPorts.some((value) => !Number.isInteger(value) || value < 1 || value > 65535)) {
  usage(`bad back ports "${backs}"`);
}
if (role === 'relay' && backPorts.length !== 1) usage('relay needs exactly one back port');
if (role === 'fanout' && backPorts.length < 1) usage('fanout needs back ports');

const { BENCH_BODY } = environment();
const body = BENCH_BODY
  ? JSON.parse(BENCH_BODY)
  : { id: 'baseline', status: 'ok', message: 'a small JSON answer from a raw node:http server' };
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function send(res, status, value) {
  const text = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** One call to a back server; resolves to its parsed JSON answer. */
function call(backPort, method, path, payload) {
  return new Promise((resolve, reject) => {
    const headers = payload ? { 'content-type': 'application/json' } : {};
    if (payload) headers['content-length'] = Buffer.byteLength(payload);
    const req = request(
      { host: '127.0.0.1', port: backPort, method, path, agent, headers, timeout: 10_000 },
      (res) => {
        readBody(res).then((text) => {
          if (res.statusCode !== 200) {
            reject(new Error(`back server :${backPort} answered ${res.statusCode}`));
            return;
          }
          try {
            resolve(JSON.parse(text));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        }, reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`back server :${backPort} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

async function handle(req, res) {
  const text = await readBody(req);
  if (req.url === '/health') return send(res, 200, { status: 'UP' });
  if (role === 'leaf') return send(res, 200, body);
  if (role === 'relay') {
    return send(res, 200, await call(backPorts[0], req.method, req.url, text || undefined));
  }
  const input = text ? JSON.parse(text) : undefined;
  const answers = await Promise.all(backPorts.map((back) => call(back, 'GET', req.url)));
  const merged = { input, answers };
  return send(res, 200, BENCH_BODY ? body : merged);
}

const server = createServer((req, res) => {
  handle(req, res).catch((error) => {
    if (!res.headersSent) send(res, 502, { error: String(error) });
    else res.destroy();
  });
});
// as the services' servers (libs/core): idle keep-alive sockets close after 5 s
server.keepAliveTimeout = 5_000;
server.listen(port, '127.0.0.1');

function stop() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  agent.destroy();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
