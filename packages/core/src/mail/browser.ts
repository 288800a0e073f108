/**
 * What a browser may load from mail: zod schemas and constants (no server code), and the
 * types of what its procedures answer. The dashboard imports mail only through this module.
 */
export {
  aliasInput,
  appPasswordCreateInput,
  createGroupInput,
  domainInput,
  groupMemberInput,
  listAddressInput,
  localPartInput,
  setQuotaInput,
} from './schemas.ts';
