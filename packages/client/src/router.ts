import type { TRPCBuiltRouter, TRPCMutationProcedure, TRPCQueryProcedure } from '@trpc/server';
import type { HubErrorShape, HubProcedures } from './contract.generated.ts';

type Procedure<P extends { type: string; input: unknown; output: unknown }> = P['type'] extends 'query'
  ? TRPCQueryProcedure<{ input: P['input']; output: P['output']; meta: object }>
  : TRPCMutationProcedure<{ input: P['input']; output: P['output']; meta: object }>;

/**
 * The hub's router as a client app's server sees it: the server-to-server procedures with their
 * inputs and outputs, rebuilt from the generated contract, so neither the hub's code nor its
 * server-side types are needed to type check a client app.
 */
export type AppRouter = TRPCBuiltRouter<
  { ctx: object; meta: object; errorShape: HubErrorShape; transformer: true },
  {
    [Namespace in keyof HubProcedures]: {
      [Name in keyof HubProcedures[Namespace]]: HubProcedures[Namespace][Name] extends infer P extends {
        type: string;
        input: unknown;
        output: unknown;
      }
        ? Procedure<P>
        : never;
    };
  }
>;
