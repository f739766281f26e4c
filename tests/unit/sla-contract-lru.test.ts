/** Contract validity on the calendar's local date (sla/contract.ts) and the bounded cache (utils/lru.ts). */
import { isContractValidAt, localDate } from '../../src/plugins/support-desk/server/src/sla/contract';
import { createLru } from '../../src/plugins/support-desk/server/src/utils/lru';

describe('contract validity', () => {
  const shanghai = { business_calendar: { timezone: 'Asia/Shanghai' } };
  const beforeMidnight = new Date('2026-12-31T15:59:00Z'); // 23:59 on 31 December in Shanghai
  const atMidnight = new Date('2026-12-31T16:00:00Z'); // 00:00 on 1 January in Shanghai, still 31 December in UTC

  it('takes the local date in the calendar’s zone, UTC without a calendar', () => {
    expect(localDate(beforeMidnight, 'Asia/Shanghai')).toBe('2026-12-31');
    expect(localDate(atMidnight, 'Asia/Shanghai')).toBe('2027-01-01');
    expect(localDate(atMidnight, null)).toBe('2026-12-31');
    expect(localDate(new Date('2027-01-01T04:00:00Z'), 'America/Los_Angeles')).toBe('2026-12-31');
  });

  it.each([
    // [valid_from, valid_until, at, calendar?, valid]
    ['2027-01-01', null, beforeMidnight, true, false],
    ['2027-01-01', null, atMidnight, true, true],
    [null, '2026-12-31', beforeMidnight, true, true],
    [null, '2026-12-31', atMidnight, true, false],
    ['2027-01-01', null, atMidnight, false, false], // 24×7 contract: UTC date
    [null, '2026-12-31', atMidnight, false, true],
    ['2027-01-01', '2027-01-01', atMidnight, true, true], // both bounds inclusive
  ])('valid_from %s, valid_until %s at %s (calendar: %s) → %s', (validFrom, validUntil, at, withCalendar, valid) => {
    const contract = { valid_from: validFrom, valid_until: validUntil, ...(withCalendar ? shanghai : {}) };
    expect(isContractValidAt(contract, at as Date)).toBe(valid);
  });

  it('an inactive contract is never valid; dates stored as Date objects work too', () => {
    expect(isContractValidAt({ active: false, ...shanghai }, atMidnight)).toBe(false);
    expect(isContractValidAt({ valid_from: new Date('2027-01-01T00:00:00Z'), ...shanghai }, atMidnight)).toBe(true);
  });
});

describe('createLru', () => {
  it('holds at most maxEntries, dropping the least recently used (get and set are uses)', () => {
    const lru = createLru<number, string>(3);
    lru.set(1, 'a');
    lru.set(2, 'b');
    lru.set(3, 'c');
    expect(lru.get(1)).toBe('a'); // 1 is now the most recent
    lru.set(4, 'd'); // drops 2
    expect(lru.keys()).toEqual([3, 1, 4]);
    expect(lru.get(2)).toBeUndefined();
    lru.set(3, 'c2'); // replacing is a use
    lru.set(5, 'e'); // drops 1
    expect(lru.keys()).toEqual([4, 3, 5]);
    expect(lru.get(3)).toBe('c2');
    expect(lru.size).toBe(3);
  });

  it('stays bounded under many keys', () => {
    const lru = createLru<number, number>(50);
    for (let i = 0; i < 10_000; i += 1) lru.set(i, i);
    expect(lru.size).toBe(50);
    expect(lru.keys()[0]).toBe(9950);
  });

  it('refuses a size below 1', () => {
    expect(() => createLru(0)).toThrow(RangeError);
  });
});
