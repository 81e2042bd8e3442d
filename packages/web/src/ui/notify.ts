import { notifications, type NotificationData } from '@mantine/notifications';
import { i18n } from '../i18n';
import { describeError } from './errors';

/**
 * Shows a toast. Use it instead of `notifications.show` directly: it gives the close button a translated label
 * (Mantine's has none) and keeps success/error colours consistent.
 */
export function notify({ color = 'teal', ...data }: NotificationData): string {
  return notifications.show({ color, ...data, closeButtonProps: { 'aria-label': i18n.t('state.close') } });
}

/** A toast for a failed action, with the same message and correlation id as `ErrorState`. */
export function notifyError(error: unknown, title?: string): string {
  const { message, correlationId } = describeError(error, i18n.t);
  return notify({
    color: 'red',
    title: title ?? i18n.t('state.errorTitle'),
    message: correlationId ? `${message} ${i18n.t('state.correlationId')} ${correlationId}` : message,
    autoClose: false,
  });
}
