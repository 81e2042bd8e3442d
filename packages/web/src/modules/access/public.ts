/** What other modules and the app shell may use of the access module (STYLE.md 10). */
export { accessKeys } from './api';
export { AccessReportTab } from './AccessReport';
export { CareTeamTab } from './CareTeamTab';
export { ConsentsTab } from './ConsentsTab';
export { accessViaLabel, infoCategoryLabel } from './labels';
export { NotificationBell } from './NotificationBell';
