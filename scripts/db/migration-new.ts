// npm run db:migration:new -- NAME — writes prisma/migrations/<timestamp>_NAME/migration.sql
// with the SQL that brings the committed migrations up to prisma/schema.prisma. Applies nothing.
import { relative } from 'node:path';
import { createMigration } from '../../libs/db/src/migrations';
import { runScript } from './run-script';

runScript(async () => {
  const [name, ...extra] = process.argv.slice(2);
  if (!name || extra.length > 0) {
    console.error('usage: npm run db:migration:new -- <name>   (name: [a-z0-9_]+)');
    return 2;
  }
  const created = await createMigration(name);
  console.log(`wrote ${relative(process.cwd(), created.file)}`);
  console.log('review it, then apply with: npm run db:migrate');
  return 0;
});
