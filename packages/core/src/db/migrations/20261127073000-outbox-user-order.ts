import { Migration } from '@mikro-orm/migrations';

/**
 * One person's events commit in `sequence` order. Before a row about a person is inserted, the
 * inserting transaction takes that person's transaction-scoped advisory lock (the key billing's
 * `lockKey(em, 'user:<id>')` uses, so a transaction that already holds it just re-enters), and
 * only then draws the row's sequence number. A second transaction emitting for the same person
 * waits at its insert until the first commits or rolls back, so it draws a higher number and
 * commits later: for each person, sequence order is commit order. In a trigger rather than in
 * `emitEvent` so every writer is covered, whatever transaction or flush it inserts from.
 */
export class Migration20261127073000_outbox_user_order extends Migration {
  override name = 'Migration20261127073000_outbox_user_order';

  override up(): void | Promise<void> {
    this.addSql(`create function "outbox_events_user_order"() returns trigger language plpgsql as $$
begin
  if new."user_id" is not null then
    perform pg_advisory_xact_lock(hashtextextended('user:' || new."user_id"::text, 0));
    new."sequence" := nextval(pg_get_serial_sequence('outbox_events', 'sequence'));
  end if;
  return new;
end
$$;`);
    this.addSql(
      `create trigger "outbox_events_user_order" before insert on "outbox_events" for each row execute function "outbox_events_user_order"();`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger "outbox_events_user_order" on "outbox_events";`);
    this.addSql(`drop function "outbox_events_user_order"();`);
  }
}
