import { staffProcedure } from '../identity/index.ts';
import { router } from '../kernel/trpc.ts';
import {
  addListAddress,
  createGroup,
  deleteGroup,
  getAccount,
  listServedDomains,
  removeListAddress,
  repairMailbox,
  type StaffActor,
  searchAccounts,
  setActive,
  setGroupMember,
  setQuota,
} from './admin.ts';
import {
  accountNameInput,
  addressInput,
  createGroupInput,
  groupMemberInput,
  listAddressInput,
  repairInput,
  searchAccountsInput,
  setActiveInput,
  setQuotaInput,
} from './schemas.ts';

const actorOf = (ctx: { user: { id: string; email: string }; req: { ip: string | null } }): StaffActor => ({
  id: ctx.user.id,
  email: ctx.user.email,
  ip: ctx.req.ip,
});

/** Staff: the Stalwart directory as a whole. Every change is audited. */
export const mailAdminRouter = router({
  searchAccounts: staffProcedure
    .input(searchAccountsInput)
    .query(({ ctx, input }) => searchAccounts(ctx.em, input)),
  /** Domains a group or list address can use. */
  domains: staffProcedure.query(({ ctx }) => listServedDomains(ctx.em, ctx.config)),
  account: staffProcedure.input(accountNameInput).query(({ ctx, input }) => getAccount(ctx.em, input.name)),
  setQuota: staffProcedure
    .input(setQuotaInput)
    .mutation(({ ctx, input }) => setQuota(ctx.em, ctx.config, actorOf(ctx), input.name, input.quotaBytes)),
  setActive: staffProcedure
    .input(setActiveInput)
    .mutation(({ ctx, input }) => setActive(ctx.em, ctx.config, actorOf(ctx), input.name, input.active)),
  createGroup: staffProcedure
    .input(createGroupInput)
    .mutation(({ ctx, input }) => createGroup(ctx.em, ctx.config, actorOf(ctx), input)),
  deleteGroup: staffProcedure.input(accountNameInput).mutation(async ({ ctx, input }) => {
    await deleteGroup(ctx.em, actorOf(ctx), input.name);
    return { deleted: true as const };
  }),
  addGroupMember: staffProcedure
    .input(groupMemberInput)
    .mutation(({ ctx, input }) => setGroupMember(ctx.em, actorOf(ctx), { ...input, isMember: true })),
  removeGroupMember: staffProcedure
    .input(groupMemberInput)
    .mutation(({ ctx, input }) => setGroupMember(ctx.em, actorOf(ctx), { ...input, isMember: false })),
  addListAddress: staffProcedure
    .input(listAddressInput)
    .mutation(({ ctx, input }) => addListAddress(ctx.em, ctx.config, actorOf(ctx), input)),
  removeListAddress: staffProcedure.input(addressInput).mutation(async ({ ctx, input }) => {
    await removeListAddress(ctx.em, actorOf(ctx), input.address);
    return { removed: true as const };
  }),
  /** Rebuilds a person's rows from their mailbox and plan; reports what it fixed. */
  repairMailbox: staffProcedure
    .input(repairInput)
    .mutation(({ ctx, input }) => repairMailbox(ctx.em, ctx.config, actorOf(ctx), input.userId)),
});
