import { z } from 'zod';
import { staffProcedure } from '../identity/index.ts';
import { pageInput } from '../kernel/paging.ts';
import { nameText } from '../kernel/text-schemas.ts';
import { router } from '../kernel/trpc.ts';
import { toClientPageDto } from './dto.ts';
import {
  addContact,
  createClient,
  createEnvironment,
  createWebhook,
  deleteClient,
  deleteEnvironment,
  deleteWebhook,
  getClient,
  listClients,
  removeContact,
  rotateEnvironmentToken,
  rotateWebhookSecret,
  updateClient,
  updateContact,
  updateEnvironment,
  updateWebhook,
} from './registry.ts';
import {
  contactSchema,
  createClientSchema,
  createEnvironmentSchema,
  createWebhookSchema,
  rotateSecretSchema,
  rotateTokenSchema,
  updateClientSchema,
  updateEnvironmentSchema,
  updateWebhookSchema,
} from './schemas.ts';
import { staffChange } from './staff-change.ts';

const byId = z.object({ id: z.uuid() });

/** The staff registry of client apps, their contacts, environments and webhooks. */
export const clientsRouter = router({
  list: staffProcedure
    .input(
      z.object({
        search: nameText.trim().max(200).optional(),
        isActive: z.boolean().optional(),
        ...pageInput,
      }),
    )
    .query(({ ctx, input }) => listClients(ctx.em, input)),
  // The staff page's view: get, and create (whose answer the dashboard keeps as get's).
  get: staffProcedure
    .input(byId)
    .query(async ({ ctx, input }) => toClientPageDto(await getClient(ctx.em, input.id), ctx.config)),
  create: staffProcedure
    .input(createClientSchema)
    .mutation(async ({ ctx, input }) =>
      toClientPageDto(await createClient(ctx.em, staffChange(ctx), input), ctx.config),
    ),
  update: staffProcedure
    .input(updateClientSchema)
    .mutation(({ ctx, input }) => updateClient(ctx.em, staffChange(ctx), input)),
  delete: staffProcedure.input(byId).mutation(async ({ ctx, input }) => {
    await deleteClient(ctx.em, staffChange(ctx), input.id);
    return { deleted: true as const };
  }),

  addContact: staffProcedure
    .input(contactSchema.extend({ clientId: z.uuid() }))
    .mutation(({ ctx, input: { clientId, ...contact } }) =>
      addContact(ctx.em, staffChange(ctx), clientId, contact),
    ),
  updateContact: staffProcedure
    .input(contactSchema.partial().extend({ id: z.uuid() }))
    .mutation(({ ctx, input: { id, ...contact } }) => updateContact(ctx.em, staffChange(ctx), id, contact)),
  removeContact: staffProcedure.input(byId).mutation(async ({ ctx, input }) => {
    await removeContact(ctx.em, staffChange(ctx), input.id);
    return { deleted: true as const };
  }),

  /** Returns the environment's token: shown this once, stored only as a hash. */
  createEnvironment: staffProcedure
    .input(createEnvironmentSchema)
    .mutation(({ ctx, input }) => createEnvironment(ctx.em, staffChange(ctx), input)),
  updateEnvironment: staffProcedure
    .input(updateEnvironmentSchema)
    .mutation(({ ctx, input }) => updateEnvironment(ctx.em, staffChange(ctx), input)),
  /** Returns the new token, shown this once; the old one works for `graceSeconds` more. */
  rotateEnvironmentToken: staffProcedure
    .input(rotateTokenSchema)
    .mutation(({ ctx, input }) => rotateEnvironmentToken(ctx.em, staffChange(ctx), input)),
  deleteEnvironment: staffProcedure.input(byId).mutation(async ({ ctx, input }) => {
    await deleteEnvironment(ctx.em, staffChange(ctx), input.id);
    return { deleted: true as const };
  }),

  /** Returns the `whsec_` secret: shown this once. */
  createWebhook: staffProcedure
    .input(createWebhookSchema)
    .mutation(({ ctx, input }) => createWebhook(ctx.em, ctx.config, staffChange(ctx), input)),
  updateWebhook: staffProcedure
    .input(updateWebhookSchema)
    .mutation(({ ctx, input }) => updateWebhook(ctx.em, ctx.config, staffChange(ctx), input)),
  /** Returns the new secret, shown this once; both secrets sign for `overlapSeconds`. */
  rotateWebhookSecret: staffProcedure
    .input(rotateSecretSchema)
    .mutation(({ ctx, input }) => rotateWebhookSecret(ctx.em, ctx.config, staffChange(ctx), input)),
  deleteWebhook: staffProcedure.input(byId).mutation(async ({ ctx, input }) => {
    await deleteWebhook(ctx.em, staffChange(ctx), input.id);
    return { deleted: true as const };
  }),
});
