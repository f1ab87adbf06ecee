import { z } from 'zod';
import { serviceConfigSchema } from './schema';

/** The deploy contract publishes this schema in OpenAPI (input side, as contracts/openapi.ts does). */
describe('serviceConfigSchema as JSON Schema', () => {
  const json = z.toJSONSchema(serviceConfigSchema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  }) as {
    additionalProperties: unknown;
    required: string[];
    properties: Record<string, { default?: unknown }>;
  };

  it('is strict and requires only name and applications', () => {
    expect(json.additionalProperties).toBe(false);
    expect(json.required.sort()).toEqual(['applications', 'name']);
  });

  it('documents the defaults', () => {
    expect(json.properties.query_auth_token_enabled?.default).toBe(true);
  });
});
