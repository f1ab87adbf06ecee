/** User `terminate`: routing cleared, every cluster of the rollout terminated, CANCELLED. */
import type { Decision } from './decision';
import { terminateCanary, terminatePrimary } from './effects';

export function cancelRollout(d: Decision): void {
  const s = d.state;
  d.emit(
    {
      kind: 'setWeights',
      primaryVersionId: d.hasPrimary() ? d.spec('primary').versionId : null,
      canaryVersionId: d.spec('canary').versionId,
      weights: null,
    },
    'weights',
  );
  s.traffic = { primary: 0, canary: 0 };
  terminateCanary(d, 'service terminated by user');
  terminatePrimary(d, 'service terminated by user');
  s.rollback = null;
  d.transition('CANCELLED', 'terminated by user: routing cleared and every cluster terminated');
}
