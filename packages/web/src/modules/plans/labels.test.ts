import {
  actionStatusLabels,
  actionTypeLabels,
  agreementFormLabels,
  costPeriodLabels,
  fundingSourceLabels,
  goalHorizonLabels,
  goalPriorityLabels,
  planComponentLabels,
  planStatusLabels,
  reviewOutcomeLabels,
} from '@maillon/shared/plans';
import { describe, expect, it } from 'vitest';
import fr from '../../i18n/fr.json';

const p = fr.plans;

describe('the French labels of the plans are those of the shared vocabulary (printed in the PDF)', () => {
  it('statuses, components, horizons, priorities, action types and statuses, sources, periods, forms, outcomes', () => {
    expect(p.statuses).toEqual(planStatusLabels);
    expect(p.components).toEqual(planComponentLabels);
    expect(p.horizons).toEqual(goalHorizonLabels);
    expect(p.priorities).toEqual(goalPriorityLabels);
    expect(p.actionTypes).toEqual(actionTypeLabels);
    expect(p.actionStatuses).toEqual(actionStatusLabels);
    expect(p.sources).toEqual(fundingSourceLabels);
    expect(p.periods).toEqual(costPeriodLabels);
    expect(p.agreementForms).toEqual(agreementFormLabels);
    expect(p.outcomes).toEqual(reviewOutcomeLabels);
  });
});
