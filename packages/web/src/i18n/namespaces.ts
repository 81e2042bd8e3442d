/**
 * The i18n namespaces (top-level keys of fr.json and en.json) loaded with the modules' pages rather than with the first
 * screen: the big modules' strings, about 90 % of the catalogue. Everything else (the shell, sign-in, home, errors,
 * labels shared by every page) is bundled with the app. Each module names its namespaces in its `module.tsx`.
 */
export const LAZY_NAMESPACES = ['people', 'access', 'assessments', 'admissions', 'plans', 'audit'] as const;
