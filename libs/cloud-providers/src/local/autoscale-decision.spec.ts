import { decideReplicas, wantedReplicas } from './autoscale-decision';

const policy = { targetOngoingRequests: 2, upscaleDelayS: 30, downscaleDelayS: 600 };
const base = { current: 2, min: 1, max: 4, policy, load: 4, pending: null, now: 1_000_000 };

describe('autoscaling decision (Ray Serve default policy)', () => {
  it.each([
    [0, 2, 0, 4, 0],
    [1, 2, 0, 4, 1],
    [4, 2, 1, 4, 2],
    [5, 2, 1, 4, 3],
    [9, 2, 1, 4, 4],
    [0, 2, 1, 4, 1],
    [3, 0.5, 0, 10, 6],
  ])('load %d at target %d within [%d, %d] wants %d', (load, target, min, max, want) => {
    expect(wantedReplicas(load, target, min, max)).toBe(want);
  });

  it('holds while the load matches the replicas', () => {
    expect(decideReplicas(base)).toEqual({ desired: 2, pending: null });
  });

  it('scales up only once the wish held for upscale_delay_s', () => {
    const first = decideReplicas({ ...base, load: 8 });
    expect(first).toEqual({ desired: 2, pending: { direction: 'up', since: base.now } });
    expect(
      decideReplicas({ ...base, load: 8, pending: first.pending, now: base.now + 29_999 }),
    ).toEqual({ desired: 2, pending: first.pending });
    expect(
      decideReplicas({ ...base, load: 8, pending: first.pending, now: base.now + 30_000 }),
    ).toEqual({ desired: 4, pending: null });
  });

  it('a wish that changes direction starts its wait over', () => {
    const up = decideReplicas({ ...base, load: 8 });
    const down = decideReplicas({ ...base, load: 0, pending: up.pending, now: base.now + 40_000 });
    expect(down).toEqual({ desired: 2, pending: { direction: 'down', since: base.now + 40_000 } });
    expect(
      decideReplicas({ ...base, load: 4, pending: down.pending, now: base.now + 50_000 }),
    ).toEqual({ desired: 2, pending: null });
  });

  it('scales down after downscale_delay_s, to zero when min is 0', () => {
    const start = decideReplicas({ ...base, min: 0, load: 0 });
    expect(start.pending).toEqual({ direction: 'down', since: base.now });
    expect(
      decideReplicas({ ...base, min: 0, load: 0, pending: start.pending, now: base.now + 600_000 }),
    ).toEqual({ desired: 0, pending: null });
  });

  it('from zero the first request scales up at once (cold start)', () => {
    expect(decideReplicas({ ...base, current: 0, min: 0, load: 1 })).toEqual({
      desired: 1,
      pending: null,
    });
    expect(decideReplicas({ ...base, current: 0, min: 0, load: 7 })).toEqual({
      desired: 4,
      pending: null,
    });
  });

  it('a delay of 0 applies at once', () => {
    expect(decideReplicas({ ...base, load: 8, policy: { ...policy, upscaleDelayS: 0 } })).toEqual({
      desired: 4,
      pending: null,
    });
  });
});
