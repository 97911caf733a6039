import type { INestApplication, Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test, TestingModuleBuilder } from '@nestjs/testing';
import { APP_OPTIONS, configureApp } from '@app/core';

/**
 * Builds the app exactly as `bootstrapService` does (same options, same global providers
 * from AppModule), optionally customised, and initialises it without listening.
 */
export async function createE2eApp(
  appModule: Type,
  customise: (builder: TestingModuleBuilder) => TestingModuleBuilder = (builder) => builder,
): Promise<INestApplication> {
  const builder = Test.createTestingModule({ imports: [appModule] });
  const moduleRef = await customise(builder).compile();
  const app = configureApp(
    moduleRef.createNestApplication<NestExpressApplication>({ ...APP_OPTIONS, logger: false }),
  );
  await app.init();
  return app;
}
