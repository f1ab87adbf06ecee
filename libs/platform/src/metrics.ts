import { Registry, collectDefaultMetrics } from 'prom-client';

/** One Prometheus registry per process, labelled with the app, with Node's default metrics. */
export function createMetricsRegistry(app: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry });
  return registry;
}
