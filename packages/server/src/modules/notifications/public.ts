export { notifyRole, type NotificationInput } from './service.ts';
