/** Who is looking at a staff page about an account. */
export interface StaffViewer {
  id: string;
  isSuperuser: boolean;
}

/** The account the page is about. */
export interface StaffTarget {
  id: string;
  isStaff: boolean;
  isSuperuser: boolean;
}

/**
 * Whether the viewer may deactivate, reactivate, end the sessions of, or make a password link for
 * the account: the hub's own rule (identity's staff-users.ts and staff-accounts.ts), so the page
 * never offers what the server refuses. Staff do not act on other staff members' accounts (one
 * could otherwise lock every other out); superusers can, and anyone can on their own account.
 * Until the viewer is known, nothing is offered.
 */
export function mayActOnAccount(viewer: StaffViewer | undefined, target: StaffTarget): boolean {
  if (!viewer) return false;
  if (viewer.isSuperuser || viewer.id === target.id) return true;
  return !target.isStaff && !target.isSuperuser;
}
