import { describe, expect, it } from 'vitest';
import { HubError, hubErrorOf } from '../errors.ts';
import { isDatabaseUnreachable } from './unreachable.ts';

const socketError = (code: string, syscall = 'connect') =>
  Object.assign(new Error(`${syscall} ${code} 127.0.0.1:5432`), {
    code,
    syscall,
    address: '127.0.0.1',
    port: 5432,
  });
const sqlState = (code: string, message: string) =>
  Object.assign(new Error(message), { code, severity: 'FATAL' });

describe('isDatabaseUnreachable', () => {
  it('recognises what a database out of reach looks like to pg, its pool and the ORM', () => {
    const reachable = [
      socketError('ECONNREFUSED'),
      socketError('ECONNRESET', 'read'),
      socketError('ETIMEDOUT'),
      socketError('ENOTFOUND', 'getaddrinfo'),
      // localhost: one failure per address, together.
      Object.assign(new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')]), {
        code: 'ECONNREFUSED',
      }),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      sqlState('57P01', 'terminating connection due to administrator command'),
      sqlState('57P03', 'the database system is starting up'),
      sqlState('53300', 'sorry, too many clients already'),
      sqlState('08006', 'connection failure'),
    ];
    for (const error of reachable) expect(isDatabaseUnreachable(error), error.message).toBe(true);
    // MikroORM's DriverException copies the driver error's own properties onto itself.
    const wrapped = new Error('connect ECONNREFUSED 127.0.0.1:5432');
    Object.assign(wrapped, { ...socketError('ECONNREFUSED'), name: 'DriverException' });
    expect(isDatabaseUnreachable(wrapped)).toBe(true);
  });

  it('leaves everything else to be what it is', () => {
    const others = [
      new Error('boom'),
      sqlState('23505', 'duplicate key value violates unique constraint'),
      sqlState('22021', 'invalid byte sequence for encoding "UTF8": 0x00'),
      // A protocol violation can be our own statement's fault (too many bound parameters).
      sqlState('08P01', 'bind message supplies 70000 parameters'),
      // Another service out of reach is not the database.
      new TypeError('fetch failed', { cause: socketError('ECONNREFUSED') }),
      // A custom domain's DNS check that finds nothing.
      Object.assign(new Error('queryTxt ENOTFOUND example.test'), { code: 'ENOTFOUND', syscall: 'queryTxt' }),
      Object.assign(new Error('example.test has no usable address'), { code: 'ENOTFOUND' }),
      null,
      'ECONNREFUSED',
    ];
    for (const error of others) expect(isDatabaseUnreachable(error), String(error)).toBe(false);
  });

  it('makes such a failure a 503 with Retry-After in the hub’s vocabulary, and nothing else', () => {
    const mapped = hubErrorOf(socketError('ECONNREFUSED'));
    expect(mapped).toBeInstanceOf(HubError);
    expect(mapped).toMatchObject({ code: 'UNAVAILABLE', retryAfterSeconds: 5 });
    const refusal = new HubError('NOT_FOUND', 'Nothing like that.');
    expect(hubErrorOf(refusal)).toBe(refusal);
    expect(hubErrorOf(new Error('boom'))).toBeNull();
  });
});
