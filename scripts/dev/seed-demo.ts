// First-run demo seed for `npm start`: a demo organization with its owner, a `default`
// project and a `local` cloud. Idempotent: a later run finds the organization and reuses the
// token saved (mode 0600) in .switchyard/demo.env, or issues a fresh one if that file is gone.
// The owner also gets a console password (random, saved beside the token) to sign in with.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createDb } from '@switchyard/db';
import { loadEnv } from '@switchyard/platform';
import { z } from 'zod';
import { createOrganizationWithOwner } from '../../apps/api/src/organizations/create-organization';
import { issueToken } from '../../apps/api/src/tokens/token-issuer';
import { hashPassword, verifyPassword } from '../../apps/api/src/sessions/password';

const env = loadEnv(
  z.object({
    DATABASE_URL: z.string().default('postgresql://postgres@127.0.0.1:5432/switchyard'),
    SWITCHYARD_STATE_DIR: z.string().default(path.join(process.cwd(), '.switchyard')),
    API_URL: z.string(),
  }),
);
const DEMO_SLUG = 'demo';
const DEMO_OWNER = 'owner@demo.switchyard.local';
const stateFile = path.join(env.SWITCHYARD_STATE_DIR, 'demo.env');

async function main() {
  const db = createDb(env.DATABASE_URL, { poolSize: 2 });
  try {
    let org = await db.organization.findUnique({ where: { slug: DEMO_SLUG } });
    let secret: string | undefined;
    let password: string | undefined;
    let created = false;
    if (!org) {
      const result = await createOrganizationWithOwner(db, { name: 'Demo', slug: DEMO_SLUG, ownerEmail: DEMO_OWNER, ownerName: 'Demo Owner' }, 'seed');
      org = result.organization;
      secret = result.secret;
      created = true;
    } else if (existsSync(stateFile)) {
      const saved = readFileSync(stateFile, 'utf8');
      secret = /SWITCHYARD_TOKEN=(\S+)/.exec(saved)?.[1];
      password = /SWITCHYARD_CONSOLE_PASSWORD=(\S+)/.exec(saved)?.[1];
    }
    const owner = await db.membership.findFirstOrThrow({ where: { orgId: org.id, role: 'OWNER' }, orderBy: { createdAt: 'asc' } });
    if (!secret) {
      secret = (await issueToken(db, { orgId: org.id, userId: owner.userId, name: 'demo token (re-issued by npm start)', scopes: ['READ', 'DEPLOY', 'ADMIN'], projectId: null, expiresAt: null })).secret;
    }
    // A saved password that no longer matches (reset by hand, or the file is from another database) is replaced.
    const ownerUser = await db.user.findUniqueOrThrow({ where: { id: owner.userId } });
    if (!password || !ownerUser.passwordHash || !(await verifyPassword(password, ownerUser.passwordHash))) {
      password = randomBytes(12).toString('base64url');
      await db.user.update({ where: { id: owner.userId }, data: { passwordHash: await hashPassword(password) } });
    }
    await db.project.upsert({ where: { orgId_name: { orgId: org.id, name: 'default' } }, create: { orgId: org.id, name: 'default', description: 'Created by npm start' }, update: {} });
    await db.cloud.upsert({ where: { orgId_name: { orgId: org.id, name: 'local' } }, create: { orgId: org.id, name: 'local', provider: 'LOCAL', region: 'local' }, update: {} });

    mkdirSync(env.SWITCHYARD_STATE_DIR, { recursive: true });
    writeFileSync(
      stateFile,
      `SWITCHYARD_API_URL=${env.API_URL}\nSWITCHYARD_TOKEN=${secret}\nSWITCHYARD_CONSOLE_EMAIL=${ownerUser.email}\nSWITCHYARD_CONSOLE_PASSWORD=${password}\n`,
      { mode: 0o600 },
    );
    chmodSync(stateFile, 0o600);
    console.log(
      JSON.stringify({ created, organization: org.slug, project: 'default', cloud: 'local', token: secret, email: ownerUser.email, password, stateFile }),
    );
  } finally {
    await db.$disconnect();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
