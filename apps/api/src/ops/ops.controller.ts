import { Controller, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Registry } from 'prom-client';
import { defineRoute, routes } from '@switchyard/contracts';
import type { Db } from '@switchyard/db';
import { runReadinessChecks, type Redis } from '@switchyard/platform';
import { Endpoint } from '../http/endpoint';
import { DB, METRICS, REDIS } from '../infra/tokens';
import { openApiDocument } from './openapi-document';
import { docsPage } from './docs-page';

/** Operator routes that are not part of the versioned API (so not in the OpenAPI document). */
const metaRoutes = {
  metrics: defineRoute({ id: 'metrics', method: 'GET', path: '/metrics', tag: 'ops', access: 'public', summary: 'Prometheus metrics.', status: 200 }),
  openapi: defineRoute({ id: 'openapi', method: 'GET', path: '/openapi.json', tag: 'ops', access: 'public', summary: 'This API’s OpenAPI 3.1 document.', status: 200 }),
  docs: defineRoute({ id: 'docs', method: 'GET', path: '/docs', tag: 'ops', access: 'public', summary: 'Interactive API documentation.', status: 200 }),
};

@Controller()
export class OpsController {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(METRICS) private readonly registry: Registry,
  ) {}

  @Endpoint(routes.health)
  health() {
    return { status: 'ok' as const };
  }

  @Endpoint(routes.readiness)
  async readiness(@Res({ passthrough: true }) res: Response) {
    const report = await runReadinessChecks([
      { name: 'postgres', check: () => this.db.$queryRaw`SELECT 1` },
      { name: 'redis', check: () => this.redis.ping() },
    ]);
    if (!report.ready) res.status(503);
    return report;
  }

  @Endpoint(metaRoutes.metrics)
  async metrics(@Res() res: Response) {
    res.type(this.registry.contentType).send(await this.registry.metrics());
  }

  @Endpoint(metaRoutes.openapi)
  openapi(@Res() res: Response) {
    res.json(openApiDocument());
  }

  @Endpoint(metaRoutes.docs)
  docs(@Res() res: Response) {
    res.type('html').send(docsPage());
  }
}
