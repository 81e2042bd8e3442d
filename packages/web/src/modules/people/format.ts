import type { TFunction } from 'i18next';
import { ageOn, formatDay } from '../../ui/format';

interface Named {
  birthName: string;
  usedName?: string | null;
  firstNames: string;
}

/** "LEFÈVRE André Jean": the name in use in capitals, then the first names, as on care documents. */
export function personName(p: Named): string {
  return `${(p.usedName || p.birthName).toLocaleUpperCase('fr-FR')} ${p.firstNames}`;
}

/** "Nom de naissance : CHABERT" when the name in use is another one; null otherwise. */
export function birthNameNote(t: TFunction, p: Named): string | null {
  return p.usedName && p.usedName !== p.birthName ? t('people.birthNameNote', { name: p.birthName.toLocaleUpperCase('fr-FR') }) : null;
}

/** "01/12/1936 (89 ans)". */
export function birthDateWithAge(t: TFunction, birthDate: string): string {
  const age = ageOn(birthDate);
  return age === undefined ? formatDay(birthDate) : t('people.birthDateWithAge', { date: formatDay(birthDate), count: age });
}
