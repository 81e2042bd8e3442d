import { describe, expect, it } from 'vitest';
import { errorCatalogue, errorCodes } from './errors.ts';
import { problemSchema } from './problem.ts';

describe('the error catalogue', () => {
  it('names each code in snake case, a domain code dotted by its module', () => {
    expect(errorCodes.filter((code) => !/^[a-z]+(?:_[a-z]+)*(?:\.[a-z]+(?:_[a-z]+)*)?$/.test(code))).toEqual([]);
  });

  it('gives every code a refusal status and an English title', () => {
    const odd = Object.entries(errorCatalogue).filter(([, e]) => e.status < 400 || e.status > 599 || e.title.trim() === '');
    expect(odd).toEqual([]);
  });

  it('is the enum of the problem schema, so the OpenAPI lists every code', () => {
    const problem = { type: 'https://maillon.fr/problems/plan/already-open', title: 'x', status: 409, correlationId: 'c' };
    expect(problemSchema.safeParse({ ...problem, code: 'plan.already_open' }).success).toBe(true);
    expect(problemSchema.safeParse({ ...problem, code: 'conflicts' }).success).toBe(false);
  });
});
