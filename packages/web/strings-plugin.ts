import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';
import { LAZY_NAMESPACES } from './src/i18n/namespaces.ts';

const QUERY = /\?strings=(core|modules)$/;

/**
 * `import fr from './fr.json?strings=core'` gives the catalogue without the modules' namespaces (bundled with the
 * first screen); `?strings=modules` gives only them (a chunk of its own per language, loaded with the first module page).
 * The catalogue stays one file per language; the split is made at build time.
 */
export function stringsPlugin(): Plugin {
  return {
    name: 'maillon-strings',
    enforce: 'pre',
    load(id) {
      const match = QUERY.exec(id);
      if (!match) return null;
      const file = id.replace(QUERY, '');
      this.addWatchFile(file);
      const catalogue = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      const lazy = (key: string) => (LAZY_NAMESPACES as readonly string[]).includes(key);
      const part = Object.fromEntries(Object.entries(catalogue).filter(([key]) => (match[1] === 'modules' ? lazy(key) : !lazy(key))));
      return { code: `export default ${JSON.stringify(part)};`, map: null };
    },
  };
}
