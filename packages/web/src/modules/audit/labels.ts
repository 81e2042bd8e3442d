import { auditLabel } from '@maillon/shared/audit';
import type { TFunction } from 'i18next';
import { i18n } from '../../i18n';

const lang = () => ((i18n.resolvedLanguage ?? 'fr').startsWith('en') ? 'en' : 'fr');

/** A translation when the catalogue has one for this code (`auth.login` → "Connexion"), the raw code otherwise. */
function labelOf(prefix: string, code: string, t: TFunction): string {
  const key = `${prefix}.${code}`;
  return typeof i18n.getResource(i18n.resolvedLanguage ?? 'fr', 'translation', key) === 'string' ? String(t(key as never)) : code;
}

/** Actions and resources come from the shared catalogue (every action the server writes has a label there). */
export const actionLabel = (_t: TFunction, action: string) => auditLabel.action(action, lang());
export const purposeLabel = (t: TFunction, purpose: string) => labelOf('audit.purposes', purpose, t);
export const outcomeLabel = (t: TFunction, outcome: string) => labelOf('audit.outcomes', outcome, t);
export const resourceLabel = (_t: TFunction, resourceType: string) => auditLabel.resource(resourceType, lang());
export const categoryLabel = (_t: TFunction, category: string | null) => auditLabel.category(category, lang());

export function outcomeColor(outcome: string): string {
  if (outcome === 'success') return 'teal';
  if (outcome === 'denied') return 'orange';
  return 'red';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are long: the first block is enough to tell rows apart on screen (the CSV keeps them whole). */
export const shortId = (id: string) => (UUID.test(id) ? `${id.slice(0, 8)}…` : id);
