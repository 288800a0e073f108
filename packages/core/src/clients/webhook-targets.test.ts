import { describe, expect, it } from 'vitest';
import { isBlockedAddress } from './webhook-targets.ts';

describe('webhook target addresses', () => {
  it('blocks private, loopback, link-local and other non-public addresses', () => {
    for (const address of [
      '127.0.0.1',
      '127.1.2.3',
      '10.0.0.1',
      '172.16.5.4',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      'fc12:3456::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '64:ff9b::7f00:1',
      'not-an-address',
    ]) {
      expect(isBlockedAddress(address), address).toBe(true);
    }
  });

  it('lets public addresses through', () => {
    for (const address of [
      '93.184.215.14',
      '8.8.8.8',
      '172.32.0.1',
      '2606:4700:4700::1111',
      '2a00:1450::1',
    ]) {
      expect(isBlockedAddress(address), address).toBe(false);
    }
  });
});
