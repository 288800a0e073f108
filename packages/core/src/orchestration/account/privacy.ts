import type { EntityManager } from '@mikro-orm/postgresql';
import {
  billingDataExport,
  cancelForAccountDeletion,
  heldPlanOf,
  markSubscriptionsOfDeletedAccount,
  type SubscriptionAtDeletionDto,
  subscriptionsAtDeletion,
} from '../../billing/index.ts';
import type { ClientEntity } from '../../clients/index.ts';
import { ClientConnection, connectedClientIds } from '../../clients/index.ts';
import type { MozillaTokens } from '../../identity/index.ts';
import {
  type DeleteAccountInput,
  deleteAccountSchema,
  endAllSessions,
  loadMozillaTokens,
  notifyPerson,
  revokeMozillaTokens,
  Session,
  User,
  type UserEntity,
} from '../../identity/index.ts';
import { type AuditVia, type ChangeSource, recordAudit } from '../../kernel/audit/audit.ts';
import type { Hub } from '../../kernel/context.ts';
import { HubError, preconditionFailed } from '../../kernel/errors.ts';
import type { HubEventData } from '../../kernel/events/event-payloads.ts';
import { emitEvent } from '../../kernel/events/outbox.ts';
import { outgoingMailOfPerson } from '../../kernel/outgoing-mail/personal-export.ts';
import { deleteMailData, type MailAtDeletionDto, mailAtDeletion, mailDataExport } from '../../mail/index.ts';
import { accountActivity } from './activity.ts';
import { accountDeletedMail } from './notice-templates.ts';

// ---------------------------------------------------------------------------------------------
// Data export: one JSON document made of per-domain sections.
// ---------------------------------------------------------------------------------------------

export const DATA_EXPORT_FORMAT = 'accounts-hub/personal-data/v1';

/**
 * One part of a person's data export. Each domain contributes its own sections (billing: the
 * subscription; mail: mailbox rows without secrets) by adding them to DATA_EXPORT_SECTIONS;
 * a section reads only its own domain's tables and returns plain, secret-free JSON values.
 */
export interface DataExportSection {
  /** The key of the section in the exported document. */
  name: string;
  collect(em: EntityManager, hub: Hub, userId: string): Promise<unknown>;
}

export interface PersonalDataExport {
  format: typeof DATA_EXPORT_FORMAT;
  exportedAt: Date;
  userId: string;
  sections: Record<string, unknown>;
}

const profileSection: DataExportSection = {
  name: 'profile',
  async collect(em, _hub, userId) {
    const user = await em.findOneOrFail(User, { id: userId });
    return {
      id: user.id,
      email: user.email,
      lastUsedEmail: user.lastUsedEmail ?? null,
      username: user.username,
      displayName: user.displayName ?? null,
      avatarUrl: user.avatarUrl ?? null,
      language: user.language,
      timezone: user.timezone,
      mozillaAccountId: user.fxaId ?? null,
      hasPassword: await hasPassword(em, userId),
      isStaff: user.isStaff,
      isSuperuser: user.isSuperuser,
      isActive: user.isActive,
      plan: (await heldPlanOf(em, userId))?.name ?? null,
      dateJoined: user.dateJoined,
      lastLogin: user.lastLogin ?? null,
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
    };
  },
};

async function hasPassword(em: EntityManager, userId: string): Promise<boolean> {
  const row = await em.findOneOrFail(User, { id: userId }, { fields: ['password'] });
  return Boolean(row.password);
}

const sessionsSection: DataExportSection = {
  name: 'sessions',
  async collect(em, _hub, userId) {
    const sessions = await em.find(Session, { user: userId }, { orderBy: { createdAt: 'desc' } });
    return sessions.map((session) => ({
      id: session.id,
      method: session.method,
      createdAt: session.createdAt,
      lastSeenAt: session.lastSeenAt,
      expiresAt: session.expiresAt,
      ip: session.ip ?? null,
      userAgent: session.userAgent ?? null,
    }));
  },
};

const connectedClientsSection: DataExportSection = {
  name: 'connectedClients',
  async collect(em, _hub, userId) {
    const connections = await em.find(
      ClientConnection,
      { user: userId },
      { populate: ['client'], orderBy: { createdAt: 'asc' } },
    );
    return connections.map((connection) => ({
      clientId: (connection.client as ClientEntity).id,
      clientName: (connection.client as ClientEntity).name,
      firstSignIn: connection.createdAt,
      lastSeenAt: connection.lastSeenAt,
    }));
  },
};

/** The account's history as the Account activity page shows it (who, what, when, from where). */
const auditSection: DataExportSection = {
  name: 'auditEntries',
  collect: (em, _hub, userId) => accountActivity(em, userId),
};

/** The sections of the export, in document order. Billing and mail add theirs here. */
const billingSection: DataExportSection = {
  name: 'billing',
  collect: (em, _hub, userId) => billingDataExport(em, userId),
};

const mailSection: DataExportSection = {
  name: 'mail',
  collect: (em, hub, userId) => mailDataExport(em, hub, userId),
};

/** The hub's own mail to the person (subject, kind, when, whether sent); never a body. */
const outgoingMailSection: DataExportSection = {
  name: 'mailFromTheHub',
  collect: (em, _hub, userId) => outgoingMailOfPerson(em, userId),
};

export const DATA_EXPORT_SECTIONS: readonly DataExportSection[] = [
  profileSection,
  sessionsSection,
  connectedClientsSection,
  auditSection,
  billingSection,
  mailSection,
  outgoingMailSection,
];

export async function exportPersonalData(
  em: EntityManager,
  hub: Hub,
  userId: string,
  sections: readonly DataExportSection[] = DATA_EXPORT_SECTIONS,
): Promise<PersonalDataExport> {
  const collected: Record<string, unknown> = {};
  for (const section of sections) {
    collected[section.name] = await section.collect(em, hub, userId);
  }
  return { format: DATA_EXPORT_FORMAT, exportedAt: new Date(), userId, sections: collected };
}

// ---------------------------------------------------------------------------------------------
// Account deletion: one service, a named list of steps, one transaction.
// ---------------------------------------------------------------------------------------------

export interface AccountDeletion {
  em: EntityManager;
  hub: Hub;
  user: UserEntity;
  /** Why the account goes: 'self-service' from the dashboard, or a staff/CLI reason. */
  reason: string;
  actor: { id: string; email: string } | null;
  ip: string | null;
  userAgent: string | null;
  via: AuditVia | null;
}

export interface AccountDeletionStep {
  name: string;
  run(deletion: AccountDeletion): Promise<void>;
}

/**
 * What deleting an account does inside its one transaction, in order. Whatever fails rolls all of
 * it back and the person (or Mozilla's retry) can try again. The steps that talk to other services
 * are not in this list but around it (deleteAccount): Paddle before, Mozilla after the commit.
 */
export const ACCOUNT_DELETION_STEPS: readonly AccountDeletionStep[] = [
  {
    name: 'sign-out-everywhere',
    run: async ({ em, user }) => {
      await endAllSessions(em, user.id);
    },
  },
  {
    name: 'record-audit-entry',
    run: async ({ em, user, reason, actor, ip, userAgent, via }) => {
      recordAudit(em, {
        actor,
        action: 'user.deleted',
        entityType: 'user',
        entityId: user.id,
        subjectUserId: user.id,
        // No copy of the address or name: the entry must outlive the data it is about.
        after: { reason },
        ip,
        userAgent,
        via,
      });
    },
  },
  {
    name: 'mark-subscriptions',
    run: async ({ em, user }) => {
      // Before the user row goes and takes the link with it: staff see whose they were.
      await markSubscriptionsOfDeletedAccount(em, user.id);
    },
  },
  {
    name: 'delete-mail-data',
    run: async ({ em, user }) => {
      await deleteMailData(em, user.id);
    },
  },
  {
    name: 'delete-user',
    run: async ({ em, user }) => {
      // The connections that say which apps to tell vanish with the user: read them first.
      const audienceClientIds = await connectedClientIds(em, user.id);
      emitEvent(em, {
        type: 'user.deleted',
        userId: user.id,
        data: { user: { id: user.id } } satisfies HubEventData['user.deleted'],
        audienceClientIds,
      });
      // Sessions, tokens and connections cascade in the database.
      await em.nativeDelete(User, { id: user.id });
    },
  },
];

export interface DeleteAccountOptions {
  reason: string;
  actor: { id: string; email: string } | null;
  ip?: string | null;
  userAgent?: string | null;
  /** The outside system that asked for the deletion (Mozilla's delete-user event). */
  via?: AuditVia | null;
}

/** Refusals come before anything is sent anywhere. */
async function checkDeletable(em: EntityManager, userId: string, options: DeleteAccountOptions) {
  const user = await em.findOne(User, { id: userId });
  if (!user) throw new HubError('NOT_FOUND', 'This account no longer exists.');
  // People and staff may not remove the last superuser; a deletion at Mozilla's request goes ahead.
  const lastSuperuser =
    user.isSuperuser && (await em.count(User, { isSuperuser: true, isActive: true })) <= 1;
  if (options.actor && lastSuperuser) {
    throw preconditionFailed('The last superuser cannot be deleted: make someone else a superuser first.');
  }
  return user;
}

/**
 * Deletes an account, ordered so that a failure anywhere leaves the person with a working account:
 *
 * 1. Checks that can refuse (the last superuser), before anything leaves the hub.
 * 2. Paddle: subscriptions that would renew are cancelled at the end of their period. Idempotent
 *    (an already scheduled cancellation is skipped) and outside any transaction; if Paddle refuses,
 *    nothing has changed. If a later step fails, the account stays with a subscription that will
 *    not renew — the person can resume it, and a retry skips it.
 * 3. One transaction: ACCOUNT_DELETION_STEPS. The sealed Mozilla tokens are read in it, before
 *    the row that holds them goes.
 * 4. After the commit: the tokens are revoked at Mozilla. Best effort: a failure is logged, the
 *    deletion stands (the tokens are gone from our side and expire at Mozilla).
 */
export async function deleteAccount(
  em: EntityManager,
  hub: Hub,
  userId: string,
  options: DeleteAccountOptions,
  steps: readonly AccountDeletionStep[] = ACCOUNT_DELETION_STEPS,
): Promise<void> {
  await checkDeletable(em.fork(), userId, options);
  await cancelForAccountDeletion(em.fork(), hub, userId);
  let mozillaTokens: MozillaTokens | null = null;
  await em.transactional(async (tx) => {
    // Checked again: the person may have been made the last superuser meanwhile.
    const user = await checkDeletable(tx, userId, options);
    // Queued before the steps delete the person (the message does not refer to their row). Only
    // to an address they confirmed: an unconfirmed one may be someone else's, typed at sign-up.
    if (user.emailVerified) {
      notifyPerson(tx, hub.config, user, 'account.deleted', accountDeletedMail, {
        byStaff: options.actor !== null && options.actor.id !== userId,
        // Read after Paddle's cancellation was applied: what still runs out, and when.
        subscriptions: await subscriptionsAtDeletion(tx, userId),
        timeZone: user.timezone,
      });
    }
    mozillaTokens = await loadMozillaTokens(tx, hub.config, userId);
    for (const step of steps) {
      await step.run({
        em: tx,
        hub,
        user,
        reason: options.reason,
        actor: options.actor,
        ip: options.ip ?? null,
        userAgent: options.userAgent ?? null,
        via: options.via ?? null,
      });
    }
  });
  if (mozillaTokens) await revokeMozillaTokens(hub.config, hub.log, mozillaTokens);
}

/** A person deletes their own account after typing its email address. */
export async function deleteOwnAccount(
  em: EntityManager,
  hub: Hub,
  user: { id: string; email: string },
  input: DeleteAccountInput,
  source: ChangeSource,
): Promise<void> {
  const { confirmEmail } = deleteAccountSchema.parse(input);
  if (confirmEmail.toLowerCase() !== user.email) {
    const message = 'Type the email address of this account exactly to confirm.';
    throw new HubError('BAD_INPUT', message, { fieldErrors: { confirmEmail: [message] } });
  }
  await deleteAccount(em, hub, user.id, {
    reason: 'self-service',
    actor: { id: user.id, email: user.email },
    ip: source.ip,
    userAgent: source.userAgent,
  });
}

/** What deleting the account would do, from the account's real state, for the dialog to say. */
export interface AccountDeletionPreviewDto {
  /** Subscriptions that have not ended: each is cancelled at Paddle at the end of its paid period. */
  subscriptions: SubscriptionAtDeletionDto[];
  mail: MailAtDeletionDto;
  /** Apps the person signed in to: they are told of the deletion and sign the person out. */
  connectedApps: string[];
  /** Signed-in browsers, this one included: all signed out. */
  sessions: number;
}

export async function accountDeletionPreview(
  em: EntityManager,
  hub: Hub,
  userId: string,
): Promise<AccountDeletionPreviewDto> {
  const connections = await em.find(
    ClientConnection,
    { user: userId },
    { populate: ['client'], orderBy: { createdAt: 'asc' } },
  );
  return {
    subscriptions: await subscriptionsAtDeletion(em, userId),
    mail: await mailAtDeletion(em, hub.config, userId),
    connectedApps: connections.map((connection) => (connection.client as ClientEntity).name),
    sessions: await em.count(Session, { user: userId }),
  };
}
