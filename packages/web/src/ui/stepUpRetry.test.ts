import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './api';
import { isStepUpCancelled, StepUpCancelledError, withStepUp } from './stepUpRetry';

const stepUpRequired = () => new ApiError({ status: 403, code: 'step_up_required', title: 'Confirm' });

describe('withStepUp', () => {
  it('runs the action once when no step-up is asked', async () => {
    const action = vi.fn(async () => 'ok');
    const confirm = vi.fn(async () => undefined);
    await expect(withStepUp(action, confirm)).resolves.toBe('ok');
    expect(action).toHaveBeenCalledTimes(1);
    expect(confirm).not.toHaveBeenCalled();
  });

  it('asks for the identity, then retries the action once', async () => {
    const action = vi.fn().mockRejectedValueOnce(stepUpRequired()).mockResolvedValueOnce('exported');
    const confirm = vi.fn(async () => undefined);
    await expect(withStepUp(action, confirm)).resolves.toBe('exported');
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(action).toHaveBeenCalledTimes(2);
  });

  it('does not retry when the user cancels', async () => {
    const action = vi.fn().mockRejectedValue(stepUpRequired());
    const error = await withStepUp(action, async () => Promise.reject(new StepUpCancelledError())).catch((e: unknown) => e);
    expect(isStepUpCancelled(error)).toBe(true);
    expect(action).toHaveBeenCalledTimes(1);
  });

  it('leaves other errors, and a second refusal, to the caller', async () => {
    const forbidden = new ApiError({ status: 403, code: 'forbidden', title: 'No' });
    const confirm = vi.fn(async () => undefined);
    await expect(withStepUp(vi.fn().mockRejectedValue(forbidden), confirm)).rejects.toBe(forbidden);
    expect(confirm).not.toHaveBeenCalled();
    await expect(withStepUp(vi.fn().mockRejectedValue(stepUpRequired()), confirm)).rejects.toMatchObject({ code: 'step_up_required' });
    expect(confirm).toHaveBeenCalledTimes(1);
  });
});
