/**
 * Bounded load on 127.0.0.1: 50 concurrent clients, a fixed number of calls each (bounded by count,
 * never by time, so a slow machine does the same work, only later). Without faults every call
 * succeeds; with faults every failure is one the emulator reports having injected. Also checks that
 * large update bodies are ingested whole; their speed is measured by `npm run bench`, not here.
 */
import { describe, expect, test } from "vitest";
import { type EmulatorHandle, startEmulator } from "../../src/emulator/index.js";
import { adds } from "./support.js";

const CLIENTS = 50;
/** Calls per client (a multiple of 4: the mixed test makes every fourth one a view). */
const CALLS = 12;
const BIG_BODIES = 5;

function headers(emu: EmulatorHandle) {
  return {
    Authorization: `Bearer ${emu.credentials.restKey}`,
    "X-Batch-Project": emu.credentials.projectKey,
    "Content-Type": "application/json",
  };
}

async function post(emu: EmulatorHandle, op: string, body: unknown): Promise<number | "error"> {
  try {
    const response = await fetch(`${emu.urls["audience-2"]}/audiences/${op}`, {
      method: "POST",
      headers: headers(emu),
      body: JSON.stringify(body),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return "error";
  }
}

/** Each client makes `calls` calls, all clients at once; returns how many calls ended with each outcome. */
async function hammer(calls: number, work: (client: number, i: number) => Promise<number | "error">) {
  const outcomes = new Map<number | "error", number>();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let i = 0; i < calls; i++) {
        const outcome = await work(client, i);
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
    }),
  );
  return outcomes;
}

describe("load", () => {
  test("50 clients, mixed calls, no faults: nothing but successes and no lost ID", async () => {
    const emu = await startEmulator();
    try {
      for (let c = 0; c < CLIENTS; c++)
        expect(await post(emu, "create", { name: `load_${c}`, type: "custom_ids" })).toBe(202);
      const outcomes = await hammer(CALLS, async (client, i) => {
        if (i % 4 === 3) {
          try {
            const response = await fetch(`${emu.urls["audience-2"]}/audiences/view?name=load_${client}`, {
              headers: headers(emu),
            });
            await response.arrayBuffer();
            return response.status;
          } catch {
            return "error";
          }
        }
        return post(emu, "update", {
          name: `load_${client}`,
          ids: adds(Array.from({ length: 100 }, (_, k) => `c${client}-${i}-${k}`)),
        });
      });
      // Every fourth call is a view: 3 updates and 1 view per 4 calls.
      const updates = CLIENTS * (CALLS - CALLS / 4);
      expect(Object.fromEntries(outcomes)).toEqual({ 200: CLIENTS * (CALLS / 4), 202: updates });
      const stored = Array.from(
        { length: CLIENTS },
        (_, c) => emu.audienceMembers("audience-2", emu.credentials.projectKey, `load_${c}`)!.size,
      );
      expect(stored.reduce((a, b) => a + b, 0)).toBe(updates * 100);
    } finally {
      await emu.stop();
    }
  });

  test("50 clients with 429 / 503 / drop faults: every failure was injected and counted", async () => {
    const emu = await startEmulator({
      seed: 42,
      faults: { rates: { "429": 0.05, "503": 0.05, drop: 0.03 }, operations: ["update"] },
    });
    try {
      for (let c = 0; c < CLIENTS; c++)
        expect(await post(emu, "create", { name: `faulty_${c}`, type: "custom_ids" })).toBe(202);
      const outcomes = await hammer(CALLS, (client, i) =>
        post(emu, "update", { name: `faulty_${client}`, ids: adds([`f${client}-${i}`]) }),
      );
      const stats = emu.stats();
      expect(outcomes.get(429) ?? 0).toBe(stats.faults["429"]);
      expect(outcomes.get(503) ?? 0).toBe(stats.faults["503"]);
      expect(outcomes.get("error") ?? 0).toBe(stats.faults.drop);
      expect([...outcomes.keys()].filter((k) => ![202, 429, 503, "error"].includes(k))).toEqual([]);
      expect([...outcomes.values()].reduce((a, b) => a + b, 0)).toBe(CLIENTS * CALLS);
      // One seeded draw per request: the same number of draws gives the same number of faults,
      // in whatever order the clients' calls arrive (about 13% of 600).
      const injected = stats.faults["429"] + stats.faults["503"] + stats.faults.drop;
      expect(injected).toBeGreaterThan(20);
      expect(injected).toBeLessThan(CLIENTS * CALLS);
      const stored = Array.from(
        { length: CLIENTS },
        (_, c) => emu.audienceMembers("audience-2", emu.credentials.projectKey, `faulty_${c}`)!.size,
      );
      expect(stored.reduce((a, b) => a + b, 0)).toBe(outcomes.get(202));
    } finally {
      await emu.stop();
    }
  });

  test("ingests update bodies of 10,000 IDs each (the limit) and keeps every ID (throughput is measured by npm run bench)", async () => {
    const emu = await startEmulator();
    try {
      await post(emu, "create", { name: "throughput", type: "custom_ids" });
      // Five bodies at the 10,000-ID limit: what matters is the body size; more bodies only add time.
      const bodies = Array.from({ length: BIG_BODIES }, (_, b) =>
        JSON.stringify({ name: "throughput", ids: adds(Array.from({ length: 10_000 }, (_, i) => `user-${b}-${i}`)) }),
      );
      for (const body of bodies) {
        const response = await fetch(`${emu.urls["audience-2"]}/audiences/update`, {
          method: "POST",
          headers: headers(emu),
          body,
        });
        expect(response.status).toBe(202);
        await response.arrayBuffer();
      }
      expect(emu.audienceMembers("audience-2", emu.credentials.projectKey, "throughput")!.size).toBe(
        BIG_BODIES * 10_000,
      );
    } finally {
      await emu.stop();
    }
  });
});
