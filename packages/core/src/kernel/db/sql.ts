import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The one way to write SQL outside the ORM (run it with `db/runner.ts`). The rules:
 *
 * - A statement is a tagged template: sql`select … where id = ${id}`. Every `${value}` becomes a
 *   bound parameter ($1…$n), never text, so the statement text is the same on every call and no
 *   value is ever escaped into it.
 * - A `Sql` value interpolated into another is spliced in with its parameters renumbered, so
 *   fragments compose; `sql.join(items, separator)` makes lists (`in (…)`, multi-row VALUES).
 * - Text comes only from template literals in our code. Identifiers that are not written in the
 *   template come from the entity metadata (`sql.table`, `sql.column`) or from a fixed list
 *   (`sql.identifiers([...])`), quoted; nothing else turns a string into SQL.
 */
let make!: (strings: readonly string[], values: readonly unknown[]) => Sql;

export class Sql {
  static {
    // Only this module makes fragments: from template literals, metadata or a fixed list.
    make = (strings, values) => new Sql(strings, values);
  }

  readonly #strings: readonly string[];
  readonly #values: readonly unknown[];
  /** The whole text when no value is bound anywhere inside (identifiers, fixed fragments). */
  readonly #text: string | null;

  private constructor(strings: readonly string[], values: readonly unknown[]) {
    this.#strings = strings;
    this.#values = values;
    let text: string | null = strings[0]!;
    for (let i = 0; i < values.length && text !== null; i += 1) {
      const value = values[i];
      text = value instanceof Sql && value.#text !== null ? text + value.#text + strings[i + 1]! : null;
    }
    this.#text = text;
  }

  /** The statement as PostgreSQL takes it: text with $1…$n, and the values in that order. */
  compile(): { text: string; values: unknown[] } {
    const values: unknown[] = [];
    return { text: this.#append('', values), values };
  }

  #append(text: string, values: unknown[]): string {
    if (this.#text !== null) return text + this.#text;
    let out = text + this.#strings[0]!;
    for (let i = 0; i < this.#values.length; i += 1) {
      const value = this.#values[i];
      if (value instanceof Sql) {
        out = value.#append(out, values);
      } else {
        values.push(value);
        out += `$${values.length}`;
      }
      out += this.#strings[i + 1]!;
    }
    return out;
  }
}

function tag(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  // A template literal's strings are frozen and carry `raw`; an array built at run time does not.
  if (!Object.isFrozen(strings) || !Array.isArray(strings.raw)) {
    throw new TypeError('sql: use it as a tag on a template literal, never call it with a string');
  }
  if (strings.some((text) => text === undefined)) throw new TypeError('sql: an invalid escape in the text');
  values.forEach((value, index) => {
    // undefined would be bound as NULL without a word: always a mistake at the call site.
    if (value === undefined) throw new TypeError(`sql: value ${index + 1} is undefined`);
  });
  return make(strings, values);
}

const EMPTY = make([''], []);
const COMMA = make([', '], []);

/** Items (values, or fragments) between separators: `in (${sql.join(ids)})`, VALUES rows. */
function join(items: readonly unknown[], separator: Sql = COMMA): Sql {
  if (items.length === 0) return EMPTY;
  const values: unknown[] = [];
  for (const [index, item] of items.entries()) {
    if (item === undefined) throw new TypeError(`sql.join: item ${index + 1} is undefined`);
    if (index > 0) values.push(separator);
    values.push(item);
  }
  return make(['', ...values.map(() => '')], values);
}

function quote(name: string): Sql {
  return make([`"${name.replaceAll('"', '""')}"`], []);
}

type Properties = Record<string, { fieldNames?: string[] } | undefined>;

/** An entity's table, schema-qualified when it lives outside `public`. */
function table(em: EntityManager, entity: EntityName<object>): Sql {
  const meta = em.getMetadata().get(entity);
  const name = quote(meta.tableName);
  return meta.schema && meta.schema !== em.getPlatform().getDefaultSchemaName()
    ? make(['', '.', ''], [quote(meta.schema), name])
    : name;
}

/** The column behind an entity property (its first column for a relation: the foreign key). */
function column(em: EntityManager, entity: EntityName<object>, property: string): Sql {
  const meta = em.getMetadata().get(entity);
  const name = (meta.properties as Properties)[property]?.fieldNames?.[0];
  if (!name) throw new TypeError(`sql.column: ${meta.className}.${property} has no column`);
  return quote(name);
}

/**
 * Identifiers from a fixed list in our code (aliases, names no entity describes): the returned
 * function quotes a listed name and refuses any other.
 */
function identifiers<const Name extends string>(names: readonly Name[]): (name: Name) => Sql {
  const allowed = new Map(names.map((name) => [name as string, quote(name)]));
  return (name) => {
    const found = allowed.get(name);
    if (!found) throw new TypeError(`sql.identifiers: "${name}" is not in the list`);
    return found;
  };
}

export const sql = Object.assign(tag, { join, table, column, identifiers, empty: EMPTY });

/**
 * Builds a module's fixed fragments once per ORM instance (the metadata is the ORM's), for the
 * statements that run on every request.
 */
export function statementsFor<T>(build: (em: EntityManager) => T): (em: EntityManager) => T {
  const cache = new WeakMap<object, T>();
  return (em) => {
    const metadata = em.getMetadata();
    let found = cache.get(metadata);
    if (!found) {
      found = build(em);
      cache.set(metadata, found);
    }
    return found;
  };
}

/**
 * Escapes LIKE/ILIKE wildcards (`%`, `_`) and the escape character itself, so text a person typed
 * is matched literally (PostgreSQL's default escape character is the backslash).
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
