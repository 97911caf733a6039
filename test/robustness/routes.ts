import { METHODS } from 'node:http';
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { SERVE_STATIC_MODULE_OPTIONS, type ServeStaticModuleOptions } from '@nestjs/serve-static';
import { register } from 'prom-client';
import type { ServiceName } from '@app/config';
import { createE2eApp } from '@app/testing';
import { APP_MODULES, NOWHERE_TARGETS } from '../support/app-modules';

/**
 * The middleware Nest mounts for every method and path (body parser, metrics, trace
 * context). Unknown routes are what exercise it on its own, so the fuzz table lists them
 * under this key.
 */
export const EVERY_PATH = 'ALL /{*path}';

/** A folder of files served as they are, e.g. the cache's admin page under /admin. */
export const staticKey = (mount: string) => `STATIC ${mount}`;

/** The parts of a router 2.x layer we read; the package does not export its types. */
interface RouterLayer {
  name: string;
  rawPath?: unknown;
  slash?: boolean;
  route?: { path: string; methods: Record<string, boolean> };
}

function filesBelow(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

type RouterLayerRoute = NonNullable<RouterLayer['route']>;

function routeKeysOf(route: RouterLayerRoute): string[] {
  const methods = Object.keys(route.methods).filter((m) => route.methods[m]);
  return methods.length === METHODS.length
    ? [`ALL ${route.path}`]
    : methods.map((method) => `${method.toUpperCase()} ${route.path}`);
}

function routerStack(app: INestApplication): RouterLayer[] {
  return (app.getHttpAdapter().getInstance() as { router: { stack: RouterLayer[] } }).router.stack;
}

/**
 * The routes of the app's Express router as `METHOD /template` keys: what its controllers
 * declare, the middleware Nest mounts for every path ({@link EVERY_PATH}) and routes added
 * straight on Express (the API docs'); no static files.
 */
export function expressRoutes(app: INestApplication): string[] {
  return [
    ...new Set(routerStack(app).flatMap((layer) => (layer.route ? routeKeysOf(layer.route) : []))),
  ].sort();
}

/** serve-static's mounts; an app without it still has the API docs' static mount. */
function serveStaticOptions(app: INestApplication): ServeStaticModuleOptions[] {
  try {
    return app.get<ServeStaticModuleOptions[]>(SERVE_STATIC_MODULE_OPTIONS, { strict: false });
  } catch {
    return [];
  }
}

/**
 * What the app's Express router answers, as `METHOD /template` keys: every controller
 * route, each static mount and each file it serves. Global handlers mounted at `/` (query
 * parsing, Nest's 404 and error handlers) are not routes and are left out; any other
 * middleware mounted on a path comes back as `USE <path>`, so the fuzz table has to
 * account for it too.
 */
export function routeKeys(app: INestApplication): string[] {
  const keys = new Set<string>();
  for (const layer of routerStack(app)) {
    if (layer.route) {
      for (const key of routeKeysOf(layer.route)) keys.add(key);
    } else if (layer.name === 'serveStatic' && typeof layer.rawPath === 'string') {
      const mount = layer.rawPath;
      keys.add(staticKey(mount));
      const options = serveStaticOptions(app).filter(
        (option) => option.serveRoot === mount && option.rootPath,
      );
      for (const option of options) {
        for (const file of filesBelow(option.rootPath as string)) keys.add(`GET ${mount}/${file}`);
      }
    } else if (!layer.slash) {
      keys.add(`USE ${String(layer.rawPath)}`);
    }
  }
  return [...keys].sort();
}

/** Builds the service's AppModule in this process, as the e2e tests do, and lists its routes. */
export async function discoverRoutes(service: ServiceName): Promise<string[]> {
  let app: INestApplication | undefined;
  try {
    app = await createE2eApp(await APP_MODULES[service](), { config: NOWHERE_TARGETS });
    return routeKeys(app);
  } finally {
    await app?.close();
    // the next app registers the same metric names in prom-client's global registry
    register.clear();
  }
}
