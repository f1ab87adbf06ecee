import { useId, useState, type FormEvent } from 'react';
import { api, unwrap, type Schemas } from '../api/client';
import { errorText } from '../components/error-text';
import { useResource } from '../lib/use-resource';
import { useSession } from '../session';

type ComputeConfig = Schemas['ComputeConfig'];

/** One worker group as typed: numbers stay text until the request is built. */
interface GroupDraft {
  key: number;
  name: string;
  instanceType: string;
  gpuType: string;
  gpuCount: string;
  minNodes: string;
  maxNodes: string;
}

let nextKey = 1;
const emptyGroup = (): GroupDraft => ({
  key: nextKey++,
  name: '',
  instanceType: '',
  gpuType: '',
  gpuCount: '0',
  minNodes: '0',
  maxNodes: '1',
});
const draftOf = (g: ComputeConfig['worker_groups'][number]): GroupDraft => ({
  key: nextKey++,
  name: g.name,
  instanceType: g.instance_type,
  gpuType: g.gpu_type ?? '',
  gpuCount: String(g.gpu_count),
  minNodes: String(g.min_nodes),
  maxNodes: String(g.max_nodes),
});

/**
 * Creates a compute config, or its next version when `base` is given (a config's versions are
 * immutable: "edit" writes version N+1 and leaves N as it was). The instance types offered are
 * the API's catalog; the API validates everything again and its field errors are shown.
 */
export function ComputeConfigForm(props: {
  base: ComputeConfig | null;
  onSaved: (saved: ComputeConfig) => void;
  onCancel: () => void;
}) {
  const { org } = useSession();
  const { base } = props;
  const [name, setName] = useState(base?.name ?? '');
  const [cloud, setCloud] = useState(base?.cloud ?? '');
  const [head, setHead] = useState(base?.head_node.instance_type ?? '');
  const [groups, setGroups] = useState<GroupDraft[]>(base ? base.worker_groups.map(draftOf) : []);
  const [error, setError] = useState<string | null>(null);
  const catalogId = useId();
  const clouds = useResource(`clouds:${org}`, () =>
    unwrap(api.GET('/v1/clouds', { params: { query: { limit: 100 } } })),
  );
  const types = useResource('instance-types', () => unwrap(api.GET('/v1/instance-types')));

  const update = (key: number, change: Partial<GroupDraft>) =>
    setGroups((all) => all.map((g) => (g.key === key ? { ...g, ...change } : g)));

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const body = {
        name,
        cloud,
        head_node: { instance_type: head },
        worker_groups: groups.map((g) => ({
          name: g.name,
          instance_type: g.instanceType,
          gpu_type: g.gpuType.trim() === '' ? null : g.gpuType.trim(),
          gpu_count: Number(g.gpuCount),
          min_nodes: Number(g.minNodes),
          max_nodes: Number(g.maxNodes),
        })),
      };
      props.onSaved(await unwrap(api.POST('/v1/compute-configs', { body })));
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <form
      className="inline-form"
      onSubmit={save}
      aria-label={base ? `New version of ${base.name}` : 'Create a compute config'}
    >
      <datalist id={catalogId}>
        {types.data?.data.map((t) => (
          <option key={`${t.provider}/${t.name}`} value={t.name}>
            {`${t.provider} · ${t.vcpus} vCPU · ${t.memory_gib} GiB${t.gpus ? ` · ${t.gpus.count}× ${t.gpus.type}` : ''}`}
          </option>
        ))}
      </datalist>
      <label>
        Name
        <input required value={name} readOnly={!!base} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Cloud
        <select required value={cloud} onChange={(e) => setCloud(e.target.value)}>
          <option value="" disabled>
            choose a cloud
          </option>
          {clouds.data?.data.map((c) => (
            <option key={c.id} value={c.name}>
              {`${c.name} (${c.provider})`}
            </option>
          ))}
        </select>
      </label>
      <label>
        Head node instance type
        <input required list={catalogId} value={head} onChange={(e) => setHead(e.target.value)} />
      </label>
      <fieldset>
        <legend>Worker groups</legend>
        {groups.length === 0 && <p className="muted">None: the head node runs everything.</p>}
        {groups.map((g, i) => (
          <div key={g.key} className="group-row" role="group" aria-label={`Worker group ${i + 1}`}>
            <label>
              Group name
              <input
                required
                value={g.name}
                onChange={(e) => update(g.key, { name: e.target.value })}
              />
            </label>
            <label>
              Instance type
              <input
                required
                list={catalogId}
                value={g.instanceType}
                onChange={(e) => update(g.key, { instanceType: e.target.value })}
              />
            </label>
            <label>
              GPU type (empty: none)
              <input
                value={g.gpuType}
                onChange={(e) => update(g.key, { gpuType: e.target.value })}
              />
            </label>
            <label>
              GPUs per node
              <input
                type="number"
                min={0}
                max={16}
                value={g.gpuCount}
                onChange={(e) => update(g.key, { gpuCount: e.target.value })}
              />
            </label>
            <label>
              Min nodes
              <input
                type="number"
                min={0}
                value={g.minNodes}
                onChange={(e) => update(g.key, { minNodes: e.target.value })}
              />
            </label>
            <label>
              Max nodes
              <input
                type="number"
                min={0}
                value={g.maxNodes}
                onChange={(e) => update(g.key, { maxNodes: e.target.value })}
              />
            </label>
            <button
              type="button"
              onClick={() => setGroups((all) => all.filter((x) => x.key !== g.key))}
            >
              Remove group {i + 1}
            </button>
          </div>
        ))}
        <button type="button" onClick={() => setGroups((all) => [...all, emptyGroup()])}>
          Add a worker group
        </button>
      </fieldset>
      <button type="submit">{base ? 'Save new version' : 'Create compute config'}</button>
      <button type="button" onClick={props.onCancel}>
        Cancel
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
