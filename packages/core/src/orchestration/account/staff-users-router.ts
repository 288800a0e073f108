import {
  endUserSessions,
  type StaffActor,
  searchUsers,
  setActive,
  setStaff,
  staffProcedure,
  staffSetActiveSchema,
  staffSetStaffSchema,
  staffUserIdSchema,
  staffUserSearchSchema,
} from '../../identity/index.ts';
import { router } from '../../kernel/trpc.ts';
import { getUserDetail } from './staff-user-detail.ts';

function actorOf(ctx: {
  user: { id: string; email: string; isSuperuser: boolean };
  req: { ip: string | null };
}): StaffActor {
  return { id: ctx.user.id, email: ctx.user.email, isSuperuser: ctx.user.isSuperuser, ip: ctx.req.ip };
}

export const staffUsersRouter = router({
  search: staffProcedure.input(staffUserSearchSchema).query(({ ctx, input }) => searchUsers(ctx.em, input)),
  get: staffProcedure
    .input(staffUserIdSchema)
    .query(({ ctx, input }) => getUserDetail(ctx.em, ctx.config, input.userId)),
  setStaff: staffProcedure
    .input(staffSetStaffSchema)
    .mutation(({ ctx, input }) => setStaff(ctx.em, actorOf(ctx), input.userId, input.isStaff, ctx.config)),
  setActive: staffProcedure
    .input(staffSetActiveSchema)
    .mutation(({ ctx, input }) => setActive(ctx.em, actorOf(ctx), input.userId, input.isActive)),
  endSessions: staffProcedure
    .input(staffUserIdSchema)
    .mutation(({ ctx, input }) => endUserSessions(ctx.em, actorOf(ctx), input.userId)),
});
