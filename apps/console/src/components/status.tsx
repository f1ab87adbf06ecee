import type { ReactNode } from 'react';
import type { ApiError } from '../api/client';

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function ErrorBox({ error, what }: { error: ApiError; what?: string }) {
  const title =
    error.status === 404
      ? 'Not found'
      : error.status === 403
        ? 'Not allowed'
        : 'Something went wrong';
  return (
    <div className="error" role="alert">
      <strong>{title}</strong>
      {what ? ` (${what})` : ''}: {error.message}
      {error.fields.length > 0 && (
        <ul>
          {error.fields.map((f) => (
            <li key={f.path}>
              <code>{f.path}</code>: {f.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** Renders one of loading / error / empty / the content, so every page states all four. */
export function Guarded<T>(props: {
  what: string;
  resource: { data: T | undefined; error: ApiError | undefined; loading: boolean };
  empty?: (data: T) => ReactNode | null;
  children: (data: T) => ReactNode;
}) {
  const { data, error, loading } = props.resource;
  if (data === undefined) {
    if (error) return <ErrorBox error={error} what={props.what} />;
    if (loading) return <Loading what={props.what} />;
    return null;
  }
  const empty = props.empty?.(data);
  return (
    <>
      {error && <ErrorBox error={error} what={`refreshing ${props.what}`} />}
      {empty ?? props.children(data)}
    </>
  );
}

export function StateBadge({ state }: { state: string }) {
  return <span className={`badge badge-${state.toLowerCase()}`}>{state.replace(/_/g, ' ')}</span>;
}

export function When({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span className="muted">—</span>;
  return <time dateTime={iso}>{new Date(iso).toLocaleString()}</time>;
}
