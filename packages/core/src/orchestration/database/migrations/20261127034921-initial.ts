import { Migration } from '@mikro-orm/migrations';

export class Migration20261127034921_initial extends Migration {
  override name = 'Migration20261127034921_initial';

  override up(): void | Promise<void> {
    this.addSql(`create schema if not exists "directory";`);
    this.addSql(
      `create table "allow_list_entries" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "pattern" varchar(255) not null, "note" text null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "allow_list_entries" add constraint "allow_list_entries_pattern_unique" unique ("pattern");`,
    );

    this.addSql(
      `create table "audit_entries" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "actor_id" uuid null, "actor_email" varchar(255) null, "action" varchar(255) not null, "entity_type" varchar(255) not null, "entity_id" varchar(255) null, "subject_user_id" uuid null, "before" jsonb null, "after" jsonb null, "ip" varchar(255) null, primary key ("id"));`,
    );
    this.addSql(`create index "audit_entries_actor_id_index" on "audit_entries" ("actor_id");`);
    this.addSql(`create index "audit_entries_subject_user_id_index" on "audit_entries" ("subject_user_id");`);
    this.addSql(
      `create index "audit_entries_entity_type_entity_id_index" on "audit_entries" ("entity_type", "entity_id");`,
    );
    this.addSql(`create index "audit_entries_created_at_index" on "audit_entries" ("created_at");`);

    this.addSql(
      `create table "clients" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" varchar(255) not null, "description" text null, "is_active" boolean not null default true, "is_first_party" boolean not null default false, primary key ("id"));`,
    );
    this.addSql(`alter table "clients" add constraint "clients_name_unique" unique ("name");`);

    this.addSql(
      `create table "client_contacts" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" varchar(255) not null, "email" varchar(255) not null, "website" varchar(255) null, "client_id" uuid not null, primary key ("id"));`,
    );
    this.addSql(`create index "client_contacts_client_id_index" on "client_contacts" ("client_id");`);

    this.addSql(
      `create table "client_environments" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "environment" varchar(255) not null, "redirect_url" text not null, "auth_token" bytea not null, "token_hint" varchar(255) not null, "previous_auth_token" bytea null, "previous_token_expires_at" timestamptz null, "is_active" boolean not null default true, "client_id" uuid not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "client_environments" add constraint "client_environments_auth_token_unique" unique ("auth_token");`,
    );
    this.addSql(
      `alter table "client_environments" add constraint "client_environments_previous_auth_token_unique" unique ("previous_auth_token");`,
    );
    this.addSql(
      `alter table "client_environments" add constraint "client_environments_client_id_environment_unique" unique ("client_id", "environment");`,
    );

    this.addSql(
      `create table "client_webhooks" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" varchar(255) not null, "webhook_url" text not null, "type" text not null, "secret" bytea not null, "previous_secret" bytea null, "previous_secret_expires_at" timestamptz null, "is_active" boolean not null default true, "consecutive_failures" int not null default 0, "failing_since" timestamptz null, "client_environment_id" uuid not null, primary key ("id"));`,
    );
    this.addSql(
      `create index "client_webhooks_client_environment_id_index" on "client_webhooks" ("client_environment_id");`,
    );

    this.addSql(
      `create table "directory"."accounts" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" text not null, "secret" text null, "description" text null, "type" text not null default 'individual', "quota" bigint not null default '0', "active" boolean not null default true, primary key ("id"));`,
    );
    this.addSql(`alter table "directory"."accounts" add constraint "accounts_name_unique" unique ("name");`);

    this.addSql(
      `create table "directory"."app_passwords" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" text not null, "label" text not null, "secret" text not null, "last_used_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "app_passwords_name_index" on "directory"."app_passwords" ("name");`);
    this.addSql(
      `alter table "directory"."app_passwords" add constraint "app_passwords_name_label_unique" unique ("name", "label");`,
    );

    this.addSql(
      `create table "directory"."domains" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" text not null, primary key ("id"));`,
    );
    this.addSql(`alter table "directory"."domains" add constraint "domains_name_unique" unique ("name");`);

    this.addSql(
      `create table "directory"."emails" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" text not null, "address" text not null, "type" text not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "directory"."emails" add constraint "emails_address_unique" unique ("address");`,
    );
    this.addSql(
      `create index "emails_name_type_address_index" on "directory"."emails" ("name", "type", "address");`,
    );
    this.addSql(
      `create index "emails_address_prefix_index" on "directory"."emails" ("address" text_pattern_ops);`,
    );

    this.addSql(
      `create table "directory"."group_members" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" text not null, "member_of" text not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "directory"."group_members" add constraint "group_members_name_member_of_unique" unique ("name", "member_of");`,
    );

    this.addSql(
      `create table "login_requests" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "environment_id" uuid not null, "state" text not null, "redirect_to" text null, "expires_at" timestamptz not null, "used_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "login_requests_environment_id_index" on "login_requests" ("environment_id");`);

    this.addSql(
      `create table "outbox_events" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "sequence" bigserial, "type" varchar(255) not null, "webhook_type" text not null, "user_id" uuid null, "payload" jsonb not null, "dispatched_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "outbox_events" add constraint "outbox_events_sequence_unique" unique ("sequence");`,
    );
    this.addSql(`create index "outbox_events_user_id_index" on "outbox_events" ("user_id");`);
    this.addSql(
      `create index "outbox_events_dispatched_at_sequence_index" on "outbox_events" ("dispatched_at", "sequence");`,
    );

    this.addSql(
      `create table "paddle_events" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "event_id" varchar(255) not null, "notification_id" varchar(255) null, "event_type" varchar(255) not null, "occurred_at" timestamptz not null, "entity_id" varchar(255) null, "raw_body" text not null, "received_at" timestamptz not null, "status" text not null default 'received', "result" text null, "error" text null, "attempts" int not null default 0, "applied_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "paddle_events" add constraint "paddle_events_event_id_unique" unique ("event_id");`,
    );
    this.addSql(`create index "paddle_events_entity_id_index" on "paddle_events" ("entity_id");`);
    this.addSql(
      `create index "paddle_events_status_received_at_index" on "paddle_events" ("status", "received_at");`,
    );

    this.addSql(
      `create table "plans" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" varchar(255) not null, "description" text null, "paddle_price_ids" text[] not null default '{}', "price_amount" int not null default 0, "currency" varchar(255) not null default 'EUR', "billing_interval" text not null default 'month', "mailbox_quota_bytes" bigint not null default '0', "max_aliases" int not null default 0, "max_app_passwords" int not null default 0, "max_custom_domains" int not null default 0, "is_active" boolean not null default true, "sort_order" int not null default 0, primary key ("id"));`,
    );
    this.addSql(`alter table "plans" add constraint "plans_name_unique" unique ("name");`);

    this.addSql(
      `create table "plan_clients" ("plan_id" uuid not null, "client_id" uuid not null, primary key ("plan_id", "client_id"));`,
    );

    this.addSql(
      `create table "rate_limit_buckets" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "key" varchar(255) not null, "hits" int not null default 0, "reset_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "rate_limit_buckets" add constraint "rate_limit_buckets_key_unique" unique ("key");`,
    );
    this.addSql(`create index "rate_limit_buckets_reset_at_index" on "rate_limit_buckets" ("reset_at");`);

    this.addSql(
      `create table "security_event_receipts" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "jti" varchar(255) not null, "subject" varchar(255) not null, "events" jsonb not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "security_event_receipts" add constraint "security_event_receipts_jti_unique" unique ("jti");`,
    );

    this.addSql(
      `create table "signing_keys" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "kid" varchar(255) not null, "algorithm" varchar(255) not null, "public_jwk" jsonb not null, "private_key" bytea not null, "activates_at" timestamptz not null, "retires_at" timestamptz null, "expires_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`alter table "signing_keys" add constraint "signing_keys_kid_unique" unique ("kid");`);

    this.addSql(
      `create table "users" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "fxa_id" varchar(255) null, "email" varchar(255) not null, "last_used_email" varchar(255) null, "username" varchar(255) not null, "password" varchar(255) null, "display_name" varchar(255) null, "avatar_url" varchar(255) null, "language" varchar(255) not null default 'en', "timezone" varchar(255) not null default 'UTC', "fxa_token" bytea null, "is_superuser" boolean not null default false, "is_staff" boolean not null default false, "is_active" boolean not null default true, "date_joined" timestamptz not null default now(), "last_login" timestamptz null, "plan_id" uuid null, primary key ("id"));`,
    );
    this.addSql(`alter table "users" add constraint "users_fxa_id_unique" unique ("fxa_id");`);
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);
    this.addSql(`alter table "users" add constraint "users_username_unique" unique ("username");`);

    this.addSql(
      `create table "sessions" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" uuid not null, "token_hash" bytea not null, "last_seen_at" timestamptz not null, "expires_at" timestamptz not null, "absolute_expires_at" timestamptz not null, "ip" varchar(255) null, "user_agent" text null, "method" text not null, primary key ("id"));`,
    );
    this.addSql(`create index "sessions_user_id_index" on "sessions" ("user_id");`);
    this.addSql(`alter table "sessions" add constraint "sessions_token_hash_unique" unique ("token_hash");`);

    this.addSql(
      `create table "refresh_tokens" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "family_id" uuid not null, "token_hash" bytea not null, "user_id" uuid not null, "session_id" uuid not null, "environment_id" uuid not null, "expires_at" timestamptz not null, "rotated_at" timestamptz null, "revoked_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "refresh_tokens_family_id_index" on "refresh_tokens" ("family_id");`);
    this.addSql(
      `alter table "refresh_tokens" add constraint "refresh_tokens_token_hash_unique" unique ("token_hash");`,
    );
    this.addSql(`create index "refresh_tokens_user_id_index" on "refresh_tokens" ("user_id");`);
    this.addSql(`create index "refresh_tokens_session_id_index" on "refresh_tokens" ("session_id");`);
    this.addSql(`create index "refresh_tokens_environment_id_index" on "refresh_tokens" ("environment_id");`);

    this.addSql(
      `create table "mailboxes" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" uuid not null, "account_name" text not null, "local_part" text not null, "state" text not null default 'active', primary key ("id"));`,
    );
    this.addSql(`alter table "mailboxes" add constraint "mailboxes_user_id_unique" unique ("user_id");`);
    this.addSql(
      `alter table "mailboxes" add constraint "mailboxes_account_name_unique" unique ("account_name");`,
    );

    this.addSql(
      `create table "customers" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" varchar(255) null, "email" varchar(255) null, "paddle_id" varchar(255) not null, "user_id" uuid null, "last_event_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`alter table "customers" add constraint "customers_paddle_id_unique" unique ("paddle_id");`);
    this.addSql(`create index "customers_user_id_index" on "customers" ("user_id");`);

    this.addSql(
      `create table "subscriptions" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" varchar(255) null, "paddle_id" varchar(255) not null, "status" text not null, "is_active" boolean not null default false, "active_since" timestamptz null, "inactive_since" timestamptz null, "customer_id" uuid null, "customer_paddle_id" varchar(255) null, "user_id" uuid null, "plan_id" uuid null, "price_ids" text[] not null default '{}', "current_period_start" timestamptz null, "current_period_end" timestamptz null, "next_billed_at" timestamptz null, "scheduled_change" jsonb null, "canceled_at" timestamptz null, "paused_at" timestamptz null, "custom_data" jsonb null, "binding_problem" text null, "last_event_at" timestamptz null, "last_event_id" varchar(255) null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "subscriptions" add constraint "subscriptions_paddle_id_unique" unique ("paddle_id");`,
    );
    this.addSql(`create index "subscriptions_customer_id_index" on "subscriptions" ("customer_id");`);
    this.addSql(`create index "subscriptions_user_id_index" on "subscriptions" ("user_id");`);
    this.addSql(`create index "subscriptions_plan_id_index" on "subscriptions" ("plan_id");`);

    this.addSql(
      `create table "custom_domains" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" uuid not null, "domain" text not null, "verification_token" varchar(255) not null, "verified_at" timestamptz null, "last_checked_at" timestamptz null, "check_result" jsonb null, "catch_all" boolean not null default false, primary key ("id"));`,
    );
    this.addSql(`create index "custom_domains_user_id_index" on "custom_domains" ("user_id");`);
    this.addSql(`create index "custom_domains_domain_index" on "custom_domains" ("domain");`);
    this.addSql(
      `alter table "custom_domains" add constraint "custom_domains_user_id_domain_unique" unique ("user_id", "domain");`,
    );
    this.addSql(
      `create unique index "custom_domains_verified_domain_unique" on "custom_domains" ("domain") where verified_at is not null;`,
    );

    this.addSql(
      `create table "client_connections" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" uuid not null, "client_id" uuid not null, "last_seen_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "client_connections_client_id_index" on "client_connections" ("client_id");`);
    this.addSql(
      `alter table "client_connections" add constraint "client_connections_user_id_client_id_unique" unique ("user_id", "client_id");`,
    );

    this.addSql(
      `create table "authorization_codes" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "code_hash" bytea not null, "user_id" uuid not null, "session_id" uuid not null, "environment_id" uuid not null, "expires_at" timestamptz not null, "used_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "authorization_codes" add constraint "authorization_codes_code_hash_unique" unique ("code_hash");`,
    );
    this.addSql(`create index "authorization_codes_user_id_index" on "authorization_codes" ("user_id");`);
    this.addSql(
      `create index "authorization_codes_session_id_index" on "authorization_codes" ("session_id");`,
    );
    this.addSql(
      `create index "authorization_codes_environment_id_index" on "authorization_codes" ("environment_id");`,
    );

    this.addSql(
      `create table "user_tokens" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" uuid not null, "purpose" text not null, "token_hash" bytea not null, "expires_at" timestamptz not null, "used_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "user_tokens_user_id_index" on "user_tokens" ("user_id");`);
    this.addSql(
      `alter table "user_tokens" add constraint "user_tokens_token_hash_unique" unique ("token_hash");`,
    );

    this.addSql(
      `create table "webhook_deliveries" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "event_id" uuid not null, "webhook_id" uuid not null, "user_id" uuid null, "status" text not null default 'pending', "attempts" int not null default 0, "next_attempt_at" timestamptz null, "locked_until" timestamptz null, "last_status_code" int null, "last_error" text null, "last_latency_ms" int null, "delivered_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "webhook_deliveries_webhook_id_index" on "webhook_deliveries" ("webhook_id");`);
    this.addSql(
      `create index "webhook_deliveries_status_next_attempt_at_index" on "webhook_deliveries" ("status", "next_attempt_at");`,
    );
    this.addSql(
      `alter table "webhook_deliveries" add constraint "webhook_deliveries_event_id_webhook_id_unique" unique ("event_id", "webhook_id");`,
    );

    this.addSql(
      `create table "webhook_delivery_attempts" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "delivery_id" uuid not null, "attempt" int not null, "status_code" int null, "latency_ms" int not null, "error" text null, primary key ("id"));`,
    );
    this.addSql(
      `create index "webhook_delivery_attempts_delivery_id_index" on "webhook_delivery_attempts" ("delivery_id");`,
    );

    this.addSql(
      `alter table "client_contacts" add constraint "client_contacts_client_id_foreign" foreign key ("client_id") references "clients" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "client_environments" add constraint "client_environments_client_id_foreign" foreign key ("client_id") references "clients" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "client_webhooks" add constraint "client_webhooks_client_environment_id_foreign" foreign key ("client_environment_id") references "client_environments" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "client_webhooks" add constraint "client_webhooks_type_check" check ("type" in ('auth', 'subscription'));`,
    );

    this.addSql(
      `alter table "directory"."accounts" add constraint "accounts_name_check" check (name = lower(name));`,
    );
    this.addSql(
      `alter table "directory"."accounts" add constraint "accounts_secret_check" check (secret ~ '^[$\\{]');`,
    );
    this.addSql(
      `alter table "directory"."accounts" add constraint "accounts_type_check" check ("type" in ('individual', 'group'));`,
    );

    this.addSql(
      `alter table "directory"."app_passwords" add constraint "app_passwords_name_check" check (name = lower(name));`,
    );
    this.addSql(
      `alter table "directory"."app_passwords" add constraint "app_passwords_label_check" check (label ~ '^[^$]+$');`,
    );
    this.addSql(
      `alter table "directory"."app_passwords" add constraint "app_passwords_secret_check" check (secret ~ '^[$]app[$][^$]+[$][$]');`,
    );

    this.addSql(
      `alter table "directory"."domains" add constraint "domains_name_check" check (name = lower(name));`,
    );

    this.addSql(
      `alter table "directory"."emails" add constraint "emails_name_check" check (name = lower(name));`,
    );
    this.addSql(
      `alter table "directory"."emails" add constraint "emails_address_check" check (address = lower(address));`,
    );
    this.addSql(
      `alter table "directory"."emails" add constraint "emails_type_check" check ("type" in ('primary', 'alias', 'list'));`,
    );

    this.addSql(
      `alter table "directory"."group_members" add constraint "group_members_name_check" check (name = lower(name));`,
    );
    this.addSql(
      `alter table "directory"."group_members" add constraint "group_members_member_of_check" check (member_of = lower(member_of));`,
    );

    this.addSql(
      `alter table "login_requests" add constraint "login_requests_environment_id_foreign" foreign key ("environment_id") references "client_environments" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "outbox_events" add constraint "outbox_events_webhook_type_check" check ("webhook_type" in ('auth', 'subscription'));`,
    );

    this.addSql(
      `alter table "paddle_events" add constraint "paddle_events_status_check" check ("status" in ('received', 'applied', 'skipped', 'failed'));`,
    );

    this.addSql(
      `alter table "plans" add constraint "plans_billing_interval_check" check ("billing_interval" in ('month', 'year'));`,
    );

    this.addSql(
      `alter table "plan_clients" add constraint "plan_clients_plan_id_foreign" foreign key ("plan_id") references "plans" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "plan_clients" add constraint "plan_clients_client_id_foreign" foreign key ("client_id") references "clients" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "users" add constraint "users_plan_id_foreign" foreign key ("plan_id") references "plans" ("id") on delete set null;`,
    );
    this.addSql(`alter table "users" add constraint "users_email_check" check (email = lower(email));`);
    this.addSql(
      `alter table "users" add constraint "users_last_used_email_check" check (last_used_email = lower(last_used_email));`,
    );
    this.addSql(
      `alter table "users" add constraint "users_username_check" check (username = lower(username));`,
    );

    this.addSql(
      `alter table "sessions" add constraint "sessions_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "sessions" add constraint "sessions_method_check" check ("method" in ('fxa', 'password'));`,
    );

    this.addSql(
      `alter table "refresh_tokens" add constraint "refresh_tokens_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "refresh_tokens" add constraint "refresh_tokens_session_id_foreign" foreign key ("session_id") references "sessions" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "refresh_tokens" add constraint "refresh_tokens_environment_id_foreign" foreign key ("environment_id") references "client_environments" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "mailboxes" add constraint "mailboxes_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "mailboxes" add constraint "mailboxes_state_check" check ("state" in ('active', 'receive-only', 'inactive'));`,
    );

    this.addSql(
      `alter table "customers" add constraint "customers_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "subscriptions" add constraint "subscriptions_customer_id_foreign" foreign key ("customer_id") references "customers" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "subscriptions" add constraint "subscriptions_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "subscriptions" add constraint "subscriptions_plan_id_foreign" foreign key ("plan_id") references "plans" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "subscriptions" add constraint "subscriptions_status_check" check ("status" in ('active', 'canceled', 'past_due', 'paused', 'trialing'));`,
    );
    this.addSql(
      `alter table "subscriptions" add constraint "subscriptions_binding_problem_check" check ("binding_problem" in ('missing', 'forged', 'unknown-user'));`,
    );

    this.addSql(
      `alter table "custom_domains" add constraint "custom_domains_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "client_connections" add constraint "client_connections_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "client_connections" add constraint "client_connections_client_id_foreign" foreign key ("client_id") references "clients" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "authorization_codes" add constraint "authorization_codes_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "authorization_codes" add constraint "authorization_codes_session_id_foreign" foreign key ("session_id") references "sessions" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "authorization_codes" add constraint "authorization_codes_environment_id_foreign" foreign key ("environment_id") references "client_environments" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "user_tokens" add constraint "user_tokens_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "user_tokens" add constraint "user_tokens_purpose_check" check ("purpose" in ('invite', 'password-reset'));`,
    );

    this.addSql(
      `alter table "webhook_deliveries" add constraint "webhook_deliveries_event_id_foreign" foreign key ("event_id") references "outbox_events" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "webhook_deliveries" add constraint "webhook_deliveries_webhook_id_foreign" foreign key ("webhook_id") references "client_webhooks" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "webhook_deliveries" add constraint "webhook_deliveries_status_check" check ("status" in ('pending', 'succeeded', 'failed'));`,
    );

    this.addSql(
      `alter table "webhook_delivery_attempts" add constraint "webhook_delivery_attempts_delivery_id_foreign" foreign key ("delivery_id") references "webhook_deliveries" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "client_contacts" drop constraint "client_contacts_client_id_foreign";`);
    this.addSql(`alter table "client_environments" drop constraint "client_environments_client_id_foreign";`);
    this.addSql(`alter table "plan_clients" drop constraint "plan_clients_client_id_foreign";`);
    this.addSql(`alter table "client_connections" drop constraint "client_connections_client_id_foreign";`);
    this.addSql(
      `alter table "client_webhooks" drop constraint "client_webhooks_client_environment_id_foreign";`,
    );
    this.addSql(`alter table "login_requests" drop constraint "login_requests_environment_id_foreign";`);
    this.addSql(`alter table "refresh_tokens" drop constraint "refresh_tokens_environment_id_foreign";`);
    this.addSql(
      `alter table "authorization_codes" drop constraint "authorization_codes_environment_id_foreign";`,
    );
    this.addSql(`alter table "webhook_deliveries" drop constraint "webhook_deliveries_webhook_id_foreign";`);
    this.addSql(`alter table "webhook_deliveries" drop constraint "webhook_deliveries_event_id_foreign";`);
    this.addSql(`alter table "plan_clients" drop constraint "plan_clients_plan_id_foreign";`);
    this.addSql(`alter table "users" drop constraint "users_plan_id_foreign";`);
    this.addSql(`alter table "subscriptions" drop constraint "subscriptions_plan_id_foreign";`);
    this.addSql(`alter table "sessions" drop constraint "sessions_user_id_foreign";`);
    this.addSql(`alter table "refresh_tokens" drop constraint "refresh_tokens_user_id_foreign";`);
    this.addSql(`alter table "mailboxes" drop constraint "mailboxes_user_id_foreign";`);
    this.addSql(`alter table "customers" drop constraint "customers_user_id_foreign";`);
    this.addSql(`alter table "subscriptions" drop constraint "subscriptions_user_id_foreign";`);
    this.addSql(`alter table "custom_domains" drop constraint "custom_domains_user_id_foreign";`);
    this.addSql(`alter table "client_connections" drop constraint "client_connections_user_id_foreign";`);
    this.addSql(`alter table "authorization_codes" drop constraint "authorization_codes_user_id_foreign";`);
    this.addSql(`alter table "user_tokens" drop constraint "user_tokens_user_id_foreign";`);
    this.addSql(`alter table "refresh_tokens" drop constraint "refresh_tokens_session_id_foreign";`);
    this.addSql(
      `alter table "authorization_codes" drop constraint "authorization_codes_session_id_foreign";`,
    );
    this.addSql(`alter table "subscriptions" drop constraint "subscriptions_customer_id_foreign";`);
    this.addSql(
      `alter table "webhook_delivery_attempts" drop constraint "webhook_delivery_attempts_delivery_id_foreign";`,
    );

    this.addSql(`drop table if exists "allow_list_entries" cascade;`);
    this.addSql(`drop table if exists "audit_entries" cascade;`);
    this.addSql(`drop table if exists "clients" cascade;`);
    this.addSql(`drop table if exists "client_contacts" cascade;`);
    this.addSql(`drop table if exists "client_environments" cascade;`);
    this.addSql(`drop table if exists "client_webhooks" cascade;`);
    this.addSql(`drop table if exists "directory"."accounts" cascade;`);
    this.addSql(`drop table if exists "directory"."app_passwords" cascade;`);
    this.addSql(`drop table if exists "directory"."domains" cascade;`);
    this.addSql(`drop table if exists "directory"."emails" cascade;`);
    this.addSql(`drop table if exists "directory"."group_members" cascade;`);
    this.addSql(`drop table if exists "login_requests" cascade;`);
    this.addSql(`drop table if exists "outbox_events" cascade;`);
    this.addSql(`drop table if exists "paddle_events" cascade;`);
    this.addSql(`drop table if exists "plans" cascade;`);
    this.addSql(`drop table if exists "plan_clients" cascade;`);
    this.addSql(`drop table if exists "rate_limit_buckets" cascade;`);
    this.addSql(`drop table if exists "security_event_receipts" cascade;`);
    this.addSql(`drop table if exists "signing_keys" cascade;`);
    this.addSql(`drop table if exists "users" cascade;`);
    this.addSql(`drop table if exists "sessions" cascade;`);
    this.addSql(`drop table if exists "refresh_tokens" cascade;`);
    this.addSql(`drop table if exists "mailboxes" cascade;`);
    this.addSql(`drop table if exists "customers" cascade;`);
    this.addSql(`drop table if exists "subscriptions" cascade;`);
    this.addSql(`drop table if exists "custom_domains" cascade;`);
    this.addSql(`drop table if exists "client_connections" cascade;`);
    this.addSql(`drop table if exists "authorization_codes" cascade;`);
    this.addSql(`drop table if exists "user_tokens" cascade;`);
    this.addSql(`drop table if exists "webhook_deliveries" cascade;`);
    this.addSql(`drop table if exists "webhook_delivery_attempts" cascade;`);

    this.addSql(`drop schema if exists "directory";`);
  }
}
