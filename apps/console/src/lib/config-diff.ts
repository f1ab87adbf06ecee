/** One differing leaf of two configs: its path and each side's value (undefined: absent). */
export interface DiffRow {
  path: string;
  primary: string | undefined;
  canary: string | undefined;
}

function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value)
      ? value.map((v, i) => [`[${i}]`, v] as const)
      : Object.entries(value);
    if (entries.length === 0) out.set(prefix || '(root)', Array.isArray(value) ? '[]' : '{}');
    for (const [key, child] of entries) {
      const path = key.startsWith('[') ? `${prefix}${key}` : prefix ? `${prefix}.${key}` : key;
      flatten(child, path, out);
    }
    return;
  }
  out.set(prefix || '(root)', JSON.stringify(value));
}

/**
 * The leaves that differ between the primary's and the canary's config, by dotted path
 * (`applications[0].deployments[0].replicas`), in path order. Equal configs give no rows.
 */
export function configDiff(primary: unknown, canary: unknown): DiffRow[] {
  const left = new Map<string, string>();
  const right = new Map<string, string>();
  flatten(primary, '', left);
  flatten(canary, '', right);
  const paths = [...new Set([...left.keys(), ...right.keys()])].sort();
  return paths
    .filter((p) => left.get(p) !== right.get(p))
    .map((path) => ({ path, primary: left.get(path), canary: right.get(path) }));
}
