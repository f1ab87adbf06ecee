import type { Client, QueryResult } from 'pg';

/** Postgres' one-byte internal `"char"` type and `text`. */
const CHAR_OID = 18;
const TEXT_OID = 25;

/**
 * A `pg.Client` that reports `"char"` result columns as `text`.
 *
 * WHY: the schema engine describes a database by querying the catalogs, whose `"char"`
 * columns (`pg_class.relkind`, `pg_constraint.contype`, …) `@prisma/adapter-pg` 7.10 does not
 * map, so every diff or drift check failed with "Column type 'char' could not be deserialized".
 * `pg` already returns those values as one-character strings; only the type id is relabelled.
 * Given to the pool as its `Client` class, so pooled queries and transactions both get it.
 */
export function charAsTextClient(pg: typeof import('pg')): typeof Client {
  return class CharAsTextClient extends pg.Client {
    override query(...args: unknown[]): never {
      const query = super.query as (...queryArgs: unknown[]) => unknown;
      const last = args[args.length - 1];
      if (typeof last === 'function') {
        // pg.Pool#query uses the callback form.
        const callback = last as (error: unknown, result: QueryResult | undefined) => void;
        args[args.length - 1] = (error: unknown, result: QueryResult | undefined) =>
          callback(error, error ? result : relabel(result));
        return query.apply(this, args) as never;
      }
      const returned = query.apply(this, args);
      // Duck-typed: under Jest this promise comes from another realm than this file.
      return (isThenable(returned) ? returned.then(relabel) : returned) as never;
    }
  };
}

function relabel<T>(result: T): T {
  const fields = (result as Partial<QueryResult> | undefined)?.fields;
  for (const field of fields ?? []) {
    if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
  }
  return result;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
