import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { can, type Permission } from '../../../engine/teams/roles';
import type { Session } from './types';

export interface SessionState {
  session: Session;
  /** Fetch the session again (after login, logout, setup). */
  refresh: () => Promise<void>;
}

export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside a signed-in page');
  return state;
}

/**
 * Whether the signed-in person's role allows `permission` here, from the same table the
 * engine enforces: the wizard hides or disables what the API would refuse.
 */
export function useCan(permission: Permission): boolean {
  return can(useSession().session.workspace.role, permission);
}
