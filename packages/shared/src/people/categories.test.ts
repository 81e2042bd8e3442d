import { describe, expect, it } from 'vitest';
import { defaultCaseloadScope, servicePolicyScope } from './categories.ts';

const S = '01900000-0000-7000-8000-000000000001';

describe('the service policy and the caseload each role lands on (issue 19)', () => {
  it('grants coordinators and directors their service (every service without one), the médecin coordonnateur and the infirmière coordinatrice their service only', () => {
    expect(servicePolicyScope('director', null, null)).toBe('all_services');
    expect(servicePolicyScope('coordinator', 'coordinating_nurse', S)).toBe('own_service');
    expect(servicePolicyScope('health_professional', 'doctor', S)).toBe('own_service');
    expect(servicePolicyScope('health_professional', 'coordinating_nurse', S)).toBe('own_service');
    expect(servicePolicyScope('health_professional', 'doctor', null)).toBe('none');
    expect(servicePolicyScope('health_professional', 'nurse', S)).toBe('none');
    expect(servicePolicyScope('social_worker', 'social_worker', S)).toBe('none');
    expect(servicePolicyScope('external_partner', 'doctor', S)).toBe('none');
  });

  it('lands the director and the médecin coordonnateur on "mon service", everyone else on "mes personnes"', () => {
    expect(defaultCaseloadScope('director', null, null)).toBe('service');
    expect(defaultCaseloadScope('health_professional', 'doctor', S)).toBe('service');
    expect(defaultCaseloadScope('coordinator', 'coordinating_nurse', S)).toBe('mine');
    expect(defaultCaseloadScope('health_professional', 'nurse', S)).toBe('mine');
    expect(defaultCaseloadScope('social_worker', 'social_worker', null)).toBe('mine');
    expect(defaultCaseloadScope('care_staff', 'care_assistant', S)).toBe('mine');
  });
});
