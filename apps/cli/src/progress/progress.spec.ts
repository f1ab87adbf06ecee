import { ProgressReporter } from './reporter';
import { progressSnapshot, renderProgress } from './snapshot';

const version = (name: string, ready: number, desired: number, weights: [number, number]) => ({
  id: `id-${name}`,
  name,
  state: 'RUNNING' as const,
  current_weight: weights[0],
  target_weight: weights[1],
  healthy: true,
  deployments: [
    { application: 'app', deployment: 'web', desired_replicas: desired, ready_replicas: ready },
  ],
  created_at: '2026-11-22T10:00:00Z',
});

function capture() {
  let text = '';
  return { stream: { write: (s: string) => (text += s) }, text: () => text };
}

describe('progress rendering', () => {
  const rollout = {
    id: 'r1',
    service: 'web',
    strategy: 'CANARY',
    state: 'SHIFTING',
    from_version: 'v1',
    to_version: 'v2',
    canary_weight: 25,
  } as any;
  const service = {
    primary: version('v1', 2, 2, [75, 50]),
    canary: version('v2', 1, 2, [25, 50]),
  } as any;

  it('one line: state, new version traffic vs target, ready/desired of both versions', () => {
    expect(renderProgress(progressSnapshot(rollout, service))).toBe(
      'SHIFTING  v2 traffic 25% (target 50%)  primary v1 2/2 ready  canary v2 1/2 ready',
    );
  });

  it('without the service, the target is unknown and no versions are listed', () => {
    expect(renderProgress(progressSnapshot(rollout, undefined))).toBe('SHIFTING  v2 traffic 25%');
  });

  it('plain (CI logs): a timestamped line per change, never a repeat, no control characters', () => {
    const out = capture();
    const times = [
      '2026-11-22T10:00:00.120Z',
      '2026-11-22T10:00:02.450Z',
      '2026-11-22T10:00:04.000Z',
    ];
    const reporter = new ProgressReporter(out.stream, false, () => new Date(times.shift()!));
    reporter.update('PROVISIONING');
    reporter.update('PROVISIONING');
    reporter.note('#2 TRANSITION PROVISIONING → WAITING_HEALTHY: cluster up');
    reporter.update('WAITING_HEALTHY');
    reporter.finish();
    expect(out.text()).toBe(
      '2026-11-22T10:00:00Z PROVISIONING\n2026-11-22T10:00:02Z #2 TRANSITION PROVISIONING → WAITING_HEALTHY: cluster up\n2026-11-22T10:00:04Z WAITING_HEALTHY\n',
    );
  });

  it('TTY: one live line rewritten in place (\\r + clear line), notes printed above it, newline at the end', () => {
    const out = capture();
    const reporter = new ProgressReporter(out.stream, true);
    reporter.update('PROVISIONING');
    reporter.update('PROVISIONING');
    reporter.update('SHIFTING 25%');
    reporter.note('#4 event');
    reporter.update('SHIFTING 100%');
    reporter.note('#5 event');
    reporter.update('SHIFTING 100%');
    reporter.finish();
    expect(out.text()).toBe(
      '\r\x1b[2KPROVISIONING\r\x1b[2KSHIFTING 25%\r\x1b[2K#4 event\n\r\x1b[2KSHIFTING 100%' +
        '\r\x1b[2K#5 event\n\r\x1b[2KSHIFTING 100%\n',
    );
  });
});
