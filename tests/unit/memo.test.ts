/** A value read at most once per time window (utils/memo.ts), as the i18n default locale is cached. */
import { memoizeFor } from '../../src/plugins/support-desk/server/src/utils/memo';

describe('memoizeFor', () => {
  it('reads once per window, again after it and after clear()', async () => {
    let t = 0;
    let reads = 0;
    const memo = memoizeFor(async () => `v${++reads}`, 1000, () => t);
    expect(await memo.get()).toBe('v1');
    t = 999;
    expect(await memo.get()).toBe('v1');
    t = 1000;
    expect(await memo.get()).toBe('v2');
    memo.clear();
    expect(await memo.get()).toBe('v3');
    expect(reads).toBe(3);
  });

  it('shares one read between concurrent callers', async () => {
    let reads = 0;
    let release!: (v: string) => void;
    const memo = memoizeFor(() => {
      reads += 1;
      return new Promise<string>((resolve) => (release = resolve));
    }, 1000, () => 0);
    const a = memo.get();
    const b = memo.get();
    release('en');
    expect(await Promise.all([a, b])).toEqual(['en', 'en']);
    expect(reads).toBe(1);
  });

  it('does not keep a failed read', async () => {
    let reads = 0;
    const memo = memoizeFor(async () => {
      reads += 1;
      if (reads === 1) throw new Error('database down');
      return 'en';
    }, 1000, () => 0);
    await expect(memo.get()).rejects.toThrow('database down');
    expect(await memo.get()).toBe('en');
    expect(reads).toBe(2);
  });
});
