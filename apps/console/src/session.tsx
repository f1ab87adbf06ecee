import { createContext, useContext } from 'react';
import type { Schemas } from './api/client';
import type { Role } from './lib/roles';

export interface SessionState {
  session: Schemas['Session'];
  /** The organization the page acts in (from the URL). */
  org: string;
  role: Role;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a signed-in page');
  return value;
}
