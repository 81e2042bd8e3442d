/** What the app shell may use of the plans module (STYLE.md 10). */
export { ComparePage } from './ComparePage';
export { NewPlanPage } from './NewPlanPage';
export { PersonPlansPanel } from './PersonPlansPanel';
export { PlanEditorPage } from './PlanEditorPage';
export { PlanPage } from './PlanPage';
export { PlansListPage } from './PlansListPage';
export { ReviewPage } from './ReviewPage';
export { PersonPlanSummary } from './PersonPlanSummary';
