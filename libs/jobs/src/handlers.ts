import { jobCatalog, type JobName, type JobPayload } from './catalog';

export type JobHandler<N extends JobName> = (
  payload: JobPayload<N>,
  context: {
    jobId: string;
    attempt: number;
    /** No retry follows if this attempt fails (BullMQ's `attempts` are used up). */
    lastAttempt: boolean;
  },
) => Promise<void>;

export interface HandlerRegistration<N extends JobName = JobName> {
  name: N;
  handle: JobHandler<N>;
}

export function handlerFor<N extends JobName>(name: N, handle: JobHandler<N>): HandlerRegistration {
  return { name, handle: handle as unknown as JobHandler<JobName> } as HandlerRegistration;
}

export class JobCatalogError extends Error {
  constructor(readonly problems: string[]) {
    super(`job handlers do not match the catalog: ${problems.join('; ')}`);
    this.name = 'JobCatalogError';
  }
}

/**
 * Checks the registrations against the catalog: a job with no handler (it would sit in the
 * queue forever), two handlers (which one runs?) or a handler for a job the catalog does not
 * know are all boot errors, never runtime surprises.
 */
export function buildHandlerTable(
  registrations: HandlerRegistration[],
): Map<JobName, HandlerRegistration> {
  const problems: string[] = [];
  const table = new Map<JobName, HandlerRegistration>();
  for (const registration of registrations) {
    if (!(registration.name in jobCatalog))
      problems.push(`"${registration.name}" is not in the job catalog`);
    else if (table.has(registration.name)) problems.push(`"${registration.name}" has two handlers`);
    else table.set(registration.name, registration);
  }
  for (const name of Object.keys(jobCatalog) as JobName[]) {
    if (!table.has(name)) problems.push(`"${name}" has no handler`);
  }
  if (problems.length > 0) throw new JobCatalogError(problems);
  return table;
}

/** Validates a job's payload against the catalog before its handler sees it. */
export function parsePayload<N extends JobName>(name: N, data: unknown): JobPayload<N> {
  return jobCatalog[name].parse(data) as JobPayload<N>;
}
