import { buildHandlerTable, handlerFor, JobCatalogError, parsePayload } from './handlers';

const noop = async () => undefined;

describe('job catalog', () => {
  it('accepts exactly one handler per job', () => {
    const table = buildHandlerTable([handlerFor('rollout.tick', noop), handlerFor('rollouts.reconcile', noop), handlerFor('service.terminate', noop)]);
    expect([...table.keys()].sort()).toEqual(['rollout.tick', 'rollouts.reconcile', 'service.terminate']);
  });

  it('refuses to boot with a missing handler', () => {
    expect(() => buildHandlerTable([handlerFor('rollout.tick', noop)])).toThrow(JobCatalogError);
    expect(() => buildHandlerTable([handlerFor('rollout.tick', noop)])).toThrow('"rollouts.reconcile" has no handler');
  });

  it('refuses to boot with two handlers for one job', () => {
    expect(() =>
      buildHandlerTable([handlerFor('rollout.tick', noop), handlerFor('rollout.tick', noop), handlerFor('rollouts.reconcile', noop), handlerFor('service.terminate', noop)]),
    ).toThrow('"rollout.tick" has two handlers');
  });

  it('refuses a handler for a job the catalog does not know', () => {
    const unknown = { name: 'mystery.job', handle: noop } as never;
    expect(() => buildHandlerTable([handlerFor('rollout.tick', noop), handlerFor('rollouts.reconcile', noop), handlerFor('service.terminate', noop), unknown])).toThrow(
      '"mystery.job" is not in the job catalog',
    );
  });

  it('validates payloads against the catalog', () => {
    expect(parsePayload('rollout.tick', { rolloutId: '01a20131-5878-70db-b306-b006a98b14c1' })).toEqual({ rolloutId: '01a20131-5878-70db-b306-b006a98b14c1' });
    expect(() => parsePayload('rollout.tick', { rolloutId: 'nope' })).toThrow();
    expect(() => parsePayload('rollout.tick', { rolloutId: '01a20131-5878-70db-b306-b006a98b14c1', extra: 1 })).toThrow();
  });
});
