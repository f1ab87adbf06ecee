/** The Compute API's JSON shapes the fake answers with: zone operations and errors. */

export interface Operation {
  name: string;
  operationType: string;
  targetLink: string;
  doneAt: number;
  error?: { code: string; message: string };
}

/** A zone operation as `operations.get` / `wait` return it: DONE once its time has come, with its error if any. */
export function operationJson(now: number, op: Operation) {
  const done = now >= op.doneAt;
  return {
    kind: 'compute#operation',
    id: op.name.replace('operation-', ''),
    name: op.name,
    operationType: op.operationType,
    targetLink: op.targetLink,
    status: done ? 'DONE' : 'RUNNING',
    ...(done && op.error
      ? { error: { errors: [{ code: op.error.code, message: op.error.message }] } }
      : {}),
  };
}

/**
 * An HTTP error as Compute Engine sends it: `errors[].reason` (which google-gax drops), and —
 * when `errorInfo` — a google.rpc.ErrorInfo detail (which google-gax reads into `reason`, at the
 * cost of re-parsing the client's protos: about half a second per error).
 */
export function errorResponse(
  status: number,
  reason: string,
  message: string,
  errorInfo = false,
): [number, unknown] {
  const details = errorInfo
    ? [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason,
          domain: 'compute.googleapis.com',
          metadata: {},
        },
      ]
    : undefined;
  return [
    status,
    {
      error: {
        code: status,
        message,
        errors: [{ message, domain: 'global', reason }],
        ...(details ? { details } : {}),
      },
    },
  ];
}
