export { createDb, hotPathQuery, type Db } from './client';
export * from './generated/prisma/client';
export { usageRowsOf, usageDay, usageDayString } from './usage-rows';
