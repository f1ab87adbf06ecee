// npm run db:check — fails when prisma/schema.prisma and prisma/migrations disagree, i.e. when
// someone changed the schema without running `npm run db:migration:new -- <name>`.
import { diffSchemaAgainstMigrations, isEmptyMigrationSql } from '../../libs/db/src/migrations';
import { runScript } from './run-script';

runScript(async () => {
  const sql = await diffSchemaAgainstMigrations();
  if (isEmptyMigrationSql(sql)) {
    console.log('schema and migrations agree');
    return 0;
  }
  console.error(
    'prisma/schema.prisma differs from prisma/migrations; the missing migration would be:\n',
  );
  console.error(sql);
  console.error('create it with: npm run db:migration:new -- <name>');
  return 1;
});
