import { Inject, Injectable } from '@nestjs/common';
import type { Db } from '@switchyard/db';
import type { Redis } from '@switchyard/platform';
import { readTrafficSeries, type TrafficPoint } from '@switchyard/routing';
import type { ApiConfig } from '../config';
import type { Clock } from '../infra/clock';
import { CLOCK, CONFIG, DB, REDIS } from '../infra/tokens';
import { findService } from './service-lookup';

type Role = 'primary' | 'canary';

interface VersionSeries {
  id: string;
  name: string;
  role: Role | null;
  requests: number[];
  errors: number[];
  p99_ms: (number | null)[];
}

/**
 * The console's live traffic chart. Gateways add their per-version, per-second counters to
 * Redis (`libs/routing/src/telemetry`), so one read sums every gateway; Postgres only names
 * the versions. Dense per-second arrays: a chart plots them as they come.
 */
@Injectable()
export class ServiceTrafficService {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: ApiConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async read(orgId: string, project: string, serviceName: string, windowS: number) {
    const service = await findService(this.db, orgId, project, serviceName);
    // The current second is still being counted; the series ends with the last whole one.
    const toSecond = Math.floor(this.clock.now().getTime() / 1000) - 1;
    const fromSecond = toSecond - windowS + 1;
    const series = await readTrafficSeries(this.redis, this.config.REDIS_PREFIX, service.id, {
      fromSec: fromSecond,
      toSec: toSecond,
    });

    const roleOf = new Map<string, Role>();
    if (service.primaryVersionId) roleOf.set(service.primaryVersionId, 'primary');
    if (service.canaryVersionId) roleOf.set(service.canaryVersionId, 'canary');
    const servedIds = new Set(series.points.map((p) => p.versionId));
    // Scoped by organization and service: counters under this service's keys name only its versions.
    const versions = await this.db.serviceVersion.findMany({
      where: { orgId, serviceId: service.id, id: { in: [...roleOf.keys(), ...servedIds] } },
      select: { id: true, name: true, createdAt: true },
      orderBy: { createdAt: 'asc' },
    });

    const byId = new Map<string, VersionSeries>();
    for (const v of versions) {
      byId.set(v.id, {
        id: v.id,
        name: v.name,
        role: roleOf.get(v.id) ?? null,
        requests: new Array<number>(windowS).fill(0),
        errors: new Array<number>(windowS).fill(0),
        p99_ms: new Array<number | null>(windowS).fill(null),
      });
    }
    for (const point of series.points) addPoint(byId.get(point.versionId), point, fromSecond);

    const rank = (v: VersionSeries) => (v.role === 'primary' ? 0 : v.role === 'canary' ? 1 : 2);
    return {
      window_s: windowS,
      from_second: fromSecond,
      to_second: toSecond,
      // Stable sort: versions that have left keep their age order (oldest first).
      versions: [...byId.values()].sort((a, b) => rank(a) - rank(b)),
    };
  }
}

function addPoint(version: VersionSeries | undefined, point: TrafficPoint, fromSecond: number) {
  // A version id Postgres does not know (rows are never deleted, so only a foreign writer) is skipped.
  if (!version) return;
  const i = point.second - fromSecond;
  version.requests[i] = point.requests;
  version.errors[i] = point.errors;
  version.p99_ms[i] = point.latency.p99Ms;
}
