// The plans module's public entry (STYLE.md 9): the demo seed and the bench build plans through these.
export { saveContent } from './content.service.ts';
export { activatePlan, agreePlan, moveActionStatus, proposePlan, reviewPlan } from './lifecycle.service.ts';
export { createPlan } from './plan.service.ts';
