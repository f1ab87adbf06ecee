import { ConfigError, loadEnv } from '@switchyard/platform';
import { gatewayEnvSchema } from './config';

describe('gateway environment', () => {
  it('has working defaults', () => {
    const config = loadEnv(gatewayEnvSchema, {});
    expect(config).toMatchObject({
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_PORT: 8081,
      SERVICE_BASE_DOMAIN: 'localhost',
      GATEWAY_MIN_DRAINING_PERIOD_S: 30,
      GATEWAY_REQUEST_TIMEOUT_S: 60,
      GATEWAY_QUEUE_MAX_LENGTH: 100,
      GATEWAY_QUEUE_MAX_WAIT_MS: 2000,
      GATEWAY_RETRY_ATTEMPTS: 2,
      GATEWAY_ROUTING_RESYNC_MS: 2000,
      GATEWAY_TELEMETRY_INTERVAL_MS: 1000,
      GATEWAY_TELEMETRY_WINDOW_S: 600,
    });
    expect(config.GATEWAY_ID).toMatch(/^[A-Za-z0-9._-]+$/);
  });

  it('normalises the base domain', () => {
    expect(
      loadEnv(gatewayEnvSchema, { SERVICE_BASE_DOMAIN: 'Apps.Example.com.' }).SERVICE_BASE_DOMAIN,
    ).toBe('apps.example.com');
  });

  it.each([
    ['GATEWAY_TELEMETRY_INTERVAL_MS', '5000'], // the autoscaler needs a report at least every second
    ['GATEWAY_ROUTING_RESYNC_MS', '100'],
    ['GATEWAY_REQUEST_TIMEOUT_S', '0'],
    ['GATEWAY_MIN_DRAINING_PERIOD_S', '-1'],
    ['GATEWAY_RETRY_ATTEMPTS', '1.5'],
    ['GATEWAY_ID', 'has space'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => loadEnv(gatewayEnvSchema, { [name]: value })).toThrow(ConfigError);
    expect(() => loadEnv(gatewayEnvSchema, { [name]: value })).toThrow(name);
  });
});
