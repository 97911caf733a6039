// The framework floor for `npm run bench` (scripts/bench.mjs): the least an app built on the
// design's framework can cost. The services are NestJS 11 on Express 5, and a bare app of
// either already costs several times the CPU per request of raw node:http; the benchmark runs
// these two beside the cache row, against the same raw 1-hop baseline, so that its report
// shows which targets the framework alone puts out of reach.
//
//   node scripts/bench-floor.mjs express <port>   a bare Express 5 app
//   node scripts/bench-floor.mjs nest    <port>   a bare Nest 11 app (@nestjs/platform-express)
//
// Both have two routes and nothing else: GET /cache/session/:id answers a session of the shape
// instabook-cache answers (id, user_id, booking_id, status, data, created_at; the id from the
// path, the rest fixed, about the size of a session the benchmark seeds), serialized per
// request, and GET /health answers {"status":"UP"}. No middleware, no logging, no validation,
// no guard; ETag and X-Powered-By off, as the services have them (libs/core configureApp).
// Nest: { logger: false, bodyParser: false }, one module, one controller. Plain JavaScript
// with the packages from node_modules, not bundled: decorators are applied with
// Reflect.decorate, as TypeScript's output does. Listens on 127.0.0.1; stops on SIGTERM or
// SIGINT.
import { createRequire } from 'node:module';
import process from 'node:process';

const require = createRequire(import.meta.url);
const [kind, portText] = process.argv.slice(2);
const port = Number(portText);

function usage(message) {
  process.stderr.write(
    `bench-floor: ${message}\nusage: node scripts/bench-floor.mjs express|nest <port>\n`,
  );
  process.exit(2);
}
if (!['express', 'nest'].includes(kind)) usage(`unknown app "${kind ?? ''}"`);
if (!Number.isInteger(port) || port < 1 || port > 65535) usage(`bad port "${portText ?? ''}"`);

const CREATED_AT = new Date().toISOString();
/** A session like the ones the benchmark seeds into instabook-cache, under the asked id. */
const session = (id) => ({
  id,
  user_id: 'user-1',
  booking_id: 'BK-0A1B2C3D',
  status: 'confirmed',
  data: 'Booking for hotel - 1 items',
  created_at: CREATED_AT,
});
const HEALTH = { status: 'UP' };

/** Listens; resolves to a function that closes the server and exits. */
async function startExpress() {
  const express = require('express');
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get('/cache/session/:id', (req, res) => {
    res.json(session(req.params.id));
  });
  app.get('/health', (_req, res) => {
    res.json(HEALTH);
  });
  const server = await new Promise((resolve, reject) => {
    const listening = app.listen(port, '127.0.0.1', (error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  return () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
}

async function startNest() {
  require('reflect-metadata');
  const { Controller, Get, Module, Param } = require('@nestjs/common');
  const { NestFactory } = require('@nestjs/core');
  // the adapter NestFactory loads by default; required here so that a missing one fails early
  require('@nestjs/platform-express');

  class SessionController {
    get(id) {
      return session(id);
    }
    health() {
      return HEALTH;
    }
  }
  const method = (name) => Object.getOwnPropertyDescriptor(SessionController.prototype, name);
  Reflect.decorate(
    [Get('cache/session/:id'), Reflect.metadata('design:paramtypes', [String])],
    SessionController.prototype,
    'get',
    method('get'),
  );
  Param('id')(SessionController.prototype, 'get', 0);
  Reflect.decorate(
    [Get('health'), Reflect.metadata('design:paramtypes', [])],
    SessionController.prototype,
    'health',
    method('health'),
  );
  Reflect.decorate([Controller()], SessionController);

  class FloorModule {}
  Reflect.decorate([Module({ controllers: [SessionController] })], FloorModule);

  const app = await NestFactory.create(FloorModule, { logger: false, bodyParser: false });
  app.disable('x-powered-by');
  app.set('etag', false);
  await app.listen(port, '127.0.0.1');
  return () => {
    app.getHttpServer().closeAllConnections();
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
}

const stopApp = await (kind === 'express' ? startExpress() : startNest());
let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  stopApp();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
