import { passwordProblems } from '@maillon/shared/identity';
import type { z } from 'zod';

/**
 * Adds the shared policy checks (SEC-AUTHN-01/02; all but the common-password list, which only the server holds)
 * to a form schema, as one issue on `field` with a translated message. The policy itself is explained to the user
 * by `t('password.policy')`, shown as the field's description.
 */
export function checkPassword(
  ctx: z.RefinementCtx,
  password: string,
  field: string,
  context: { email?: string | undefined; names?: string[] | undefined } = {},
): void {
  const [problem] = passwordProblems(password, { email: context.email, names: ['maillon', ...(context.names ?? [])] });
  if (problem) ctx.addIssue({ code: 'custom', path: [field], message: problem, params: { i18nKey: `password.problems.${problem}` } });
}
