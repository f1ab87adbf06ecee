import { jobCatalog, type JobName } from './catalog';
import { buildHandlerTable, handlerFor, JobCatalogError, parsePayload } from './handlers';

const noop = async () => undefined;
const ALL = Object.keys(jobCatalog) as JobName[];
const handlersFor = (names: JobName[]) => names.map((name) => handlerFor(name, noop));

describe('job catalog', () => {
  it('accepts exactly one handler per job', () => {
    const table = buildHandlerTable(handlersFor(ALL));
    expect([...table.keys()].sort()).toEqual([
      'billing.meter',
      'clusters.observe',
      'clusters.sync-nodes',
      'rollout.tick',
      'rollouts.reconcile',
      'service.publish-routing',
      'service.terminate',
    ]);
  });

  it.each(ALL)('refuses to boot when %s has no handler', (missing) => {
    const build = () => buildHandlerTable(handlersFor(ALL.filter((name) => name !== missing)));
    expect(build).toThrow(JobCatalogError);
    expect(build).toThrow(`"${missing}" has no handler`);
  });

  it('refuses to boot with two handlers for one job', () => {
    expect(() =>
      buildHandlerTable([...handlersFor(ALL), handlerFor('rollout.tick', noop)]),
    ).toThrow('"rollout.tick" has two handlers');
  });

  it('refuses a handler for a job the catalog does not know', () => {
    const unknown = { name: 'mystery.job', handle: noop } as never;
    expect(() => buildHandlerTable([...handlersFor(ALL), unknown])).toThrow(
      '"mystery.job" is not in the job catalog',
    );
  });

  it('validates payloads against the catalog', () => {
    expect(
      parsePayload('rollout.tick', { rolloutId: '01a20131-5878-70db-b306-b006a98b14c1' }),
    ).toEqual({ rolloutId: '01a20131-5878-70db-b306-b006a98b14c1' });
    expect(() => parsePayload('rollout.tick', { rolloutId: 'nope' })).toThrow();
    expect(() =>
      parsePayload('rollout.tick', { rolloutId: '01a20131-5878-70db-b306-b006a98b14c1', extra: 1 }),
    ).toThrow();
    expect(() => parsePayload('clusters.sync-nodes', { extra: 1 })).toThrow();
  });
});
