import { hash, verify } from '@node-rs/argon2';
import { passwordProblems, type PasswordProblem } from '@maillon/shared/identity';
import { AppError } from '../../lib/errors.ts';

// argon2id, OWASP 2023 minimum profile: m=19 MiB, t=2, p=1 (SEC-CRY-01; documented in docs/security.md).
const ARGON = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, ARGON);

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    // Same work for unknown accounts, so timing does not reveal who exists (SEC-AUTHN-09).
    await verify(DUMMY_HASH, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$3kAvbiTvpNaMYCFtfUhsew$W0pLu+MC0BL0udKLdcey9Wm/SeqyHq+AIGLMRHqXEeI';

const messages: Record<PasswordProblem | 'common', string> = {
  too_short: 'The password must have at least 12 characters.',
  too_long: 'The password must have at most 256 characters.',
  contains_email: 'The password must not contain your e-mail address.',
  contains_name: "The password must not contain the organisation's or the product's name.",
  common: 'This password is too common; choose another one (a sentence is easy to remember).',
};

/** SEC-AUTHN-01/02: length, the common-password list, the e-mail and the organisation/product names. */
export function assertPasswordAcceptable(
  password: string,
  opts: { email: string; names: string[]; common: ReadonlySet<string>; field?: string },
): void {
  const problems: (PasswordProblem | 'common')[] = passwordProblems(password, { email: opts.email, names: ['maillon', ...opts.names] });
  if (opts.common.has(password.toLowerCase())) problems.push('common');
  if (problems.length) {
    throw new AppError('validation_failed', messages[problems[0]!], {
      errors: problems.map((p) => ({ path: `body.${opts.field ?? 'password'}`, message: messages[p], code: `password_${p}` })),
    });
  }
}
