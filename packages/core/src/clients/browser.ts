/**
 * What a browser may load from clients: zod schemas and constants (no server code), and the
 * types of what its procedures answer. The dashboard imports clients only through this module.
 */
export type { AllowListEntryDto } from './allow-list.ts';
export type { ClientDto, ClientPageDto, ContactDto, EnvironmentDto, WebhookDto } from './dto.ts';
export {
  allowListPatternSchema,
  clientNameSchema,
  contactSchema,
  createClientSchema,
  createEnvironmentSchema,
  createWebhookSchema,
  rotateSecretSchema,
  rotateTokenSchema,
  updateClientSchema,
} from './schemas.ts';
export type { DeliveryDto } from './webhook-admin.ts';
