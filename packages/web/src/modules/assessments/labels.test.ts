import {
  AGGIR_DISCRIMINANT_VARIABLES,
  AGGIR_ILLUSTRATIVE_VARIABLES,
  assessmentContextLabels,
  assessmentDomainLabels,
  assessmentPlaceLabels,
  needPriorityLabels,
  riskKindLabels,
  riskLevelLabels,
  strengthKindLabels,
  urgencyLabels,
  ZARIT_BANDS,
} from '@maillon/shared/assessments';
import { describe, expect, it } from 'vitest';
import fr from '../../i18n/fr.json';

const a = fr.assessments;

describe('the French labels of the assessments are those of the shared vocabulary', () => {
  it('domains, contexts, places, priorities, urgencies, strengths, risks', () => {
    expect(a.domains).toEqual(assessmentDomainLabels);
    expect(a.contexts).toEqual(assessmentContextLabels);
    expect(a.places).toEqual(assessmentPlaceLabels);
    expect(a.priorities).toEqual(needPriorityLabels);
    expect(a.urgency).toEqual(urgencyLabels);
    expect(a.strengthKinds).toEqual(strengthKindLabels);
    expect(a.riskKinds).toEqual(riskKindLabels);
    expect(a.riskLevels).toEqual(riskLevelLabels);
  });

  it('AGGIR variables and sub-variables', () => {
    for (const v of AGGIR_DISCRIMINANT_VARIABLES) {
      expect(a.aggir.variables[v.id]).toBe(v.label);
      for (const s of v.subVariables) {
        const subs = a.aggir.subVariables as Record<string, Record<string, string>>;
        expect(subs[v.id]?.[s.id]).toBe(s.label);
      }
    }
    for (const v of AGGIR_ILLUSTRATIVE_VARIABLES) expect(a.aggir.illustrativeVariables[v.id]).toBe(v.label);
  });

  it('Zarit bands', () => {
    for (const band of ZARIT_BANDS) expect(a.zarit.bands[band.id]).toBe(band.label);
  });
});
