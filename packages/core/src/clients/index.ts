/**
 * Clients' public module: the only way other layers and the apps reach client apps, their
 * environments and tokens, webhooks, the allow-list and client connections. See README.md.
 */
export { addAllowListEntry, checkSignupAllowed } from './allow-list.ts';
export { allowListRouter } from './allow-list-router.ts';
export { recordClientConnection } from './client-connections.ts';
export { clientsRouter } from './clients-router.ts';
export { directoryRouter } from './directory-router.ts';
export type { ClientEntity, ClientEnvironmentEntity } from './entities.ts';
export {
  AllowListEntry,
  Client,
  ClientConnection,
  ClientContact,
  ClientEnvironment,
  ClientWebhook,
  WebhookDelivery,
  WebhookDeliveryAttempt,
} from './entities.ts';
export type { AuthenticatedEnvironment } from './environment-tokens.ts';
export {
  authenticateClientToken,
  authenticateClientTokenWithSession,
  generateEnvironmentToken,
} from './environment-tokens.ts';
export { clientServerProcedure, environmentTokenProcedure } from './procedures.ts';
export type { StaffChange } from './registry.ts';
export {
  createClient,
  createEnvironment,
  createWebhook,
  SEALED_WEBHOOK_SECRETS,
  updateEnvironment,
} from './registry.ts';
export { createClientSchema, createEnvironmentSchema, createWebhookSchema } from './schemas.ts';
export type { ClientRef } from './user-lookup.ts';
export { connectedClientIds, findUserForClient, isUserVisibleToClient } from './user-lookup.ts';
export { DELIVERY_BATCH_SIZE, leaseMs } from './webhook-delivery.ts';
export { dispatchOutboxEvents } from './webhook-dispatch.ts';
export { webhookDeliveryJob, webhookDispatchJob } from './webhook-jobs.ts';
export { webhooksRouter } from './webhooks-router.ts';
