import { createContext, type ReactNode, useContext } from 'react';
import type { Operator } from './session-api.js';

export interface SessionValue {
  operator: Operator;
  canWrite: boolean;
  /** Manages operators (role admin). */
  isAdmin: boolean;
  signOut: () => void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ value, children }: { value: SessionValue; children: ReactNode }) {
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The signed-in operator; only rendered inside the signed-in shell. */
export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside the signed-in shell');
  return value;
}
