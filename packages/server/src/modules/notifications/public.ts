export { notifyRole, notifyUser } from './service.ts';
