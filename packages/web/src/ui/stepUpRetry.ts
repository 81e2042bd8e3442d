import { isApiError } from './api';

/** Thrown by a wrapped action when the user closes the step-up dialog: nothing to report, the user chose. */
export class StepUpCancelledError extends Error {
  override readonly name = 'StepUpCancelledError';
  constructor() {
    super('Step-up cancelled');
  }
}

export function isStepUpCancelled(error: unknown): error is StepUpCancelledError {
  return error instanceof StepUpCancelledError;
}

/** The server's answer when the last authentication is too old for this action (SEC-SESS-06). */
export function isStepUpRequired(error: unknown): boolean {
  return isApiError(error) && error.status === 403 && error.code === 'step_up_required';
}

/**
 * Runs `action`; if the server asks for a step-up, waits for `confirmIdentity` (the dialog; rejects when cancelled),
 * then runs `action` once more. Any other error, and any error of the second attempt, is the caller's.
 */
export async function withStepUp<T>(action: () => Promise<T>, confirmIdentity: () => Promise<void>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (!isStepUpRequired(error)) throw error;
    await confirmIdentity();
    return action();
  }
}
