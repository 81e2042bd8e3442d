/** Accent- and case-insensitive form of a name, for search and duplicate detection. */
export function searchForm(...parts: (string | null | undefined)[]): string {
  return parts
    .filter((p): p is string => !!p)
    .join(' ')
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/[’'`-]/g, ' ')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** "DUPONT (épouse MARTIN) Marie" — how a person is named on screens and documents. */
export function displayName(p: { birthName: string; usedName?: string | null; firstNames: string }): string {
  const used = p.usedName && p.usedName !== p.birthName ? p.usedName.toUpperCase() : null;
  return used ? `${used} ${p.firstNames} (naissance : ${p.birthName.toUpperCase()})` : `${p.birthName.toUpperCase()} ${p.firstNames}`;
}
