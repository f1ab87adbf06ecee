/**
 * Client options that point @google-cloud/compute at a loopback server: REST transport over
 * plain HTTP on the server's port, and an auth client that adds no credentials. google-gax's
 * REST stub only calls `getRequestHeaders()` (to accept the client) and `fetch(url, init)` (to
 * send), so an object with those two — fetch being Node's own — is all it needs; nothing ever
 * asks Google for a token. See docs/machine-notes.md.
 */
import type { ComputeClientOptions } from '../compute-api';

export function loopbackClientOptions(port: number): Partial<ComputeClientOptions> {
  const noCredentials = {
    getRequestHeaders: async () => new Headers(),
    fetch: (url: string | URL, init?: RequestInit) => fetch(url, init),
  };
  return {
    apiEndpoint: '127.0.0.1',
    port,
    protocol: 'http',
    authClient: noCredentials as unknown as ComputeClientOptions['authClient'],
  };
}
