/** What other modules and the app shell may use of the assessments module (STYLE.md 10). */
export { assessmentKeys } from './api';
export { AssessmentPage } from './AssessmentPage';
export { ComparePage } from './ComparePage';
export { InstrumentsAdminPage } from './admin/InstrumentsAdminPage';
export { NewAssessmentPage } from './NewAssessmentPage';
export { PersonAssessmentsPage } from './PersonAssessmentsPage';
export { PersonAssessmentsPanel, type PersonAssessmentsPanelProps } from './PersonAssessmentsPanel';
export { PersonAssessmentSummary } from './PersonAssessmentSummary';
