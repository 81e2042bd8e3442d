import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * Mantine's PasswordInput with a translated, keyboard-reachable "show password" toggle (Mantine's is labelled in
 * English and skipped by Tab), and `aria-invalid` on the input when in error (Mantine only sets `data-invalid`).
 * Pasting is never blocked (SEC-AUTHN-01).
 */
export function PasswordField(props: PasswordInputProps) {
  const { t } = useTranslation();
  return (
    <PasswordInput
      visibilityToggleFocusable
      aria-invalid={props.error ? true : undefined}
      {...props}
      visibilityToggleButtonProps={{ 'aria-label': t('password.show'), ...props.visibilityToggleButtonProps }}
    />
  );
}
