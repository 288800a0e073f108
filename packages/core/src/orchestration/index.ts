/**
 * Orchestration's public module for the apps (@accounts/core/orchestration): the app router, the
 * jobs, the database (ORM, migrations, seed), sign-in and client login, system checks.
 */
export { handleAccountEventToken } from './account/account-events.ts';
export type { AppRouter } from './app-router.ts';
export { appRouter } from './app-router.ts';
export {
  ACCESS_TOKEN_SECONDS,
  exchangeAuthorizationCode,
  issueAuthorizationCode,
} from './client-login/client-tokens.ts';
export { AuthorizationCode, LoginRequest, RefreshToken } from './client-login/entities.ts';
export { migrateDatabase } from './database/migrate.ts';
export { DIRECTORY_FOREIGN_KEYS } from './database/migrations/20261127035000-directory-rules.ts';
export type { EntityManager, MikroORM } from './database/orm.ts';
export { openDatabase, ormConfig } from './database/orm.ts';
export { seedDevData } from './database/seed.ts';
export { jobs } from './jobs.ts';
export { SignInFailure } from './sign-in/failure.ts';
export type { Redirect } from './sign-in/flow.ts';
export {
  beginClientLogin,
  beginDashboardSignIn,
  completeMozillaSignIn,
  continueSignIn,
} from './sign-in/flow.ts';
export { readOperationalStats, readPoolStats } from './system/operational-stats.ts';
export { checkReadiness } from './system/readiness.ts';
export { resealAll } from './system/reseal.ts';
