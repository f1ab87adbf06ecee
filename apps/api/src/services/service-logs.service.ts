import { Inject, Injectable } from '@nestjs/common';
import { ProviderError, readReplicaLogs } from '@switchyard/cloud-providers';
import type { Db } from '@switchyard/db';
import type { ApiConfig } from '../config';
import { AppError } from '../http/app-error';
import { CONFIG, DB } from '../infra/tokens';
import { findService } from './service-lookup';

/**
 * Replica logs of a service version. The local provider keeps each replica's stdout/stderr in
 * bounded files on this machine (the API and the worker share LOCAL_PROVIDER_STATE_DIR); AWS
 * and GCP replicas log in the user's own account, so their services answer 409 here.
 */
@Injectable()
export class ServiceLogsService {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(CONFIG) private readonly config: ApiConfig,
  ) {}

  async read(
    orgId: string,
    project: string,
    serviceName: string,
    query: { version?: string; replica?: string; tail: number },
  ) {
    const service = await findService(this.db, orgId, project, serviceName);
    const version = query.version
      ? await this.db.serviceVersion.findFirst({
          where: { orgId, serviceId: service.id, name: query.version },
          include: { cloud: true },
        })
      : await this.db.serviceVersion.findFirst({
          where: {
            orgId,
            serviceId: service.id,
            ...(service.primaryVersionId ? { id: service.primaryVersionId } : {}),
          },
          orderBy: { createdAt: 'desc' },
          include: { cloud: true },
        });
    if (!version)
      throw AppError.notFound(
        query.version
          ? `version "${query.version}" of service "${serviceName}"`
          : `a version of service "${serviceName}"`,
      );
    if (version.cloud.provider !== 'LOCAL') {
      throw AppError.conflict(
        `replica logs are kept for local clouds only; version "${version.name}" runs on ${version.cloud.provider} cloud "${version.cloud.name}"`,
      );
    }
    try {
      const logs = await readReplicaLogs({
        stateDir: this.config.LOCAL_PROVIDER_STATE_DIR,
        serviceId: service.id,
        versionId: version.id,
        ...(query.replica ? { replicaId: query.replica } : {}),
        tail: query.tail,
      });
      return {
        version: version.name,
        replicas: logs.map((l) => ({ replica_id: l.replicaId, lines: l.lines })),
      };
    } catch (error) {
      // No replica has written anything yet (or the replica is unknown): an empty answer, not an error.
      if (error instanceof ProviderError && error.kind === 'not_found')
        return { version: version.name, replicas: [] };
      if (error instanceof ProviderError && error.kind === 'invalid_request')
        throw AppError.invalid([{ path: 'query.replica', message: error.message }]);
      throw error;
    }
  }
}
