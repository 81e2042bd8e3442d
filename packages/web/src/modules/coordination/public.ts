/** What the app shell and other modules may use of the coordination module (STYLE.md 10). */
export { HandoverPage } from './HandoverPage';
export { JournalNavBadge } from './JournalNavBadge';
export { PersonJournalPanel } from './PersonJournalPanel';
export { ServiceJournalPage } from './ServiceJournalPage';
