// npm run db:migrate — applies pending migrations to DATABASE_URL (or the local default),
// like `prisma migrate deploy`, which cannot run here (see libs/db/src/migrations).
import { applyMigrations, databaseUrlFromEnv, redact } from '../../libs/db/src/migrations';
import { runScript } from './run-script';

runScript(async () => {
  const url = databaseUrlFromEnv();
  const started = Date.now();
  const applied = await applyMigrations(url);
  const where = redact(url);
  if (applied.length === 0) {
    console.log(`${where}: already up to date`);
    return 0;
  }
  for (const name of applied) console.log(`applied ${name}`);
  console.log(`${where}: ${applied.length} migration(s) applied in ${Date.now() - started} ms`);
  return 0;
});
