import { describe, expect, it } from 'vitest';
import { instantToWallTime, wallTimeToInstant } from './zoned-time.ts';

describe('wall-clock times in the person’s time zone', () => {
  it('reads a time typed in a zone as the instant it stands for, whatever the browser’s zone', () => {
    expect(wallTimeToInstant('2026-01-15T09:30', 'Europe/Berlin')?.toISOString()).toBe(
      '2026-01-15T08:30:00.000Z',
    );
    expect(wallTimeToInstant('2026-07-15T09:30', 'Europe/Berlin')?.toISOString()).toBe(
      '2026-07-15T07:30:00.000Z',
    );
    expect(wallTimeToInstant('2026-07-15T09:30', 'America/New_York')?.toISOString()).toBe(
      '2026-07-15T13:30:00.000Z',
    );
    expect(wallTimeToInstant('2026-07-15T09:30', 'Asia/Kolkata')?.toISOString()).toBe(
      '2026-07-15T04:00:00.000Z',
    );
    expect(wallTimeToInstant('2026-07-15T09:30', 'UTC')?.toISOString()).toBe('2026-07-15T09:30:00.000Z');
  });

  it('handles the daylight-saving jumps: a skipped time moves forward, a repeated one is the first', () => {
    // Berlin skips 02:00–03:00 on 29 March 2026 and repeats 02:00–03:00 on 25 October 2026.
    expect(wallTimeToInstant('2026-03-29T02:30', 'Europe/Berlin')?.toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    expect(wallTimeToInstant('2026-10-25T02:30', 'Europe/Berlin')?.toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });

  it('refuses text that is not a wall-clock time', () => {
    expect(wallTimeToInstant('', 'UTC')).toBeNull();
    expect(wallTimeToInstant('2026-02-30T10:00', 'UTC')).toBeNull();
    expect(wallTimeToInstant('yesterday', 'UTC')).toBeNull();
  });

  it('shows an instant as the wall-clock time of the zone, and reads it back unchanged', () => {
    const instant = new Date('2026-07-15T07:30:00Z');
    expect(instantToWallTime(instant, 'Europe/Berlin')).toBe('2026-07-15T09:30');
    expect(instantToWallTime(instant, 'Pacific/Auckland')).toBe('2026-07-15T19:30');
    for (const zone of ['Europe/Berlin', 'America/Los_Angeles', 'Asia/Kathmandu', 'UTC']) {
      expect(wallTimeToInstant(instantToWallTime(instant, zone), zone)?.toISOString()).toBe(
        instant.toISOString(),
      );
    }
  });
});
