import type { BaseContext } from '../kernel/context.ts';
import type { StaffChange } from './registry.ts';

/** The audit actor of a staff procedure call. */
export function staffChange(ctx: BaseContext & { user: { id: string; email: string } }): StaffChange {
  return { actor: { id: ctx.user.id, email: ctx.user.email }, ip: ctx.req.ip };
}
