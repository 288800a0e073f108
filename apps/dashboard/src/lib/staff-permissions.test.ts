import { describe, expect, it } from 'vitest';
import { mayActOnAccount } from './staff-permissions.ts';

const person = { id: 'person', isStaff: false, isSuperuser: false };
const staff = { id: 'staff', isStaff: true, isSuperuser: false };
const otherStaff = { id: 'other-staff', isStaff: true, isSuperuser: false };
const superuser = { id: 'super', isStaff: true, isSuperuser: true };

describe('which accounts a staff page offers to deactivate or sign out', () => {
  it('offers a plain staff member only people who are not staff, and their own account', () => {
    expect(mayActOnAccount(staff, person)).toBe(true);
    expect(mayActOnAccount(staff, staff)).toBe(true);
    expect(mayActOnAccount(staff, otherStaff)).toBe(false);
    expect(mayActOnAccount(staff, superuser)).toBe(false);
  });

  it('offers a superuser every account', () => {
    for (const target of [person, staff, otherStaff, superuser]) {
      expect(mayActOnAccount(superuser, target)).toBe(true);
    }
  });

  it('offers nothing until it knows who is looking', () => {
    expect(mayActOnAccount(undefined, person)).toBe(false);
  });
});
