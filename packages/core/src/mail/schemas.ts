import { z } from 'zod';
import { nameText } from '../kernel/text-schemas.ts';

/**
 * Inputs of the mail procedures; browser-safe so the dashboard validates forms the same way.
 * Every one is an address, a domain or a label the hub compares, so names (NFC).
 */
const text = (max: number) => nameText.trim().max(max);

export const localPartInput = z.object({ localPart: text(128) });
export const aliasInput = z.object({ localPart: text(128), domain: text(253) });
export const addressInput = z.object({ address: text(320) });
export const domainInput = z.object({ domain: text(253) });
export const catchAllInput = z.object({ domain: text(253), enabled: z.boolean() });
export const appPasswordCreateInput = z.object({ label: text(200) });
export const appPasswordRevokeInput = z.object({ id: z.uuid() });

export const accountNameInput = z.object({ name: text(320).min(1) });
export const searchAccountsInput = z.object({
  query: text(320).default(''),
  type: z.enum(['individual', 'group']).optional(),
  limit: z.number().int().min(1).max(100).default(25),
  offset: z.number().int().min(0).max(1_000_000).default(0),
});
export const setQuotaInput = z.object({
  name: text(320).min(1),
  /** Bytes, up to 100 TiB; null: back to the plan's quota (a person's mailbox). */
  quotaBytes: z
    .number()
    .int()
    .min(0)
    .max(100 * 1024 ** 4)
    .nullable(),
});
export const setActiveInput = z.object({ name: text(320).min(1), active: z.boolean() });
export const createGroupInput = z.object({
  localPart: text(128),
  domain: text(253),
  description: text(200).nullable().default(null),
});
export const groupMemberInput = z.object({ group: text(320).min(1), member: text(320).min(1) });
export const listAddressInput = z.object({
  account: text(320).min(1),
  localPart: text(128),
  domain: text(253),
});
export const repairInput = z.object({ userId: z.uuid() });
