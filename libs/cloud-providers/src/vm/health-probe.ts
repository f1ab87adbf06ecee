/**
 * Readiness of a replica: an HTTP GET of its application's health-check path on the node's
 * private IP. Injected into the adapters so tests answer for nodes that do not exist.
 */
import { request } from 'undici';

/** Resolves true when the replica answers 2xx within the timeout; never rejects. */
export type HealthProbe = (url: string, timeoutMs: number) => Promise<boolean>;

export const httpHealthProbe: HealthProbe = async (url, timeoutMs) => {
  try {
    const res = await request(url, {
      method: 'GET',
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body.dump();
    return res.statusCode >= 200 && res.statusCode < 300;
  } catch {
    return false;
  }
};
