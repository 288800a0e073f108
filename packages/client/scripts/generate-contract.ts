// Writes src/contract.generated.ts: the hub's server-to-server procedures (input, output, query or
// mutation), its error shape and its webhook payloads, spelled out as plain types, and the one
// limit the client itself must keep (the calls in a batch). The published
// package then needs nothing of the hub's code or of its dependencies (MikroORM, zod, …) to type
// check. `pnpm --filter @accounts/client generate`; the type test in src/contract.test.ts fails
// when the file no longer matches the hub's router.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const SOURCE = here('./contract-source.ts');
const TARGET = here('../src/contract.generated.ts');
const EMPTY = 'Record<string, never>';

export function generateContract(): string {
  const configPath = here('../tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  )!;
  const program = ts.createProgram([SOURCE], { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(SOURCE)!;
  const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!);
  const typeOf = (name: string) => {
    const symbol = exported.find((s) => s.name === name);
    if (!symbol) throw new Error(`contract-source.ts exports no ${name}`);
    return checker.getDeclaredTypeOfSymbol(symbol);
  };

  const isLib = (type: ts.Type) =>
    (type.getSymbol()?.declarations ?? []).some((d) => program.isSourceFileDefaultLibrary(d.getSourceFile()));
  const key = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));

  /** `optional`: an optional property's type, whose `| undefined` the `?` already says. */
  function print(type: ts.Type, depth: number, optional = false): string {
    if (depth > 20) throw new Error(`type too deep: ${checker.typeToString(type)}`);
    const f = type.flags;
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'unknown';
    if (f & ts.TypeFlags.Never) return 'never';
    if (f & ts.TypeFlags.Void) return 'void';
    if (f & ts.TypeFlags.Undefined) return 'undefined';
    if (f & ts.TypeFlags.Null) return 'null';
    if (f & ts.TypeFlags.String) return 'string';
    if (f & ts.TypeFlags.Number) return 'number';
    if (f & ts.TypeFlags.BigInt) return 'bigint';
    if (f & ts.TypeFlags.Boolean) return 'boolean';
    if (f & (ts.TypeFlags.StringLiteral | ts.TypeFlags.NumberLiteral | ts.TypeFlags.BooleanLiteral)) {
      return checker.typeToString(type);
    }
    if (type.isUnion()) {
      const types = optional ? type.types.filter((t) => !(t.flags & ts.TypeFlags.Undefined)) : type.types;
      const parts = types.map((t) => print(t, depth + 1));
      // `boolean` is the union true | false.
      const hasBoth = parts.includes('true') && parts.includes('false');
      const members = hasBoth ? [...parts.filter((p) => p !== 'true' && p !== 'false'), 'boolean'] : parts;
      return members.map((p) => (p.includes('=>') ? `(${p})` : p)).join(' | ');
    }
    if (type.isIntersection()) {
      // Brands such as MikroORM's Opt<string> = string & { [optional]?: 1 } print as empty objects.
      const parts = type.types.map((t) => print(t, depth + 1)).filter((p) => p !== EMPTY);
      return parts.length === 1 ? parts[0]! : parts.map((p) => `(${p})`).join(' & ');
    }
    if (checker.isArrayType(type)) {
      return `Array<${print(checker.getTypeArguments(type as ts.TypeReference)[0]!, depth + 1)}>`;
    }
    if (checker.isTupleType(type)) {
      return `[${checker
        .getTypeArguments(type as ts.TypeReference)
        .map((t) => print(t, depth + 1))
        .join(', ')}]`;
    }
    if (f & ts.TypeFlags.Object) {
      // Date and the like; InTypeAlias spells out a project alias of a lib type (Record<…>).
      if (isLib(type)) return checker.typeToString(type, undefined, ts.TypeFormatFlags.InTypeAlias);
      if (type.getCallSignatures().length > 0)
        throw new Error(`a function in the contract: ${checker.typeToString(type)}`);
      const lines: string[] = [];
      for (const info of checker.getIndexInfosOfType(type)) {
        lines.push(`[key: ${print(info.keyType, depth + 1)}]: ${print(info.type, depth + 1)};`);
      }
      for (const prop of checker.getPropertiesOfType(type)) {
        if (prop.name.startsWith('__@')) continue; // symbol-keyed brands (MikroORM's Opt) are not data
        const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
        const propType = checker.getTypeOfSymbol(prop);
        lines.push(`${key(prop.name)}${optional ? '?' : ''}: ${print(propType, depth + 1, optional)};`);
      }
      return lines.length === 0 ? EMPTY : `{ ${lines.join(' ')} }`;
    }
    throw new Error(`cannot spell out ${checker.typeToString(type)}`);
  }

  const out: string[] = [
    "// Generated by scripts/generate-contract.ts from the hub's router and webhook payload types.",
    '// Do not edit: run `pnpm --filter @accounts/client generate`. src/contract.test.ts checks it.',
    "// biome-ignore-all lint/suspicious/noConfusingVoidType: `void` is tRPC's input of a procedure without input",
    '',
    "/** Every procedure a client app's server may call: `type`, `input` and `output`. */",
    `export type HubProcedures = ${print(typeOf('Procedures'), 0)};`,
    '',
    "/** The `error` of a failed call, as tRPC carries it (`data.code` is the hub's error code). */",
    `export type HubErrorShape = ${print(typeOf('ErrorShape'), 0)};`,
    '',
    '/** The `data` of every webhook event, by event type. */',
    `export type HubEventData = ${print(typeOf('Events'), 0)};`,
    '',
    '/** The most calls the hub takes in one batched request; it refuses a bigger batch whole (400). */',
    `export const MAX_BATCH_CALLS = ${print(typeOf('MaxBatchCalls'), 0)};`,
    '',
  ];
  return out.join('\n');
}

/** Formats with the repository's Biome, so the file reads like the rest and lint stays quiet. */
export function formatted(code: string): string {
  const biome = fileURLToPath(new URL('../../../node_modules/.bin/biome', import.meta.url));
  return execFileSync(biome, ['format', `--stdin-file-path=${TARGET}`], { input: code, encoding: 'utf8' });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(TARGET, formatted(generateContract()));
  console.log(`wrote ${TARGET}`);
}
