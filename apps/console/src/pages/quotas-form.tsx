import { useId, useState, type FormEvent } from 'react';
import { api, unwrap, type Schemas } from '../api/client';
import { errorText } from '../components/error-text';
import { money } from '../lib/money';

type Quotas = Schemas['Quotas'];
type Enforcement = Quotas['budget_enforcement'];

/** "12.50" → 12500000 micro-dollars, exactly (no float arithmetic on money); "" → no budget. */
export function usdToMicros(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const match = /^(\d+)(?:\.(\d{1,6}))?$/.exec(trimmed);
  if (!match) throw new Error('the monthly budget must be an amount in USD such as 250 or 99.50');
  return Number(match[1]) * 1_000_000 + Number((match[2] ?? '').padEnd(6, '0'));
}

const limitOrNull = (text: string): number | null => (text.trim() === '' ? null : Number(text));

/**
 * The owner's form over PUT /v1/organization/quotas. After a save the page reloads the quotas
 * and mounts a fresh form over them (so it says what was saved, not what was typed). Empty means "no limit", as in the API;
 * the server validates again and its field errors are shown as they come.
 */
export function QuotasForm({ quotas, onSaved }: { quotas: Quotas; onSaved: () => void }) {
  const [gpus, setGpus] = useState(quotas.max_gpus?.toString() ?? '');
  const [instances, setInstances] = useState(quotas.max_instances?.toString() ?? '');
  const [budget, setBudget] = useState(
    quotas.monthly_budget_usd ? money(quotas.monthly_budget_usd) : '',
  );
  const [enforcement, setEnforcement] = useState<Enforcement>(quotas.budget_enforcement);
  const [error, setError] = useState<string | null>(null);
  const enforcementId = useId();

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const body = {
        max_gpus: limitOrNull(gpus),
        max_instances: limitOrNull(instances),
        monthly_budget_micros: usdToMicros(budget),
        budget_enforcement: enforcement,
      };
      await unwrap(api.PUT('/v1/organization/quotas', { body }));
      onSaved();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <form className="inline-form" onSubmit={save} aria-label="Set quotas">
      <label>
        Max GPUs at once (empty: no limit)
        <input type="number" min={0} value={gpus} onChange={(e) => setGpus(e.target.value)} />
      </label>
      <label>
        Max instances at once (empty: no limit)
        <input
          type="number"
          min={0}
          value={instances}
          onChange={(e) => setInstances(e.target.value)}
        />
      </label>
      <label>
        Monthly budget in USD (empty: none)
        <input inputMode="decimal" value={budget} onChange={(e) => setBudget(e.target.value)} />
      </label>
      <label htmlFor={enforcementId}>Budget enforcement</label>
      <select
        id={enforcementId}
        value={enforcement}
        onChange={(e) => setEnforcement(e.target.value as Enforcement)}
      >
        <option value="SOFT">soft: warn, deploy anyway</option>
        <option value="HARD">hard: refuse the deploy</option>
      </select>
      <button type="submit">Save quotas</button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
