/**
 * EC2 user data: the node's startup script (vm/startup-script.ts), followed by the launch spec
 * as comment lines (gzip + base64) — the instance ignores them; the adapter reads them back with
 * DescribeInstanceAttribute to launch more replicas later, since nothing else of ours persists
 * in the user's account.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { LaunchRequest } from '../vm/model';
import { renderStartupScript } from '../vm/startup-script';

/** EC2's limit on user data, in raw form before base64. */
export const MAX_USER_DATA_BYTES = 16_384;
const SPEC_LINE = '# switchyard-spec: ';

export function renderUserData(request: LaunchRequest): string {
  const script = renderStartupScript(request.identity, request.spec, 'nvidia-container-toolkit');
  const packed = gzipSync(request.specDocument).toString('base64');
  const lines = packed.match(/.{1,76}/g) ?? [];
  return `${script}# The launch spec Switchyard reads back to start more replicas (gzip, base64):\n${lines.map((l) => `${SPEC_LINE}${l}\n`).join('')}`;
}

/** The launch spec document inside user data, or null when there is none. */
export function specFromUserData(userData: string): string | null {
  const packed = userData
    .split('\n')
    .filter((l) => l.startsWith(SPEC_LINE))
    .map((l) => l.slice(SPEC_LINE.length))
    .join('');
  if (packed === '') return null;
  try {
    return gunzipSync(Buffer.from(packed, 'base64')).toString('utf8');
  } catch {
    return null;
  }
}
