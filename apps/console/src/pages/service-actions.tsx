import { useId, useState } from 'react';
import { api, unwrap, type Schemas } from '../api/client';
import { ConfirmButton } from '../components/confirm-button';

/**
 * Rollback, set canary percent, complete to 100 and terminate — each confirmed first. Shown only
 * to roles that may deploy; the API refuses everyone else regardless.
 */
export function ServiceActions(props: {
  project: string;
  service: Schemas['Service'];
  onDone: () => void;
}) {
  const { project, service, onDone } = props;
  const path = { project, service: service.name };
  const [percent, setPercent] = useState(String(service.canary?.target_weight ?? 50));
  const percentId = useId();
  const active = service.active_rollout_id !== null;
  const percentValue = Number(percent);
  const percentValid = Number.isInteger(percentValue) && percentValue >= 0 && percentValue <= 100;

  const run = async (pending: Promise<unknown>) => {
    await pending;
    onDone();
  };

  return (
    <section aria-labelledby="actions-title" className="actions-panel">
      <h2 id="actions-title">Actions</h2>
      {!active && (
        <p className="muted">
          No rollout in progress: rollback and traffic controls apply to an active rollout.
        </p>
      )}
      <div className="actions">
        <ConfirmButton
          label="Roll back"
          title={`Roll ${service.name} back to the primary?`}
          disabled={!active}
          danger
          onConfirm={() =>
            run(
              unwrap(
                api.POST('/v1/projects/{project}/services/{service}/rollback', {
                  params: { path },
                  body: {},
                }),
              ),
            )
          }
        >
          <p>
            All traffic returns to the primary ({service.primary?.name ?? 'none'}); the canary is
            terminated.
          </p>
        </ConfirmButton>
        <span className="percent-control">
          <label htmlFor={percentId}>Canary %</label>
          <input
            id={percentId}
            type="number"
            min={0}
            max={100}
            step={1}
            inputMode="numeric"
            value={percent}
            disabled={!active}
            onChange={(e) => setPercent(e.target.value)}
          />
          <ConfirmButton
            label="Set canary percent"
            title={`Move ${service.name}'s canary to ${percent}% and pause?`}
            disabled={!active || !percentValid}
            confirmLabel={`Set ${percent}%`}
            onConfirm={() =>
              run(
                unwrap(
                  api.POST('/v1/projects/{project}/services/{service}/canary-percent', {
                    params: { path },
                    body: { percent: percentValue },
                  }),
                ),
              )
            }
          >
            <p>
              The rollout moves to {percent}% of traffic on the canary and holds there (manual
              control).
            </p>
          </ConfirmButton>
        </span>
        <ConfirmButton
          label="Complete to 100%"
          title={`Send all of ${service.name}'s traffic to the canary?`}
          disabled={!active}
          onConfirm={() =>
            run(
              unwrap(
                api.POST('/v1/projects/{project}/services/{service}/canary-percent', {
                  params: { path },
                  body: { percent: 100 },
                }),
              ),
            )
          }
        >
          <p>The canary becomes the primary and the old version is terminated.</p>
        </ConfirmButton>
        <ConfirmButton
          label="Terminate"
          title={`Terminate ${service.name}?`}
          disabled={service.state === 'TERMINATED' || service.state === 'TERMINATING'}
          danger
          onConfirm={() =>
            run(
              unwrap(
                api.POST('/v1/projects/{project}/services/{service}/terminate', {
                  params: { path },
                }),
              ),
            )
          }
        >
          <p>Every cluster stops and the service URL stops answering.</p>
        </ConfirmButton>
      </div>
    </section>
  );
}
