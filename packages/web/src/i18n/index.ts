import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json?strings=core';
import fr from './fr.json?strings=core';

export const SUPPORTED_LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'fr';

/** localStorage key holding the UI language. Only the language lives in browser storage, never personal data. */
export const LANGUAGE_STORAGE_KEY = 'maillon.lang';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}

// Storage can be unavailable (privacy settings, sandboxed iframes): the language then simply isn't remembered.
function readStoredLanguage(): Language | undefined {
  try {
    const stored = globalThis.localStorage?.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(stored) ? stored : undefined;
  } catch {
    return undefined;
  }
}

function storeLanguage(language: Language): void {
  try {
    globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Not remembered; the UI still switches.
  }
}

function syncDocumentLanguage(language: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

/** The current UI language, narrowed to the supported ones. */
export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : DEFAULT_LANGUAGE;
}

/** The modules' strings (see `namespaces.ts`), one chunk per language, fetched with the first module page. */
const moduleStrings: Record<Language, () => Promise<{ default: Record<string, unknown> }>> = {
  fr: () => import('./fr.json?strings=modules'),
  en: () => import('./en.json?strings=modules'),
};
const loadedModuleStrings = new Map<Language, Promise<void>>();
let moduleStringsWanted = false;

function ensureModuleStrings(language: Language): Promise<void> {
  let loading = loadedModuleStrings.get(language);
  if (!loading) {
    loading = moduleStrings[language]().then(({ default: strings }) => {
      i18n.addResourceBundle(language, 'translation', strings, true, false);
    });
    loading.catch(() => loadedModuleStrings.delete(language)); // a failed fetch is tried again on the next page
    loadedModuleStrings.set(language, loading);
  }
  return loading;
}

/**
 * Loads the modules' strings in the current language (and, from then on, in any language switched to). Every module page
 * awaits it before rendering (`lazyPage` in app/shell.tsx); sign-in and home need only the bundled strings.
 */
export function loadModuleStrings(): Promise<void> {
  moduleStringsWanted = true;
  return ensureModuleStrings(currentLanguage());
}

/** Switches the UI language, remembers the choice and updates `<html lang>`. */
export async function changeLanguage(language: Language): Promise<void> {
  if (moduleStringsWanted) await ensureModuleStrings(language);
  await i18n.changeLanguage(language);
  storeLanguage(language);
}

i18n.on('languageChanged', syncDocumentLanguage);

void i18n.use(initReactI18next).init({
  resources: { fr: { translation: fr }, en: { translation: en } },
  lng: readStoredLanguage() ?? DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: SUPPORTED_LANGUAGES,
  // Resources are bundled, so initialisation is synchronous and the first render is already translated.
  initAsync: false,
  interpolation: { escapeValue: false }, // React already escapes.
  returnNull: false,
});

export { i18n };
