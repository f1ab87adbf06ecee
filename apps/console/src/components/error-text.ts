import { ApiError } from '../api/client';

/** A failed action's message for an inline alert: the API's message and each named field. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = error.fields.map((f) => `${f.path}: ${f.message}`).join('; ');
    return fields ? `${error.message} (${fields})` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
