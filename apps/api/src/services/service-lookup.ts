import { AppError } from '../http/app-error';
import type { DbOrTx } from '../infra/db-types';
import { findProjectByName } from '../projects/projects.repository';
import { TERMINAL_STATES } from './service-serializers';

/** The service `name` in project `project` of organization `orgId`, or 404. */
export async function findService(db: DbOrTx, orgId: string, project: string, name: string) {
  const p = await findProjectByName(db, orgId, project);
  const service = await db.service.findUnique({ where: { projectId_name: { projectId: p.id, name } } });
  if (!service || service.orgId !== orgId) throw AppError.notFound(`service "${name}"`);
  return service;
}

/** The rollout of a service that has not reached a terminal state, if any. */
export async function activeRolloutOf(db: DbOrTx, orgId: string, serviceId: string) {
  return db.rollout.findFirst({
    where: { orgId, serviceId, state: { notIn: TERMINAL_STATES } },
    orderBy: { createdAt: 'desc' },
  });
}
