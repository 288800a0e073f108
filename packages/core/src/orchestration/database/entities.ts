import {
  Customer,
  EntitlementRefresh,
  PaddleEvent,
  Plan,
  Subscription,
  UserPlan,
} from '../../billing/index.ts';
import {
  AllowListEntry,
  Client,
  ClientConnection,
  ClientContact,
  ClientEnvironment,
  ClientWebhook,
  WebhookDelivery,
  WebhookDeliveryAttempt,
} from '../../clients/index.ts';
import {
  RateLimitBucket,
  SecurityEventReceipt,
  Session,
  SigningKey,
  User,
  UserToken,
} from '../../identity/index.ts';
import { AuditEntry } from '../../kernel/audit/entities.ts';
import { OutboxEvent } from '../../kernel/events/outbox-event.ts';
import { OutgoingMail } from '../../kernel/outgoing-mail/entity.ts';
import {
  CustomDomain,
  DirectoryAccount,
  DirectoryAppPassword,
  DirectoryDomain,
  DirectoryEmail,
  DirectoryGroupMember,
  Mailbox,
} from '../../mail/index.ts';
import { AuthorizationCode, LoginRequest, RefreshToken } from '../client-login/entities.ts';

export const entities = [
  User,
  Session,
  LoginRequest,
  AuthorizationCode,
  RefreshToken,
  SigningKey,
  SecurityEventReceipt,
  RateLimitBucket,
  UserToken,
  ClientConnection,
  Client,
  ClientContact,
  ClientEnvironment,
  ClientWebhook,
  OutboxEvent,
  OutgoingMail,
  WebhookDelivery,
  WebhookDeliveryAttempt,
  AllowListEntry,
  AuditEntry,
  Plan,
  Customer,
  Subscription,
  UserPlan,
  EntitlementRefresh,
  PaddleEvent,
  DirectoryAccount,
  DirectoryGroupMember,
  DirectoryEmail,
  DirectoryAppPassword,
  DirectoryDomain,
  Mailbox,
  CustomDomain,
];
