import { Controller, Get, type INestApplication, Module, Param, Post } from '@nestjs/common';
import { register } from 'prom-client';
import request from 'supertest';
import { SERVICE_NAMES } from '@app/config';
import { CoreModule } from '@app/core';
import { createE2eApp } from '@app/testing';
import { EVERY_PATH, expressRoutes } from './robustness/routes';
import { APP_MODULES, NOWHERE_TARGETS } from './support/app-modules';

interface Response {
  description?: string;
  content?: Record<string, { schema?: { $ref?: string } }>;
}

interface Operation {
  summary?: string;
  parameters?: { name: string; in: string }[];
  responses?: Record<string, Response>;
}

interface OpenApiDocument {
  openapi: string;
  info: { title: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}

const ERROR_SCHEMA = '#/components/schemas/ErrorBodyDto';

/** What every route may answer before it runs (RequestParsingMiddleware). */
const EVERY_ROUTE_REFUSES = ['400', '413', '415'];

/** The routes the API docs add to every app: the UI, its init script and the document. */
const DOCS_ROUTES = [
  'GET /docs',
  'GET /docs-json',
  'GET /docs/',
  'GET /docs/LICENSE',
  'GET /docs/docs/swagger-ui-init.js',
  'GET /docs/index.html',
  'GET /docs/swagger-ui-init.js',
];

/** `GET /product/:id` → `GET /product/{id}`, as OpenAPI writes a path. */
const asOpenApi = (key: string) => key.replace(/:(\w+)/g, '{$1}');

/**
 * The operations the app's router serves that its document must list: all but Nest's
 * middleware for every path and the docs' own routes.
 */
function servedOperations(app: INestApplication): string[] {
  return expressRoutes(app)
    .filter((key) => key !== EVERY_PATH && !DOCS_ROUTES.includes(key))
    .map(asOpenApi);
}

function documentedOperations(document: OpenApiDocument): string[] {
  return Object.entries(document.paths)
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

/** Everything one operation's entry lacks; empty when it is documented. */
function operationProblems(key: string, operation: Operation): string[] {
  const problems: string[] = [];
  const responses = Object.entries(operation.responses ?? {});
  if (!operation.summary) problems.push(`${key}: no summary`);
  if (!responses.some(([status]) => /^2\d\d$/.test(status))) {
    problems.push(`${key}: no success response`);
  }
  for (const [status, response] of responses) {
    if (!response.description) problems.push(`${key} ${status}: no description`);
    const schema = response.content?.['application/json']?.schema?.$ref;
    if (/^[45]\d\d$/.test(status) && schema !== ERROR_SCHEMA) {
      problems.push(`${key} ${status}: not the error schema`);
    }
  }
  for (const status of EVERY_ROUTE_REFUSES) {
    if (!operation.responses?.[status]) problems.push(`${key}: ${status} missing`);
  }
  for (const [, name] of key.matchAll(/\{(\w+)\}/g)) {
    if (!operation.parameters?.some((param) => param.in === 'path' && param.name === name)) {
      problems.push(`${key}: path parameter ${name} not documented`);
    }
  }
  return problems;
}

/** Where the document and the served routes disagree, or an operation is not documented. */
function documentProblems(document: OpenApiDocument, served: string[]): string[] {
  const documented = documentedOperations(document);
  return [
    ...served.filter((key) => !documented.includes(key)).map((key) => `${key}: not documented`),
    ...documented.filter((key) => !served.includes(key)).map((key) => `${key}: not served`),
    ...Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, operation]) =>
        operationProblems(`${method.toUpperCase()} ${path}`, operation),
      ),
    ),
  ];
}

async function fetchDocument(app: INestApplication): Promise<OpenApiDocument> {
  const res = await request(app.getHttpServer()).get('/docs-json').expect(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  return res.body as OpenApiDocument;
}

describe.each(SERVICE_NAMES)('%s API docs', (service) => {
  let app: INestApplication;
  let document: OpenApiDocument;

  beforeAll(async () => {
    // load generators would otherwise poll the default target on localhost
    app = await createE2eApp(await APP_MODULES[service](), { config: NOWHERE_TARGETS });
    document = await fetchDocument(app);
  });

  afterAll(async () => {
    await app.close();
    register.clear();
  });

  it('serves an OpenAPI 3 document named after the service at /docs-json', () => {
    expect(document.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(document.info.title).toBe(service);
    expect(document.components?.schemas?.ErrorBodyDto).toBeDefined();
  });

  it('serves the UI at /docs, and no YAML copy', async () => {
    expect(expressRoutes(app)).toEqual(expect.arrayContaining(DOCS_ROUTES));
    const res = await request(app.getHttpServer()).get('/docs').expect(200);
    expect(res.text).toContain('swagger-ui-bundle.js');
    await request(app.getHttpServer()).get('/docs/swagger-ui.css').expect(200);
    await request(app.getHttpServer()).get('/docs-yaml').expect(404);
  });

  it('documents every route it serves, and only those, each with its answers', () => {
    expect(documentProblems(document, servedOperations(app))).toEqual([]);
  });

  it('lists the status of what each route answers to a plain request', async () => {
    const unlisted: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const url = path.replace(/\{\w+\}/g, 'no-such-id');
        const http = request(app.getHttpServer());
        const res = await (method === 'post' ? http.post(url).send({}) : http.get(url));
        if (!operation.responses?.[String(res.status)]) {
          unlisted.push(`${method.toUpperCase()} ${path} answered ${res.status}`);
        }
      }
    }
    expect(unlisted).toEqual([]);
  });
});

@Controller('undocumented')
class UndocumentedController {
  @Get(':id')
  get(@Param('id') id: string): string {
    return id;
  }

  @Post()
  create(): void {}
}

@Module({
  imports: [CoreModule.forRoot({ service: 'ad-service' })],
  controllers: [UndocumentedController],
})
class UndocumentedModule {}

describe('the API docs check', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createE2eApp(UndocumentedModule);
  });

  afterAll(async () => {
    await app.close();
    register.clear();
  });

  it('reports a route without API docs', async () => {
    const problems = documentProblems(await fetchDocument(app), servedOperations(app));
    expect(problems).toEqual(
      expect.arrayContaining([
        'GET /undocumented/{id}: no summary',
        'GET /undocumented/{id} 200: no description',
        'POST /undocumented: no summary',
        'POST /undocumented 201: no description',
      ]),
    );
  });

  it('reports a served route missing from the document, and a listed route nobody serves', async () => {
    const document = await fetchDocument(app);
    const served = servedOperations(app);
    delete document.paths['/undocumented'];
    expect(documentProblems(document, [...served, 'GET /gone'])).toEqual(
      expect.arrayContaining(['POST /undocumented: not documented', 'GET /gone: not documented']),
    );
    expect(
      documentProblems(
        document,
        served.filter((key) => key !== 'GET /health'),
      ),
    ).toEqual(expect.arrayContaining(['GET /health: not served']));
  });
});
