import { Customer, EntitlementRefresh, PaddleEvent, Plan, Subscription } from '../../billing/entities.ts';
import { AllowListEntry, Client, ClientContact, ClientEnvironment, ClientWebhook, WebhookDelivery, WebhookDeliveryAttempt } from '../../clients/entities.ts';
import { OutboxEvent } from '../../kernel/events/outbox-event.ts';
import {
  AuthorizationCode,
  ClientConnection,
  LoginRequest,
  RateLimitBucket,
  RefreshToken,
  SecurityEventReceipt,
  Session,
  SigningKey,
  User,
  UserToken,
} from '../../identity/entities.ts';
import { AuditEntry } from '../../kernel/audit/entities.ts';
import {
  CustomDomain,
  DirectoryAccount,
  DirectoryAppPassword,
  DirectoryDomain,
  DirectoryEmail,
  DirectoryGroupMember,
  Mailbox,
} from '../../mail/entities.ts';

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
  WebhookDelivery,
  WebhookDeliveryAttempt,
  AllowListEntry,
  AuditEntry,
  Plan,
  Customer,
  Subscription,
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
