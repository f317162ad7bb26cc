/**
 * The set-up the retry tests share: a scripted server answering a 2.x view by default, fresh fake
 * time per test, and a 2.x client on both with short backoff bounds. Call it at a test file's top
 * level (it registers the server's and the clock's `beforeEach`).
 */
import { beforeEach } from "vitest";
import { createAudienceClient, type LogEntry } from "../../../src/index.js";
import { useScriptedServer } from "../../support/scripted-server.js";
import { type FakeTime, fakeTime } from "./fake-time.js";

export const view = { name: "a", nb_ids: 1, indexing_state: "APPLIED" };
export const ok = { status: 200, json: view };

export function useRetryHarness() {
  const server = useScriptedServer();
  beforeEach(() => {
    server.setHandler(() => ok);
  });
  const harness = { server, time: fakeTime(), client };
  beforeEach(() => {
    harness.time = fakeTime();
  });

  /** A 2.x client on the scripted server whose waits run on fake time (see fake-time.ts). */
  function client(overrides: Record<string, unknown> = {}, logs?: LogEntry[]) {
    return createAudienceClient({
      now: harness.time.now,
      sleep: harness.time.sleep,
      restKey: "rk",
      projectKey: "pk",
      baseUrl: server.url,
      baseDelayMs: 1,
      maxDelayMs: 5,
      timeoutMs: 2_000,
      ...(logs ? { logger: (e: LogEntry) => logs.push(e) } : {}),
      ...overrides,
    });
  }
  return harness;
}

export type { FakeTime };
