import { i18n } from '../i18n';
import { ApiError, applyFieldErrors, isApiError } from './api';
import { fieldErrorMessage } from './errors';
import { stripLocation } from './form';

export interface ServerMessages {
  /** A message per server code (`unknown_service`, `no_mandate`…), whatever the field. */
  byCode?: Partial<Record<string, string>>;
  /** A message per field path of the form (`ins.matricule`), for codes without a word of their own. */
  byPath?: Partial<Record<string, string>>;
  /**
   * The form's field paths: errors on other paths (e.g. a header) are not field errors for the user. By default, the
   * paths under the form's own values (Mantine's `getValues()`), so that an error the form cannot show (a service the
   * form does not ask for, a status) reaches the user as a general message instead of vanishing.
   */
  fields?: readonly string[];
}

/**
 * `applyServerErrors` with messages in the UI language for this form's own fields. Returns false when no error
 * lands on a field of the form, so the caller shows a general message instead.
 */
export function applyLocalisedServerErrors(
  form: { setErrors: (errors: Record<string, string>) => void; getValues?: () => unknown },
  error: unknown,
  messages: ServerMessages = {},
): boolean {
  if (!isApiError(error)) return false;
  const values = messages.fields ? null : form.getValues?.();
  const own = values && typeof values === 'object' ? new Set(Object.keys(values)) : null;
  const onForm = (path: string) => (messages.fields ? messages.fields.includes(path) : !own || own.has(path.split('.')[0]!));
  const fieldErrors = error.fieldErrors
    .map((fe) => ({ ...fe, path: stripLocation(fe.path) }))
    .filter((fe) => onForm(fe.path))
    .map((fe) => {
      const message = messages.byCode?.[fe.code] ?? messages.byPath?.[fe.path] ?? fieldErrorMessage(fe, i18n.t);
      return { ...fe, message };
    });
  if (fieldErrors.length === 0) return false;
  return applyFieldErrors(form, new ApiError({ ...error, fieldErrors }, { cause: error }));
}
