/** What the app shell may use of the admissions module (STYLE.md 10). */
export { AdmissionSettingsPage } from './AdmissionSettingsPage';
export { CommitteePage } from './CommitteePage';
export { CommitteesPage } from './CommitteesPage';
export { NewReferralPage } from './NewReferralPage';
export { OccupancyPage } from './OccupancyPage';
export { ReferralPage } from './ReferralPage';
export { ReferralsInboxPage } from './ReferralsInboxPage';
export { SentReferralsPage } from './SentReferralsPage';
export { WaitingListPage } from './WaitingListPage';
