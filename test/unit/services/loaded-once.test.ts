import { describe, expect, it } from 'vitest';
import { loadedOnce } from '../../../functions/services/loaded-once';

describe('a service loaded on its first call', () => {
  it('loads once for concurrent and later calls', async () => {
    let loads = 0;
    const double = loadedOnce(async () => {
      loads += 1;
      await new Promise((r) => setTimeout(r, 5));
      return async (n: number) => n * 2;
    });
    expect(await Promise.all([double(1), double(2), double(3)])).toEqual([2, 4, 6]);
    expect(await double(4)).toBe(8);
    expect(loads).toBe(1);
  });

  it('tries a failed load again on the next call', async () => {
    let loads = 0;
    const service = loadedOnce(async () => {
      loads += 1;
      if (loads === 1) throw new Error('chunk not readable');
      return async () => 'ok';
    });
    await expect(service()).rejects.toThrow('chunk not readable');
    expect(await service()).toBe('ok');
    expect(loads).toBe(2);
  });

  it('hands a failure of the service itself to the caller without loading again', async () => {
    let loads = 0;
    const service = loadedOnce(async () => {
      loads += 1;
      return async (fail: boolean) => {
        if (fail) throw new Error('refused');
        return 'ok';
      };
    });
    await expect(service(true)).rejects.toThrow('refused');
    expect(await service(false)).toBe('ok');
    expect(loads).toBe(1);
  });
});
