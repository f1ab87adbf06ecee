/**
 * One health check of one replica: HTTP GET of the application's health path on the replica's
 * loopback port; any 2xx within the timeout passes (Ray Serve's `check_health` contract, over
 * HTTP). The connection is closed after each check (`reset`), so no keep-alive socket outlives
 * a replica that is being stopped.
 */
import { request } from 'undici';

export type HealthResult = { ok: true } | { ok: false; reason: string };

export async function checkReplicaHealth(
  port: number,
  path: string,
  timeoutMs: number,
): Promise<HealthResult> {
  try {
    const response = await request(
      `http://127.0.0.1:${port}${path.startsWith('/') ? path : `/${path}`}`,
      {
        method: 'GET',
        reset: true,
        signal: AbortSignal.timeout(timeoutMs),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      },
    );
    await response.body.dump();
    if (response.statusCode >= 200 && response.statusCode < 300) return { ok: true };
    return { ok: false, reason: `health check answered ${response.statusCode}` };
  } catch (error) {
    const code =
      (error as { code?: string; name?: string }).code ??
      (error as { name?: string }).name ??
      'error';
    return { ok: false, reason: `health check failed: ${code}` };
  }
}
