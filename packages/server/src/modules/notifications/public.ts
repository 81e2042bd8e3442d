export { notifyRole, notifyUser, type NotificationInput } from './service.ts';
