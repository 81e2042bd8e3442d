/**
 * NIR (numéro d'inscription au répertoire, the INS matricule of people born in France) and NIA:
 * 13 characters (sex, year, month, department — 2A/2B for Corsica —, commune, order) and a
 * 2-digit key = 97 − (number mod 97), where 2A and 2B count as 19 and 18.
 */
export function nirProblem(value: string): string | null {
  const v = value.replace(/\s/g, '').toUpperCase();
  if (!/^[12378]\d{2}(0[1-9]|1[0-2]|[2-9]\d)(\d{2}|2A|2B)\d{6}\d{2}$/.test(v)) {
    return 'An INS matricule (NIR) has 15 characters: 13 digits (2A/2B for Corsica) and a 2-digit key.';
  }
  const body = v.slice(0, 13).replace('2A', '19').replace('2B', '18');
  const key = Number(v.slice(13));
  const expected = 97 - Number(BigInt(body) % 97n);
  return key === expected ? null : 'The key of this INS matricule does not match: check the digits.';
}

export function normaliseNir(value: string): string {
  return value.replace(/\s/g, '').toUpperCase();
}

/** Shown by default: only the sex and birth year and the last two digits of the key (SEC-DP-06). */
export function maskNir(value: string): string {
  const v = normaliseNir(value);
  return `${v.slice(0, 3)} •• •• ••• ••• ${v.slice(13)}`;
}

/** OIDs of the INS (ANS référentiel INS): NIR and NIA. */
export const insOids = {
  nir: '1.2.250.1.213.1.4.8',
  nia: '1.2.250.1.213.1.4.9',
  nirTest: '1.2.250.1.213.1.4.10',
  niaTest: '1.2.250.1.213.1.4.11',
} as const;
