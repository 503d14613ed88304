/**
 * Time as the mock and the suite see it. Everything that waits or reads the time takes a Clock, so that the
 * self-tests can run time-dependent behaviour (rate limits, effects that show late, MsgReadTime) on a virtual clock.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves once `ms` have passed on this clock. */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};
