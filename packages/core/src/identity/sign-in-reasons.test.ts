import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './sign-in-reasons.ts';

describe('safeReturnPath (where a sign-in may send the browser back to)', () => {
  it('keeps a path of our own, with its query and fragment', () => {
    expect(safeReturnPath('/mail/app-passwords')).toBe('/mail/app-passwords');
    expect(safeReturnPath('/staff/users?q=ada&page=2')).toBe('/staff/users?q=ada&page=2');
    expect(safeReturnPath('/security#sessions')).toBe('/security#sessions');
    expect(safeReturnPath('/a/../mail')).toBe('/mail');
  });

  it('sends anything that could leave the origin to the overview', () => {
    for (const hostile of [
      '//evil.example',
      '//evil.example/mail',
      '/\\evil.example',
      '\\\\evil.example',
      '/\\/evil.example',
      '/mail\\..\\..\\evil',
      'https://evil.example/',
      'HTTPS://evil.example',
      'javascript:alert(1)',
      'evil.example/mail',
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r\n/evil.example',
      ' //evil.example',
      '/\u0000/evil.example',
      '/\u2028/evil.example',
      '',
      `/${'a'.repeat(600)}`,
    ]) {
      expect(safeReturnPath(hostile), JSON.stringify(hostile)).toBe('/');
    }
  });

  it('leaves encoded slashes encoded, so they stay a path on our origin', () => {
    // The query parser decodes once: "%2F%2Fevil" arrives as "//evil" and is refused above; a
    // doubly encoded one arrives as "/%2F%2Fevil", a path the browser does not decode into a host.
    expect(safeReturnPath('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
    expect(safeReturnPath('/%5Cevil.example')).toBe('/%5Cevil.example');
    expect(new URL(safeReturnPath('/%2F%2Fevil.example'), 'https://hub.example').host).toBe('hub.example');
  });

  it('does not send a person back to the sign-in pages (a loop)', () => {
    expect(safeReturnPath('/sign-in')).toBe('/');
    expect(safeReturnPath('/sign-in?return_to=/x')).toBe('/');
    expect(safeReturnPath('/auth/sign-in')).toBe('/');
    expect(safeReturnPath('/sign-in-help')).toBe('/sign-in-help');
  });

  it('treats nothing as the overview', () => {
    expect(safeReturnPath(undefined)).toBe('/');
    expect(safeReturnPath(null)).toBe('/');
    expect(safeReturnPath('/')).toBe('/');
  });
});
