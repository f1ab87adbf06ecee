import type { Db } from '@switchyard/db';

/** The client inside `db.$transaction(async (tx) => …)`: repositories accept either. */
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];
export type DbOrTx = Db | Tx;
