/** What the API gets back when it checks a cloud record before saving it (SDK-free). */
import { ProviderError, type ProviderErrorKind } from './port';

export type CloudValidation =
  { ok: true } | { ok: false; kind: ProviderErrorKind; message: string };

export function validationFailure(error: unknown): CloudValidation {
  if (error instanceof ProviderError)
    return { ok: false, kind: error.kind, message: error.message };
  return {
    ok: false,
    kind: 'internal',
    message: error instanceof Error ? error.message : String(error),
  };
}
