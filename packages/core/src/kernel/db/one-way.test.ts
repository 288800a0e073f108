import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * SQL outside the ORM has one way in: the `sql` tag (db/sql.ts) and its runner (db/runner.ts).
 * This reads core's source and refuses the other ways back in. Tests, test support and the
 * migrations (MikroORM's fixed DDL) are not scanned.
 */
const SRC = fileURLToPath(new URL('../..', import.meta.url));
const SKIPPED =
  /(\.test\.ts|\/test-support\.ts)$|^(testing|kernel\/db|orchestration\/database\/migrations)\//;

const FORBIDDEN: [RegExp, string][] = [
  // em.execute / connection.execute with a statement (the ORM query builder's `.execute()` is fine).
  [/\.execute\s*(<|\((?!\)))/, 'em.execute: use query/command (db/runner.ts) with a sql`…` statement'],
  [/\bCompiledQuery\b|\bgetKysely\b|from 'kysely'/, 'Kysely: only db/runner.ts runs statements'],
  [/from 'pg'|\bgetNativeClient\b/, 'the pg pool: only db/runner.ts (queryRows) uses it'],
  [/\bgetTransactionContext\b|\.getClient\(\)/, "the ORM's connection: only db/runner.ts picks it"],
];

const SQL_WORDS =
  /\b(select\s[\s\S]*\bfrom|insert\s+into|delete\s+from|update\s+\S+\s+set|alter\s+(table|role)|(grant|revoke)\s+(all|select|insert|update|delete|usage|connect)\b|create\s+(table|role|index)|drop\s+(table|role))\b/i;

/** SQL text made from strings: an untagged template with SQL words and `${`, or `'…sql…' +`. */
function assembledSql(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(\bsql)?`((?:[^`\\]|\\[\s\S])*)`/g)) {
    if (!match[1] && match[2]!.includes('${') && SQL_WORDS.test(match[2]!)) found.push(match[0].slice(0, 80));
  }
  for (const match of text.matchAll(
    /(['"])[^'"\n]*\b(select|insert into|delete from|update|where)\b[^'"\n]*\1\s*\+/gi,
  )) {
    found.push(match[0].slice(0, 80));
  }
  return found;
}

function violations(text: string): string[] {
  return [
    ...FORBIDDEN.filter(([pattern]) => pattern.test(text)).map(([, why]) => why),
    ...assembledSql(text).map((snippet) => `SQL assembled from strings: ${snippet}`),
  ];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('one way to SQL outside the ORM', () => {
  it('recognises each way back in', () => {
    const samples = [
      "await em.execute('select 1')",
      'await tx.execute<{ n: number }[]>(`select count(*) as n from users`)',
      "em.getConnection().execute('select 1')",
      "import { CompiledQuery } from 'kysely';",
      'em.getKysely().selectFrom("users")',
      "import type { Pool } from 'pg';",
      'const executor = em.getTransactionContext();',
      `const statement = \`delete from t where id in (\${ids.map(() => "?").join(", ")})\`;`,
      `const update = \`update \${table} set \${column} = ?\`;`,
      'const q = "select * from users where id = " + id;',
    ];
    for (const sample of samples) expect(violations(sample), sample).not.toEqual([]);
    const allowed = [
      'await em.createQueryBuilder(ClientConnection).insert(rows).onConflict().ignore().execute();',
      `sql\`select id from users where email = \${email}\``,
      `throw badInput(\`No plan is called "\${name}". Plans: \${plans.join(", ")}.\`)`,
    ];
    for (const sample of allowed) expect(violations(sample), sample).toEqual([]);
  });

  it('is kept: every statement in core goes through the sql tag and db/runner.ts', () => {
    const found = sourceFiles(SRC)
      .map((path) => relative(SRC, path).split('\\').join('/'))
      .filter((path) => !SKIPPED.test(path))
      .flatMap((path) => violations(readFileSync(join(SRC, path), 'utf8')).map((why) => `${path}: ${why}`));
    expect(found).toEqual([]);
  });
});
