import type { Schemas } from '../api/client';
import { StateBadge, When } from '../components/status';

/** A rollout's events, oldest first, each with the reason the engine recorded. */
export function RolloutTimeline({ rollout }: { rollout: Schemas['RolloutDetail'] }) {
  return (
    <div>
      <p>
        <StateBadge state={rollout.state} /> {rollout.strategy.toLowerCase()} rollout{' '}
        {rollout.from_version ? (
          <>
            <code>{rollout.from_version}</code> → <code>{rollout.to_version}</code>
          </>
        ) : (
          <code>{rollout.to_version}</code>
        )}
        , canary at {rollout.canary_weight}%{rollout.reason ? ` — ${rollout.reason}` : ''}
      </p>
      <ol className="timeline" aria-label="Rollout timeline">
        {rollout.events.map((e) => (
          <li key={e.seq}>
            <When iso={e.created_at} /> <strong>{e.type}</strong>
            {e.to_state && (
              <>
                {' '}
                {e.from_state ?? '∅'} → {e.to_state}
              </>
            )}
            <div className="reason">{e.reason}</div>
          </li>
        ))}
      </ol>
    </div>
  );
}
