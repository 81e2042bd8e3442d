import { describe, expect, it } from 'vitest';
import en from './en.json';
import fr from './fr.json';

type Catalogue = { [key: string]: string | Catalogue };

/** Flattens a nested catalogue into `dotted.key → value`; non-string leaves are kept as-is so they fail below. */
function flatten(catalogue: unknown, prefix = ''): Map<string, unknown> {
  const entries = new Map<string, unknown>();
  for (const [key, value] of Object.entries(catalogue as Catalogue)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object') {
      for (const [k, v] of flatten(value, path)) entries.set(k, v);
    } else {
      entries.set(path, value);
    }
  }
  return entries;
}

const catalogues = { fr: flatten(fr), en: flatten(en) };

describe('i18n catalogues', () => {
  it('fr.json and en.json have exactly the same keys', () => {
    expect([...catalogues.en.keys()].sort()).toEqual([...catalogues.fr.keys()].sort());
  });

  for (const [language, entries] of Object.entries(catalogues)) {
    it(`${language}.json has no empty or non-string values`, () => {
      const invalid = [...entries].filter(([, value]) => typeof value !== 'string' || value.trim() === '');
      expect(invalid).toEqual([]);
    });

    it(`${language}.json uses the same interpolation variables as fr.json`, () => {
      const variables = (value: unknown) => [...String(value).matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();
      const mismatched = [...entries].filter(
        ([key, value]) => JSON.stringify(variables(value)) !== JSON.stringify(variables(catalogues.fr.get(key))),
      );
      expect(mismatched).toEqual([]);
    });
  }
});
