import { selfChange, userProcedure } from '../identity/index.ts';
import type { BaseContext } from '../kernel/context.ts';
import { type DnsResolver, systemDnsResolver } from '../kernel/dns.ts';
import { router } from '../kernel/trpc.ts';
import { addAlias, listAddresses, removeAlias } from './aliases.ts';
import { createAppPassword, listAppPasswords, revokeAppPassword } from './app-passwords.ts';
import {
  addCustomDomain,
  checkCustomDomain,
  listCustomDomains,
  removeCustomDomain,
  setCatchAll,
} from './custom-domains.ts';
import {
  checkAddressAvailability,
  connectionSettings,
  mailOverview,
  provisionMailbox,
  requireMailbox,
} from './mailbox.ts';
import {
  addressInput,
  aliasInput,
  appPasswordCreateInput,
  appPasswordRevokeInput,
  catchAllInput,
  domainInput,
  localPartInput,
} from './schemas.ts';

let systemResolver: DnsResolver | undefined;
function resolverOf(ctx: BaseContext): DnsResolver {
  if (ctx.hub.dns) return ctx.hub.dns;
  systemResolver ??= systemDnsResolver();
  return systemResolver;
}

/** A person's own mail: every procedure acts on the signed-in person's mailbox only. */
export const mailRouter = router({
  /** Address, state, quota, entitlements and connection settings. */
  overview: userProcedure.query(({ ctx }) => mailOverview(ctx.em, ctx.config, ctx.user.id)),

  connectionSettings: userProcedure.query(async ({ ctx }) => {
    const mailbox = await requireMailbox(ctx.em, ctx.user.id);
    return connectionSettings(ctx.config, mailbox.accountName);
  }),

  /** As the person types their address; answers with a reason when it cannot be had. */
  checkAddress: userProcedure
    .input(localPartInput)
    .query(({ ctx, input }) => checkAddressAvailability(ctx.em, ctx.config, input.localPart)),

  chooseAddress: userProcedure.input(localPartInput).mutation(async ({ ctx, input }) => {
    const mailbox = await provisionMailbox(ctx.em, ctx.config, ctx.user.id, input.localPart, selfChange(ctx));
    return { address: mailbox.accountName, state: mailbox.state };
  }),

  appPasswords: userProcedure.query(({ ctx }) => listAppPasswords(ctx.em, ctx.user.id)),
  createAppPassword: userProcedure
    .input(appPasswordCreateInput)
    .mutation(({ ctx, input }) =>
      createAppPassword(ctx.em, ctx.config, ctx.user.id, input.label, selfChange(ctx)),
    ),
  revokeAppPassword: userProcedure.input(appPasswordRevokeInput).mutation(async ({ ctx, input }) => {
    await revokeAppPassword(ctx.em, ctx.user.id, input.id, selfChange(ctx));
    return { revoked: true as const };
  }),

  addresses: userProcedure.query(({ ctx }) => listAddresses(ctx.em, ctx.config, ctx.user.id)),
  addAlias: userProcedure
    .input(aliasInput)
    .mutation(({ ctx, input }) => addAlias(ctx.em, ctx.config, ctx.user.id, input, selfChange(ctx))),
  removeAlias: userProcedure.input(addressInput).mutation(async ({ ctx, input }) => {
    await removeAlias(ctx.em, ctx.config, ctx.user.id, input.address, selfChange(ctx));
    return { removed: true as const };
  }),

  domains: userProcedure.query(({ ctx }) => listCustomDomains(ctx.em, ctx.config, ctx.user.id)),
  addDomain: userProcedure
    .input(domainInput)
    .mutation(({ ctx, input }) =>
      addCustomDomain(ctx.em, ctx.config, ctx.user.id, input.domain, selfChange(ctx)),
    ),
  /** Looks the records up now; the first good TXT proof verifies the domain. */
  checkDomain: userProcedure
    .input(domainInput)
    .mutation(({ ctx, input }) =>
      checkCustomDomain(ctx.em, ctx.config, resolverOf(ctx), ctx.user.id, input.domain, selfChange(ctx)),
    ),
  setCatchAll: userProcedure.input(catchAllInput).mutation(async ({ ctx, input }) => {
    await setCatchAll(ctx.em, ctx.user.id, input.domain, input.enabled, selfChange(ctx));
    return { domain: input.domain.toLowerCase(), catchAll: input.enabled };
  }),
  removeDomain: userProcedure.input(domainInput).mutation(async ({ ctx, input }) => {
    await removeCustomDomain(ctx.em, ctx.user.id, input.domain, selfChange(ctx));
    return { removed: true as const };
  }),
});
