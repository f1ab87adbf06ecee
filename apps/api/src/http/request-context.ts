import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { Principal } from '../auth/principal';

/** What the API attaches to each request. */
export interface RequestContext {
  requestId: string;
  principal?: Principal;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;

/** A caller's `X-Request-Id` is kept when it looks like one, so traces line up across systems. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && REQUEST_ID.test(value) ? value : `req_${randomUUID().replace(/-/g, '')}`;
}

export type SwitchyardRequest = Request & { ctx: RequestContext };

export function contextOf(req: Request): RequestContext {
  return (req as SwitchyardRequest).ctx;
}
