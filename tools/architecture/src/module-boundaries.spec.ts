import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * DESIGN.md's layering, proven by the linter itself: probe sources placed (virtually) inside
 * each project must produce exactly the expected lint errors. If the Nx boundary rule were
 * misconfigured or silently skipped, the "must fail" rows would pass and this test would fail.
 */
const root = path.resolve(__dirname, '../../..');

type Row = [project: string, code: string, expectedRule: string | null];

const forbiddenInPure = [
  "import { PrismaClient } from '@prisma/client';",
  "import Redis from 'ioredis';",
  "import { Queue } from 'bullmq';",
  "import { Injectable } from '@nestjs/common';",
  "import { EC2Client } from '@aws-sdk/client-ec2';",
  "import { InstancesClient } from '@google-cloud/compute';",
  "import { readFileSync } from 'node:fs';",
  "import { request } from 'http';",
  "import { spawn } from 'child_process';",
  "import { Pool } from 'pg';",
];

const rows: Row[] = [
  ...forbiddenInPure.map((code): Row => ['libs/rollout', code, 'no-restricted-imports']),
  ...forbiddenInPure.map((code): Row => ['libs/billing', code, 'no-restricted-imports']),
  // The Nx graph rules: tags (a pure lib may not depend on an I/O lib) and installed packages.
  ['libs/rollout', "import { createDb } from '@switchyard/db';", '@nx/enforce-module-boundaries'],
  ['libs/billing', "import { loadEnv } from '@switchyard/platform';", '@nx/enforce-module-boundaries'],
  ['libs/rollout', "import Redis from 'ioredis';", '@nx/enforce-module-boundaries'],
  ['libs/billing', "import { Injectable } from '@nestjs/common';", '@nx/enforce-module-boundaries'],
  ['libs/rollout', 'export const t = Date.now();', 'no-restricted-properties'],
  ['libs/billing', 'export const t = new Date();', 'no-restricted-syntax'],
  ['libs/rollout', 'export const r = Math.random();', 'no-restricted-properties'],
  ['libs/rollout', 'export const e = process.env.X;', 'no-restricted-syntax'],
  ['libs/rollout', 'setTimeout(() => undefined, 1);', 'no-restricted-syntax'],
  // What the pure libs may do: validate with zod, take time as an argument.
  ['libs/rollout', "import { z } from 'zod';\nexport const s = z.number();\nexport const at = (now: number) => new Date(now);", null],
  ['libs/billing', "import { z } from 'zod';\nexport const s = z.string();", null],
  // Apps wire libraries to I/O.
  ['apps/api', "import { createDb } from '@switchyard/db';\nimport Redis from 'ioredis';\nexport const x = [createDb, Redis];", null],
];

type LintMessage = { ruleId: string | null; severity: number; message: string };

describe('module boundaries (DESIGN.md layering)', () => {
  let results: LintMessage[][];

  beforeAll(() => {
    // The Nx rule reads the cached project graph; without it the rule is skipped silently.
    execFileSync(process.execPath, [require.resolve('nx/bin/nx.js'), 'show', 'projects'], {
      cwd: root,
      env: { ...process.env, NX_DAEMON: 'false' },
      stdio: 'ignore',
    });
    const probes = rows.map(([project, code]) => ({ filePath: path.join(root, project, 'src', '__boundary_probe__.ts'), code: code + '\n' }));
    const out = execFileSync(process.execPath, [path.join(__dirname, 'lint-probes.js')], { cwd: root, input: JSON.stringify(probes) });
    results = JSON.parse(out.toString('utf8')) as LintMessage[][];
  }, 120_000);

  it.each(rows.map((row, i) => [...row, i] as const))('%s: %s → %s', (_project, _code, expectedRule, i) => {
    const messages = results[i]!;
    if (expectedRule) expect(messages.map((m) => m.ruleId)).toContain(expectedRule);
    else expect(messages.filter((m) => m.severity === 2)).toEqual([]);
  });
});
