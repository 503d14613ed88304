/**
 * The case service runs as many cases at once as before it had more workers than that: never more than its limit,
 * and in the order the tests asked.
 */
import { expect, test } from '@playwright/test';
import { queue } from '../../src/suite/playwright/case-service.js';

test('no more tasks run at once than the limit, and they start in the order they came', async () => {
  const inTurn = queue(2);
  let running = 0;
  let most = 0;
  const started: number[] = [];
  const release: Array<() => void> = [];
  const done = Array.from({ length: 5 }, (_, i) =>
    inTurn(async () => {
      started.push(i);
      most = Math.max(most, ++running);
      await new Promise<void>((resolve) => release.push(resolve));
      running--;
      return i;
    }),
  );
  // Each task is let go only once it is running; the next ones come in as places free up.
  while (started.length < 5 || release.length) {
    await new Promise((resolve) => setImmediate(resolve));
    release.shift()?.();
  }
  expect(await Promise.all(done)).toEqual([0, 1, 2, 3, 4]);
  expect(started).toEqual([0, 1, 2, 3, 4]);
  expect(most).toBe(2);
});

test('a task that throws gives its place to the next', async () => {
  const inTurn = queue(1);
  const failing = inTurn(async () => {
    throw new Error('broken case');
  });
  await expect(failing).rejects.toThrow('broken case');
  expect(await inTurn(async () => 'next')).toBe('next');
});
