import { ControlPlane, type Tenant } from './support/control-plane';
import { cli, expectExit, removeTempDirs, tempDir } from './support/run-cli';
import { writeServiceFile } from './support/service-files';

/** A service with AWS-priced nodes on the simulated cloud: head m6i.large ($0.096/h) + 2 × g5.xlarge ($1.006/h). */
const gpuServiceYaml = (name: string) => `name: ${name}
cloud: sim
compute_config:
  head_node: { instance_type: m6i.large }
  worker_groups:
    - { name: gpu, instance_type: g5.xlarge, gpu_type: A10G, gpu_count: 1, max_nodes: 4 }
applications:
  - name: app
    route_prefix: /
    command: node server.js
    deployments:
      - name: model
        num_replicas: 2
        ray_actor_options: { num_gpus: 1 }
`;

/** `service deploy --dry-run` against the real API: the estimate is printed, nothing is created. */
describe('switchyard service deploy --dry-run (API process, SIM cloud)', () => {
  let plane: ControlPlane;
  let t: Tenant;
  let dir: string;

  beforeAll(async () => {
    plane = await ControlPlane.start({ worker: false });
    t = await plane.tenant();
    dir = tempDir();
  }, 90_000);
  afterAll(async () => {
    await plane?.close();
    removeTempDirs();
  });

  it('prints the steady-state and rollout cost, exits 0 and creates nothing', async () => {
    const file = writeServiceFile(dir, 'scorer.yaml', gpuServiceYaml('scorer'));
    const env = { env: { SWITCHYARD_API_URL: plane.apiUrl, SWITCHYARD_TOKEN: t.member } };
    const text = expectExit(
      await cli(['service', 'deploy', '-f', file, '--project', 'shop', '--dry-run'], env),
      0,
    );
    expect(text.stdout).toMatch(
      /^dry run, nothing was created: "scorer" v1 in project "shop" would start a rollout \(INITIAL\)\n/,
    );
    expect(text.stdout).toContain('  steady state: $2.108000/hour\n');
    expect(text.stdout).toMatch(
      / {2}the rollout: \$\d+\.\d{6} over [\d.]+ s, peak 3 instances, 2 GPUs\n/,
    );

    const json = JSON.parse(
      expectExit(
        await cli(
          ['service', 'deploy', '-f', file, '--project', 'shop', '--dry-run', '--json'],
          env,
        ),
        0,
      ).stdout,
    );
    expect(json).toMatchObject({
      dry_run: true,
      cost_estimate: { steady_hourly_micros: 2_108_000, peak_gpus: 2 },
    });

    const services = await plane.expectOk('GET', '/v1/projects/shop/services', t.viewer);
    expect(services.data).toEqual([]);
  });
});
