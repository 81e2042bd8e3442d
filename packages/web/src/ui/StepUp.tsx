import { createContext, lazy, Suspense, use, useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ReauthenticateInput } from './StepUpDialog';
import { StepUpCancelledError, withStepUp } from './stepUpRetry';

// The dialog (a modal and a form) is fetched the first time it opens: it is rare, and the home page goes without it.
const StepUpDialog = lazy(() => import('./StepUpDialog').then((module) => ({ default: module.StepUpDialog })));

/**
 * Step-up (SEC-SESS-06): sensitive routes answer 403 `step_up_required` when the last authentication is older than
 * 5 minutes. `useStepUp()` wraps an action: on that answer it asks for the password (and the TOTP code when the
 * user has MFA), calls `POST /auth/reauthenticate`, then runs the action again — once.
 */

export { isStepUpCancelled, isStepUpRequired, StepUpCancelledError } from './stepUpRetry';

interface StepUpContextValue {
  confirmIdentity: () => Promise<void>;
}

const StepUpContext = createContext<StepUpContextValue | null>(null);

export type { ReauthenticateInput } from './StepUpDialog';

export interface StepUpProviderProps {
  /** Also asks for the 6-digit code (the user has MFA: the server requires it). */
  withCode: boolean;
  /** `POST /api/v1/auth/reauthenticate`; rejects with an `ApiError` when the password or code is wrong. */
  reauthenticate: (input: ReauthenticateInput) => Promise<unknown>;
  children: ReactNode;
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export function StepUpProvider({ withCode, reauthenticate, children }: StepUpProviderProps) {
  const [opened, setOpened] = useState(false);
  // Several actions may need the step-up at once (e.g. two tabs of a page): one dialog answers them all.
  const waiters = useRef<Waiter[]>([]);

  const confirmIdentity = useCallback(
    () =>
      new Promise<void>((resolve, reject) => {
        waiters.current.push({ resolve, reject });
        setOpened(true);
      }),
    [],
  );

  const settle = (confirmed: boolean) => {
    const pending = waiters.current;
    waiters.current = [];
    setOpened(false);
    for (const waiter of pending) {
      if (confirmed) waiter.resolve();
      else waiter.reject(new StepUpCancelledError());
    }
  };

  const value = useMemo(() => ({ confirmIdentity }), [confirmIdentity]);
  return (
    <StepUpContext value={value}>
      {children}
      {opened ? (
        <Suspense fallback={null}>
          <StepUpDialog
            opened={opened}
            withCode={withCode}
            onCancel={() => settle(false)}
            onConfirm={async (input) => {
              await reauthenticate(input);
              settle(true);
            }}
          />
        </Suspense>
      ) : null}
    </StepUpContext>
  );
}

/**
 * Returns `stepUp(action)`: runs `action`; when the server asks for a step-up, asks the user, re-authenticates and
 * runs `action` once more. Rejects with `StepUpCancelledError` when the user cancels (check `isStepUpCancelled`).
 * The action must be safe to repeat: the first attempt was refused before doing anything.
 */
export function useStepUp(): <T>(action: () => Promise<T>) => Promise<T> {
  const context = use(StepUpContext);
  if (!context) throw new Error('useStepUp() needs a <StepUpProvider> above it');
  return useCallback(<T,>(action: () => Promise<T>) => withStepUp(action, context.confirmIdentity), [context]);
}
