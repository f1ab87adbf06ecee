/**
 * examples/: every service.yaml is a valid service config (the real parser), deployable to the
 * local cloud, and every service runs under the local provider (real processes on loopback)
 * and answers as the demo's versions do.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createLocalRig, type ClusterSpec, type LocalRig } from '@switchyard/cloud-providers';
import type { DeploymentTarget } from '@switchyard/rollout';
import {
  parseServiceConfig,
  toApplicationRuntimeSpecs,
  type ServiceConfig,
} from '@switchyard/service-config';
import { eventually } from '@switchyard/testing';
import { localSettingsOf } from '../src/providers/local-cluster-settings';

const root = path.resolve(__dirname, '../../..');
const EXAMPLES = ['1-hello-world', '2-hello-chat', '3-llm-chat'];

function load(example: string): ServiceConfig {
  const file = path.join(root, 'examples', example, 'service.yaml');
  const result = parseServiceConfig(fs.readFileSync(file, 'utf8'), { fileName: file });
  if (!result.ok) throw new Error(`${example}: ${JSON.stringify(result.errors)}`);
  return result.config;
}

function specOf(config: ServiceConfig, env: Record<string, string> = {}): ClusterSpec {
  const run = Math.random().toString(36).slice(2, 8);
  const targets: DeploymentTarget[] = config.applications.flatMap((app) =>
    app.deployments.map((d) => ({
      application: app.name,
      deployment: d.name,
      target: d.autoscaling_config
        ? {
            kind: 'autoscaling' as const,
            minReplicas: d.autoscaling_config.min_replicas,
            initialReplicas: d.autoscaling_config.initial_replicas,
            maxReplicas: d.autoscaling_config.max_replicas,
          }
        : { kind: 'static' as const, replicas: d.num_replicas ?? 1 },
    })),
  );
  return {
    clusterKey: `ro-${run}/ver-${run}`,
    labels: {
      orgId: 'org',
      projectId: 'prj',
      serviceId: `svc-${run}`,
      serviceName: config.name,
      versionId: `ver-${run}`,
      versionName: config.version_name ?? 'v',
      rolloutId: `ro-${run}`,
    },
    cloud: { provider: 'LOCAL', region: 'local', zone: null, settings: {}, credentials: null },
    compute: null,
    imageUri: null,
    env: { ...config.env_vars, ...env },
    // Checks every 200 ms here, so the test does not wait for the configured periods.
    applications: toApplicationRuntimeSpecs(config).map((a) => ({
      ...a,
      healthCheck: { ...a.healthCheck, periodS: 0.2 },
    })),
    targets,
  };
}

describe('examples: service configs', () => {
  it.each(EXAMPLES)(
    '%s/service.yaml parses with the real schema, for the local cloud, with a command',
    (example) => {
      const config = load(example);
      expect(config.cloud).toBe('local');
      expect(config.name).toBe('service-demo');
      expect(
        config.applications.every((a) =>
          a.command?.startsWith(`node examples/${example}/server.js`),
        ),
      ).toBe(true);
    },
  );

  it('the LLM stand-in declares a GPU and a slow, autoscaled deployment', () => {
    const config = load('3-llm-chat');
    const d = config.applications[0]!.deployments[0]!;
    expect(d.ray_actor_options.num_gpus).toBe(1);
    expect(localSettingsOf('v3', config).deployments['chat/ChatModel']).toEqual({
      gracefulShutdownTimeoutS: 10,
      autoscaling: { targetOngoingRequests: 2, upscaleDelayS: 10, downscaleDelayS: 120 },
    });
  });
});

describe('examples: running under the local provider (real processes)', () => {
  let rig: LocalRig;
  beforeEach(() => {
    rig = createLocalRig({ workingDir: root });
  });
  afterEach(async () => rig.cleanup());

  const readyEndpoint = async (spec: ClusterSpec, timeoutMs = 15_000) => {
    const handle = await rig.provider.provisionCluster(spec);
    const status = await eventually(async () => {
      const s = await rig.provider.describeCluster(handle);
      return s.healthy ? s : undefined;
    }, timeoutMs);
    return status.deployments[0]!.replicas.find((r) => r.ready)!.endpoint;
  };
  const post = async (endpoint: string, body: unknown): Promise<any> =>
    (await fetch(endpoint, { method: 'POST', body: JSON.stringify(body) })).json();

  it('1-hello-world echoes GET and POST with its version', async () => {
    const spec = specOf(load('1-hello-world'));
    const endpoint = await readyEndpoint(spec);
    expect(await (await fetch(endpoint)).json()).toMatchObject({
      message: 'hello world',
      version: spec.labels.versionId,
    });
    expect(await post(endpoint, { user_input: 'hello', history: [] })).toMatchObject({
      echo: { user_input: 'hello', history: [] },
      version: spec.labels.versionId,
    });
  });

  it('2-hello-chat answers {user_input, history} from its static script', async () => {
    const spec = specOf(load('2-hello-chat'));
    const endpoint = await readyEndpoint(spec);
    const answer = await post(endpoint, { user_input: 'hello', history: ['earlier'] });
    expect(answer.response).toMatch(/^Hello!/);
    expect(answer.history).toEqual(['earlier', 'hello', answer.response]);
    // The demo notebook posts the JSON document as a JSON string; that works too.
    expect(
      (await post(endpoint, JSON.stringify({ user_input: 'what is a canary?', history: [] })))
        .response,
    ).toMatch(/canary/);
  });

  it('3-llm-chat (stand-in) is unhealthy while it loads, then answers slowly and says what it is', async () => {
    const spec = specOf(load('3-llm-chat'), { MODEL_LOAD_SECONDS: '1.5', TOKEN_DELAY_MS: '10' });
    const started = Date.now();
    const endpoint = await readyEndpoint(spec);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
    const t0 = Date.now();
    const answer = await post(endpoint, { user_input: 'canary, please', history: [] });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(30); // a few tokens, 10 ms apart
    expect(answer.model).toMatch(/stand-in.*not a language model/);
    expect(answer.response.split(' ')[0]).toBe('canary');
  });
});
