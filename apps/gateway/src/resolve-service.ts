import type { RoutingTable, TableEntry } from '@switchyard/routing';

/**
 * Where a request is addressed, read from its Host header and path alone:
 * - `host`: `<service>--<project>.<base domain>`; the whole path goes to the service;
 * - `path`: `/s/<project>/<service>/rest` (local use); `/s/<project>/<service>` is stripped;
 * - `none`: neither, so not service traffic: the gateway's own /healthz, /readyz, /metrics.
 * The host form wins, so a service reached by host owns every path, `/s/…` and `/metrics`
 * included: operational endpoints can never shadow a service.
 */
export type ServiceAddress =
  | { form: 'host'; slug: string; forwardPath: string; mountPath: '' }
  | { form: 'path'; project: string; service: string; forwardPath: string; mountPath: string }
  | { form: 'none' };

const PATH_PREFIX = '/s/';

/** Host header → host name: lower case, without the port (IPv6 literals keep their brackets). */
function hostName(host: string): string {
  const lower = host.toLowerCase();
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1);
  const colon = lower.indexOf(':');
  return colon < 0 ? lower : lower.slice(0, colon);
}

export function parseServiceAddress(
  host: string | undefined,
  url: string,
  baseDomain: string,
): ServiceAddress {
  if (host) {
    const name = hostName(host);
    const suffix = `.${baseDomain}`;
    if (name.endsWith(suffix)) {
      const label = name.slice(0, -suffix.length);
      if (label.includes('--') && !label.includes('.'))
        return { form: 'host', slug: label, forwardPath: url, mountPath: '' };
    }
  }
  if (!url.startsWith(PATH_PREFIX)) return { form: 'none' };
  // /s/<project>/<service>[/rest][?query]
  const projectEnd = url.indexOf('/', PATH_PREFIX.length);
  if (projectEnd < 0)
    return { form: 'path', project: url.slice(3), service: '', forwardPath: '/', mountPath: url };
  const project = url.slice(PATH_PREFIX.length, projectEnd);
  let serviceEnd = projectEnd + 1;
  while (serviceEnd < url.length && url[serviceEnd] !== '/' && url[serviceEnd] !== '?')
    serviceEnd++;
  const service = url.slice(projectEnd + 1, serviceEnd);
  const rest = url.slice(serviceEnd);
  const forwardPath = rest.startsWith('/') ? rest : `/${rest}`;
  return { form: 'path', project, service, forwardPath, mountPath: url.slice(0, serviceEnd) };
}

/** The service a request is addressed to, if the table knows it. */
export function lookupService(
  table: RoutingTable,
  address: ServiceAddress,
): TableEntry | undefined {
  switch (address.form) {
    case 'host':
      return table.bySlug(address.slug);
    case 'path':
      return table.byName(address.project, address.service);
    case 'none':
      return undefined;
  }
}

/** The path without its query string (what route prefixes are matched against). */
export function pathnameOf(forwardPath: string): string {
  const q = forwardPath.indexOf('?');
  return q < 0 ? forwardPath : forwardPath.slice(0, q);
}
