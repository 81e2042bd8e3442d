/** Password rules shared by the form and the server (SEC-AUTHN-01/02): length only, no composition rules. */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

export type PasswordProblem = 'too_short' | 'too_long' | 'contains_email' | 'contains_name' | 'common';

/** Checks everything except the common-password list, which only the server holds. */
export function passwordProblems(password: string, opts: { email?: string; names?: string[] } = {}): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  // Length is counted in code points, as typed; nothing is trimmed or normalised away.
  const length = [...password].length;
  if (length < PASSWORD_MIN) problems.push('too_short');
  if (length > PASSWORD_MAX) problems.push('too_long');
  const lower = password.toLowerCase();
  const email = opts.email?.toLowerCase();
  if (email && (lower.includes(email) || (email.split('@')[0]!.length >= 4 && lower.includes(email.split('@')[0]!)))) {
    problems.push('contains_email');
  }
  for (const name of opts.names ?? []) {
    const n = name.toLowerCase().replace(/\s+/g, '');
    if (n.length >= 4 && lower.replace(/\s+/g, '').includes(n)) {
      problems.push('contains_name');
      break;
    }
  }
  return problems;
}
