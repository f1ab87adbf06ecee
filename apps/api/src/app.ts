import 'reflect-metadata';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import { AppModule, type ApiDependencies } from './app.module';
import { consoleStatic } from './console/console-static';
import { ErrorFilter } from './http/error-filter';
import { requestMiddleware } from './http/request-middleware';

/**
 * Builds the API on its dependencies. Body parsing is ours, not Nest's default, so that
 * malformed JSON, oversize bodies and wrong content types all end in the one error shape.
 */
export async function createApiApp(deps: ApiDependencies): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.with(deps), {
    bodyParser: false,
    logger: false,
  });
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Decides whether X-Forwarded-Proto/-For are believed (Secure cookies, sign-in rate limit by address).
  app.set('trust proxy', deps.config.TRUST_PROXY);
  app.use(requestMiddleware(deps.logger, deps.metrics));
  app.use(express.json({ limit: deps.config.BODY_LIMIT_BYTES, strict: true, type: ['application/json', 'application/*+json'] }));
  app.use('/docs/assets', express.static(path.dirname(require.resolve('swagger-ui-dist/package.json')), { index: false }));
  app.use(consoleStatic(deps.config.CONSOLE_DIR));
  app.useGlobalFilters(new ErrorFilter(deps.logger));
  return app;
}
