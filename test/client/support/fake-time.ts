/**
 * A clock and a sleep for the clients' `now` and `sleep` options: every wait is recorded and
 * returns at once, moving the clock forward by its length, so retry and polling tests assert the
 * computed delays instead of measuring real time. `hold()` makes the next waits last until their
 * signal aborts (for cancellation tests).
 */
export interface FakeTime {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Every wait asked for, in order. */
  readonly waits: number[];
  /** From now on, waits end only when their signal aborts. */
  hold(): void;
  /** Moves the clock forward (time spent elsewhere, e.g. by a server). */
  advance(ms: number): void;
}

export function fakeTime(start = 1_000_000): FakeTime {
  let clock = start;
  let holding = false;
  const waits: number[] = [];
  return {
    waits,
    now: () => clock,
    hold: () => {
      holding = true;
    },
    advance: (ms) => {
      clock += ms;
    },
    sleep(ms, signal) {
      waits.push(ms);
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (!holding) {
        clock += ms;
        return Promise.resolve();
      }
      return new Promise((_, reject) => signal?.addEventListener("abort", () => reject(signal.reason), { once: true }));
    },
  };
}
