import type { DbOrTx } from '../infra/db-types';
import { AppError } from '../http/app-error';

/** Project lookups are always within one organization: the tenant id is not optional. */
export async function findProjectByName(db: DbOrTx, orgId: string, name: string) {
  const project = await db.project.findUnique({ where: { orgId_name: { orgId, name } } });
  if (!project) throw AppError.notFound(`project "${name}"`);
  return project;
}
