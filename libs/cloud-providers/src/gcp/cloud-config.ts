/**
 * A GCP cloud record as the adapter uses it: the service-account key (JSON, from the encrypted
 * credentials), the project (settings.project_id, else the key's project), the zone (GCP clusters
 * live in one zone: a cloud record needs one), network and the nodes' service account.
 */
import { z } from 'zod';
import { ProviderError, type CloudSpec } from '../port';

export interface GcpCloudConfig {
  projectId: string;
  region: string;
  zone: string;
  clientEmail: string;
  privateKey: string;
  network: string;
  subnetwork: string | null;
  /** The service account the nodes run as (null: none attached). */
  nodeServiceAccount: string | null;
}

const serviceAccountKey = z.object({
  type: z.literal('service_account'),
  project_id: z.string().min(1).optional(),
  client_email: z.string().email(),
  private_key: z.string().includes('PRIVATE KEY'),
});

const settings = z.object({
  project_id: z.string().min(1).optional(),
  network: z.string().min(1).optional(),
  subnetwork: z.string().min(1).optional(),
  service_account_email: z.string().email().optional(),
});

const invalid = (message: string) => new ProviderError('invalid_request', `gcp: ${message}`);

/** Short names (`default`) become the partial URLs the API takes. */
function networkPath(network: string | undefined): string {
  if (!network) return 'global/networks/default';
  return network.includes('/') ? network : `global/networks/${network}`;
}

function subnetworkPath(subnetwork: string | undefined, region: string): string | null {
  if (!subnetwork) return null;
  return subnetwork.includes('/') ? subnetwork : `regions/${region}/subnetworks/${subnetwork}`;
}

export function parseGcpCloud(cloud: CloudSpec): GcpCloudConfig {
  if (cloud.provider !== 'GCP') throw invalid(`the cloud is a ${cloud.provider} cloud`);
  if (!cloud.zone)
    throw invalid(
      'a GCP cloud needs a zone (e.g. us-central1-a): every node of a cluster is created in it',
    );
  if (!cloud.zone.startsWith(`${cloud.region}-`))
    throw invalid(`zone ${cloud.zone} is not in region ${cloud.region}`);
  const raw = (cloud.credentials ?? {}) as { service_account_json?: unknown };
  if (typeof raw.service_account_json !== 'string')
    throw invalid('credentials.service_account_json: the service account key (JSON) is required');
  let json: unknown;
  try {
    json = JSON.parse(raw.service_account_json);
  } catch {
    throw invalid(
      'credentials.service_account_json is not JSON: paste the key file created under IAM → Service accounts → Keys',
    );
  }
  const key = serviceAccountKey.safeParse(json);
  if (!key.success) {
    throw invalid(
      `credentials.service_account_json: ${key.error.issues.map((i) => `${i.path.join('.') || '(key)'}: ${i.message}`).join('; ')}`,
    );
  }
  const s = settings.safeParse(cloud.settings ?? {});
  if (!s.success)
    throw invalid(
      s.error.issues.map((i) => `settings.${i.path.join('.')}: ${i.message}`).join('; '),
    );
  const projectId = s.data.project_id ?? key.data.project_id;
  if (!projectId) throw invalid('settings.project_id: no project (the key names none either)');
  return {
    projectId,
    region: cloud.region,
    zone: cloud.zone,
    clientEmail: key.data.client_email,
    privateKey: key.data.private_key,
    network: networkPath(s.data.network),
    subnetwork: subnetworkPath(s.data.subnetwork, cloud.region),
    nodeServiceAccount: s.data.service_account_email ?? null,
  };
}
