/** What other modules and the app shell may use of the audit module. */
export { auditKeys } from './api';
