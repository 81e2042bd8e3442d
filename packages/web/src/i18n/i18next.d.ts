import 'i18next';
import type fr from './fr.json';

// French is the reference catalogue: `t('…')` only accepts keys that exist in fr.json.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof fr };
  }
}
