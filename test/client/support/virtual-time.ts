/**
 * Virtual time for a client and an in-process emulator that must agree on the clock (rate limits):
 * time stands still while any request is in flight or any code is running, and jumps to the next
 * timer only once every sender is waiting on one. Requests thus take no virtual time, and what the
 * rate limiter sees depends only on the waits the client chose, never on how fast or loaded the
 * machine is.
 */
import type { ThrottleClock } from "../../../src/client/http/throttle-types.js";

export interface VirtualTime {
  now: () => number;
  clock: ThrottleClock;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** `fetch` that counts in-flight requests and reads the whole body before answering. */
  fetch: typeof fetch;
}

export function virtualTime(): VirtualTime {
  let now = 0;
  let inflight = 0;
  let nextId = 0;
  let stepping = false;
  const timers = new Map<number, { at: number; fire: () => void }>();

  // Two macrotask hops let the continuations of the last answer reach their next wait first.
  function schedule(): void {
    if (stepping) return;
    stepping = true;
    setImmediate(() =>
      setImmediate(() => {
        stepping = false;
        step();
      }),
    );
  }

  function step(): void {
    if (inflight > 0 || timers.size === 0) return;
    let earliest: [number, { at: number; fire: () => void }] | undefined;
    for (const entry of timers) if (!earliest || entry[1].at < earliest[1].at) earliest = entry;
    const [id, timer] = earliest!;
    timers.delete(id);
    now = Math.max(now, timer.at);
    timer.fire();
    schedule();
  }

  const setTimer = (fire: () => void, delayMs: number): (() => void) => {
    const id = ++nextId;
    timers.set(id, { at: now + Math.max(0, delayMs), fire });
    schedule();
    return () => {
      timers.delete(id);
    };
  };

  const sleep = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      const cancel = setTimer(resolve, ms);
      signal?.addEventListener(
        "abort",
        () => {
          cancel();
          reject(signal.reason);
        },
        { once: true },
      );
    });

  const counted: typeof fetch = async (input, init) => {
    inflight++;
    try {
      const response = await fetch(input, init);
      const body = await response.arrayBuffer();
      const empty = response.status === 204 || response.status === 304;
      return new Response(empty ? null : body, { status: response.status, headers: response.headers });
    } finally {
      inflight--;
      schedule();
    }
  };

  return { now: () => now, clock: { now: () => now, setTimer }, sleep, fetch: counted };
}
