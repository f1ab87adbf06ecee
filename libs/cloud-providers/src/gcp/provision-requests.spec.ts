/** provisionCluster through the real @google-cloud/compute client: the exact requests the loopback Compute Engine receives. */
import { clusterIdOf, deterministicUuid, keyDigest, launchToken } from '../vm/naming';
import {
  gcpClusterSpec,
  gcpTestbed,
  metadataOf,
  ZONE_PATH,
  type GcpTestbed,
  preloadCompute,
  PRELOAD_TIMEOUT_MS,
} from './testing/fixtures';

const clusterId = clusterIdOf('ro-1/ver-1');
const provisionKey = keyDigest('provisionCluster', 'ro-1/ver-1');
const inserts = (bed: GcpTestbed) => bed.requests('POST', `${ZONE_PATH}/instances`);

beforeAll(preloadCompute, PRELOAD_TIMEOUT_MS);

describe('gcp provisionCluster: the instances.insert requests', () => {
  let bed: GcpTestbed;
  beforeEach(async () => {
    bed = await gcpTestbed({ server: { operationMs: 3_000 } });
  });
  afterEach(() => bed.stop());

  it('one insert per node, each with a requestId derived from the cluster key and the node, each operation awaited', async () => {
    expect(await bed.provider.provisionCluster(gcpClusterSpec())).toEqual({
      providerClusterId: clusterId,
    });
    const tokens = [
      launchToken(clusterId, 'head', 'head', 0),
      launchToken(clusterId, provisionKey, 'shop/model', 0),
      launchToken(clusterId, provisionKey, 'shop/web', 0),
      launchToken(clusterId, provisionKey, 'shop/web', 1),
    ];
    expect(inserts(bed).map((r) => r.query)).toEqual(
      tokens.map((t) => ({ requestId: deterministicUuid(`acme-ml/us-central1-a/${t}`) })),
    );
    expect(
      inserts(bed)
        .map((r) => r.query['requestId'])
        .every((id) =>
          /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id!),
        ),
    ).toBe(true);
    // Instance names: deterministic too (cluster, worker group, the token's tail).
    expect(inserts(bed).map((r) => r.body.name)).toEqual([
      `${clusterId}-head`,
      `${clusterId}-gpu-${tokens[1]!.slice(-10)}`,
      `${clusterId}-cpu-${tokens[2]!.slice(-10)}`,
      `${clusterId}-cpu-${tokens[3]!.slice(-10)}`,
    ]);
    // Each insert's zone operation was waited for (3 s each, on the fake clock).
    expect(
      bed.requests('POST', /\/operations\/operation-\d+\/wait$/).length,
    ).toBeGreaterThanOrEqual(4);
  });

  it('a T4 node: N1 machine type, guestAccelerators, onHostMaintenance TERMINATE, labels, metadata, network, service account', async () => {
    await bed.provider.provisionCluster(gcpClusterSpec());
    const model = inserts(bed)[1]!.body;
    expect({ ...model, metadata: '…', labels: '…', disks: '…' }).toEqual({
      name: expect.stringMatching(new RegExp(`^${clusterId}-gpu-[0-9a-f]{10}$`)),
      description: `Switchyard worker node of cluster ${clusterId}`,
      machineType: 'zones/us-central1-a/machineTypes/n1-standard-8',
      guestAccelerators: [
        {
          acceleratorType: 'zones/us-central1-a/acceleratorTypes/nvidia-tesla-t4',
          acceleratorCount: 2,
        },
      ],
      scheduling: { onHostMaintenance: 'TERMINATE', automaticRestart: true },
      labels: '…',
      tags: { items: ['switchyard-node'] },
      metadata: '…',
      disks: '…',
      networkInterfaces: [
        {
          network: 'global/networks/ml-vpc',
          subnetwork: 'regions/us-central1/subnetworks/ml-subnet',
        },
      ],
      serviceAccounts: [
        {
          email: 'nodes@acme-ml.iam.gserviceaccount.com',
          scopes: ['https://www.googleapis.com/auth/cloud-platform'],
        },
      ],
    });
    expect(model.labels).toEqual({
      'switchyard-cluster': clusterId,
      'switchyard-role': 'worker',
      'switchyard-group': 'gpu',
      'switchyard-organization': 'org-1',
      'switchyard-project': 'prj-1',
      'switchyard-service': 'svc-1',
      'switchyard-version': 'ver-1',
      'switchyard-service-name': 'shop',
      'switchyard-version-name': 'v1',
      'switchyard-rollout': 'ro-1',
    });
    expect(model.disks).toEqual([
      {
        boot: true,
        autoDelete: true,
        initializeParams: expect.objectContaining({
          sourceImage: 'projects/cos-cloud/global/images/family/cos-stable',
          diskSizeGb: '100',
          labels: model.labels,
        }),
      },
    ]);
    expect(model.metadata.items.map((i: { key: string }) => i.key)).toEqual([
      'startup-script',
      'switchyard-node',
      'switchyard-spec',
    ]);
    expect(JSON.parse(metadataOf(model, 'switchyard-node')!)).toMatchObject({
      clusterId,
      role: 'WORKER',
      gpuType: 'T4',
      gpuCount: 2,
      replica: { application: 'shop', deployment: 'model' },
    });
    expect(JSON.parse(metadataOf(model, 'switchyard-spec')!)).toMatchObject({
      imageUri: 'us-docker.pkg.dev/acme-ml/serve/shop:1.4.2',
      port: 8000,
    });
  });

  it('the startup script installs the GPU driver on Container-Optimized OS and runs the image with the devices', async () => {
    await bed.provider.provisionCluster(gcpClusterSpec());
    const script = metadataOf(inserts(bed)[1]!.body, 'startup-script')!;
    expect(script).toContain(
      'cos-extensions install gpu\nmount --bind /var/lib/nvidia /var/lib/nvidia\nmount -o remount,exec /var/lib/nvidia\n',
    );
    expect(script).toContain(
      'docker run -d --name switchyard-replica --restart unless-stopped -p 8000:8000 --volume /var/lib/nvidia/lib64:/usr/local/nvidia/lib64 --volume /var/lib/nvidia/bin:/usr/local/nvidia/bin --device /dev/nvidia0:/dev/nvidia0 --device /dev/nvidia1:/dev/nvidia1 --device /dev/nvidia-uvm:/dev/nvidia-uvm --device /dev/nvidiactl:/dev/nvidiactl -e MODEL_NAME',
    );
    const web = metadataOf(inserts(bed)[2]!.body, 'startup-script')!;
    expect(web).not.toContain('nvidia');
    expect(web).toMatch(
      /-e SWITCHYARD_CLUSTER_ID 'us-docker\.pkg\.dev\/acme-ml\/serve\/shop:1\.4\.2'\n$/,
    );
  });

  it('the head node: no GPUs, live migration, and the cluster state in its metadata', async () => {
    await bed.provider.provisionCluster(gcpClusterSpec());
    const head = inserts(bed)[0]!.body;
    expect(head.scheduling).toEqual({ automaticRestart: true });
    expect(head.guestAccelerators).toBeUndefined();
    expect(JSON.parse(metadataOf(head, 'switchyard-state')!)).toEqual({
      targets: {
        'shop/web': { kind: 'static', replicas: 2 },
        'shop/model': { kind: 'static', replicas: 1 },
      },
      health: { shop: { path: '/healthz', timeoutS: 2 } },
      appliedKeys: [],
      specHash: expect.stringMatching(/^[0-9a-f]{16}$/),
      port: 8000,
      failure: null,
      terminating: false,
    });
    // Once the workers are launched, the provisioning key is remembered on the head (setMetadata under its fingerprint).
    const [setMetadata] = bed.requests('POST', '/setMetadata');
    expect(setMetadata!.body.fingerprint).toBe('mf1');
    expect(
      JSON.parse(
        setMetadata!.body.items.find((i: { key: string }) => i.key === 'switchyard-state').value,
      ).appliedKeys,
    ).toEqual([provisionKey]);
  });

  it.each([
    ['g2-standard-8', 'L4', 1],
    ['a2-highgpu-1g', 'A100', 1],
    ['a3-highgpu-8g', 'H100', 8],
  ])(
    '%s comes with its %s GPUs: no guestAccelerators, onHostMaintenance TERMINATE',
    async (machineType, gpuType, gpuCount) => {
      const spec = gcpClusterSpec({
        compute: {
          headNode: { instanceType: 'e2-standard-2' },
          workerGroups: [
            { name: 'gpu', instanceType: machineType, gpuType, gpuCount, minNodes: 0, maxNodes: 2 },
          ],
        },
        targets: [
          { application: 'shop', deployment: 'web', target: { kind: 'static', replicas: 0 } },
          { application: 'shop', deployment: 'model', target: { kind: 'static', replicas: 1 } },
        ],
        applications: gcpClusterSpec().applications.map((a) => ({
          ...a,
          deployments: a.deployments.map((d) => ({ ...d, resources: { gpus: 1 } })),
        })),
      });
      await bed.provider.provisionCluster(spec);
      const worker = inserts(bed)[1]!.body;
      expect(worker.machineType).toBe(`zones/us-central1-a/machineTypes/${machineType}`);
      expect(worker.guestAccelerators).toBeUndefined();
      expect(worker.scheduling).toEqual({ onHostMaintenance: 'TERMINATE', automaticRestart: true });
      expect(JSON.parse(metadataOf(worker, 'switchyard-node')!)).toMatchObject({
        gpuType,
        gpuCount,
      });
    },
  );
});
