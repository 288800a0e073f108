import type { BaseContext, Hub } from '@accounts/core/kernel';

type EntityManager = BaseContext['em'];

/**
 * What every fork shares with the root EntityManager (the driver, its connection and platform, the
 * metadata): asking for these needs no fork, so the session check of an authenticated request,
 * one raw query, makes none.
 */
const SHARED_WITH_FORKS = new Set<PropertyKey>(['getConnection', 'getPlatform', 'getMetadata', 'getDriver']);

/**
 * A request's EntityManager fork, made on first use: many calls never touch the database, and a
 * fork is a measurable part of a cheap request. The context object is copied at every middleware
 * layer (by tRPC, and by invoke-procedure.ts the same way), which would evaluate a getter, so the
 * fork hides behind a proxy instead. Once made, everything goes to the fork.
 */
export function lazyFork(orm: Hub['orm']): EntityManager {
  let fork: EntityManager | undefined;
  const real = () => {
    fork ??= orm.em.fork();
    return fork;
  };
  return new Proxy(Object.create(Object.getPrototypeOf(orm.em)) as EntityManager, {
    get(_target, property) {
      const em = fork ?? (SHARED_WITH_FORKS.has(property) ? orm.em : real());
      const value = Reflect.get(em, property, em);
      return typeof value === 'function' ? value.bind(em) : value;
    },
    set: (_target, property, value) => Reflect.set(real(), property, value),
    has: (_target, property) => Reflect.has(real(), property),
  });
}
