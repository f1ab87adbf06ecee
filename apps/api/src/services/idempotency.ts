import { createHash } from 'node:crypto';
import type { Db } from '@switchyard/db';
import { AppError } from '../http/app-error';
import type { Tx } from '../infra/db-types';

export interface StoredResponse {
  status: number;
  body: unknown;
}

/** SHA-256 of the route and the canonical body: the same key with another body is refused. */
export function requestFingerprint(route: string, body: unknown): string {
  return createHash('sha256').update(route).update('\n').update(canonicalJson(body)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const KEY = /^[A-Za-z0-9._:-]{1,200}$/;

export function validIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  if (!value || !KEY.test(value)) {
    throw AppError.invalid([{ path: 'headers.idempotency-key', message: '1–200 characters of A-Z a-z 0-9 . _ : -' }]);
  }
  return value;
}

/** A previous answer for this key, or null; 422 when the key was used with another request. */
export async function replayIfSeen(db: Db | Tx, orgId: string, key: string, fingerprint: string): Promise<StoredResponse | null> {
  const record = await db.idempotencyRecord.findUnique({ where: { orgId_key: { orgId, key } } });
  if (!record) return null;
  if (record.requestHash !== fingerprint) {
    throw new AppError('unprocessable', `Idempotency-Key "${key}" was already used with a different request`);
  }
  return { status: record.responseStatus, body: record.responseBody };
}

/** Stored in the mutation's own transaction: the response is remembered iff the mutation happened. */
export async function remember(tx: Tx, orgId: string, key: string, fingerprint: string, response: StoredResponse): Promise<void> {
  await tx.idempotencyRecord.create({
    data: { orgId, key, requestHash: fingerprint, responseStatus: response.status, responseBody: response.body as object },
  });
}
