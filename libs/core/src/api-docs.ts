import { Inject, Injectable, type INestApplication, OnModuleInit } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SERVICE_CONFIG, ServiceConfig } from '@app/config';
import { ErrorBodyDto } from '@app/contracts';

/** Where every service serves its API reference: the UI here, the document at `-json`. */
const API_DOCS_PATH = 'docs';

/**
 * swagger-ui-dist's files. A bundle has no node_modules, so scripts/bundle.mjs copies them
 * beside it; the package's own lookup would name the bundle's folder there, and serve it.
 */
export const SWAGGER_UI_DIR = 'swagger-ui';

function swaggerUiAssets(): string {
  const besideBundle = join(__dirname, SWAGGER_UI_DIR);
  return existsSync(besideBundle)
    ? besideBundle
    : dirname(require.resolve('swagger-ui-dist/package.json'));
}

/**
 * The answers any route can give before it runs: RequestParsingMiddleware refuses a request
 * without Host or a body it cannot read, whatever the route. Routes add their own.
 */
const EVERY_ROUTE_REFUSES = {
  400: 'Malformed request: no Host header, or a JSON body that does not parse or nests too deep',
  413: 'Request body too large',
  415: 'Unsupported request body encoding or charset',
};

/**
 * Each service's OpenAPI document, made from its controllers and DTOs, at `/docs` (Swagger
 * UI) and `/docs-json`. configureApp hands over the app; the routes are added in
 * onModuleInit, after Nest's middleware and routes and before its 404 handler, so the docs
 * are observed and logged like any route and no API request passes their handlers. The
 * document is built on its first request, not at start-up.
 */
@Injectable()
export class ApiDocs implements OnModuleInit {
  private app?: INestApplication;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  attach(app: INestApplication): void {
    this.app = app;
  }

  onModuleInit(): void {
    const app = this.app;
    if (!app) return;
    SwaggerModule.setup(API_DOCS_PATH, app, () => this.document(app), {
      // JSON only: YAML would be a second route that re-serialises the document per request
      raw: ['json'],
      customSwaggerUiPath: swaggerUiAssets(),
      customSiteTitle: `${this.config.service} API`,
    });
  }

  private document(app: INestApplication) {
    const builder = new DocumentBuilder()
      .setTitle(this.config.service)
      .setDescription(
        `The HTTP API of ${this.config.service}. Every error answer is \`{"error": "<message>"}\`.`,
      )
      .addBearerAuth()
      .addGlobalResponse(
        ...Object.entries(EVERY_ROUTE_REFUSES).map(([status, description]) => ({
          status: Number(status),
          description,
          type: ErrorBodyDto,
        })),
      );
    return SwaggerModule.createDocument(app, builder.build(), { extraModels: [ErrorBodyDto] });
  }
}
