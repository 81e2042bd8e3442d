import { describe, expect, it } from 'vitest';
import { safeRedirect } from './session';

describe('safeRedirect', () => {
  it('keeps a path of this app, search and hash included', () => {
    expect(safeRedirect('/admin/users')).toBe('/admin/users');
    expect(safeRedirect('/audit?x=1#y')).toBe('/audit?x=1#y');
  });

  it('never leads to another origin or back to the sign-in page', () => {
    for (const target of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      '/login',
      '/login/mfa',
      undefined,
      42,
    ]) {
      expect(safeRedirect(target)).toBe('/');
    }
  });
});
