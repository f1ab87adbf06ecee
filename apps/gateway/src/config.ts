import { z } from 'zod';
import { baseEnvSchema, envPort } from '@switchyard/platform';

export const gatewayEnvSchema = baseEnvSchema.extend({
  GATEWAY_HOST: z.string().default('127.0.0.1'),
  /** Service traffic: `/s/<project>/<service>/…` and `<service>--<project>.<base domain>`. */
  GATEWAY_PORT: envPort.default(8081),
});
export type GatewayConfig = z.infer<typeof gatewayEnvSchema>;
