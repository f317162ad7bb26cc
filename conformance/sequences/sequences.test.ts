/**
 * The sequence machinery on its own: the page walk against scripted pages, and whole sequences
 * against the emulator without a proxy (fast), including the ways a sequence must fail.
 */
import { afterEach, describe, expect, test } from "vitest";
import { type EmulatorHandle, startEmulator } from "../../src/emulator/index.js";
import type { CaseRequest } from "../cases/types.js";
import { newRunContext } from "../runner.js";
import type { Observed } from "../support/http.js";
import { urlTarget } from "../targets/url.js";
import { sequencesFor } from "./index.js";
import { OPERATIONS } from "./operations.js";
import { runSequence } from "./run.js";
import type { Expect, SequenceState, StepIO } from "./types.js";
import { walkList } from "./walk.js";

function observed(status: number, json: unknown): Observed {
  return {
    status,
    headers: new Headers({ "content-type": "application/json" }),
    text: JSON.stringify(json),
    json,
    durationMs: 1,
  };
}

/** A StepIO that answers list requests from a script and records failures. */
function scriptedIO(answer: (request: CaseRequest) => Observed) {
  const failures: string[] = [];
  const requests: CaseRequest[] = [];
  const state: SequenceState = { name: "x", names: [] };
  const io: StepIO = {
    state,
    deadlineMs: 100,
    get failureCount() {
      return failures.length;
    },
    async call(request: CaseRequest, _expect: Expect) {
      requests.push(request);
      return answer(request);
    },
    async poll() {
      throw new Error("not used");
    },
    fail(check: string, message: string) {
      failures.push(`${check}: ${message}`);
    },
  };
  return { io, failures, requests };
}

describe("walkList", () => {
  const v2 = OPERATIONS["audience-2"];
  const v11 = OPERATIONS["custom-audience-1.1"];

  test("2.x: follows next_from until has_more is false, switching to the finishing page size", async () => {
    const pages: Record<string, unknown> = {
      first: { audiences: [{ name: "a" }, { name: "b" }], has_more: true, next_from: "c1" },
      c1: { audiences: [{ name: "c" }], has_more: true, next_from: "c2" },
      c2: { audiences: [{ name: "d" }], has_more: false },
    };
    const { io, failures, requests } = scriptedIO((r) => observed(200, pages[String(r.query?.from ?? "first")]));
    const walk = await walkList(io, v2, { limit: 2, finishLimit: 100, wanted: ["a", "c"] });
    expect(failures).toEqual([]);
    expect(walk).toMatchObject({ pages: 3, ended: true, broken: false, pagesWithWanted: 2 });
    expect([...walk.seen]).toEqual([
      ["a", 1],
      ["c", 1],
    ]);
    expect(requests.map((r) => r.query?.limit)).toEqual([2, 2, 100]);
  });

  test("2.x: a cursor that comes back is reported instead of looping", async () => {
    const { io, failures } = scriptedIO(() =>
      observed(200, { audiences: [{ name: "a" }], has_more: true, next_from: "same" }),
    );
    const walk = await walkList(io, v2, { limit: 1, wanted: ["a"] });
    expect(walk.broken).toBe(true);
    expect(walk.pages).toBe(2);
    expect(failures[0]).toMatch(/starts at same again/);
  });

  test("2.x: has_more without next_from is a paging failure", async () => {
    const { io, failures } = scriptedIO(() => observed(200, { audiences: [], has_more: true }));
    expect((await walkList(io, v2, { limit: 1, wanted: [] })).broken).toBe(true);
    expect(failures[0]).toMatch(/next_from is missing/);
  });

  test("1.x: offsets advance by the page length; a short page ends the walk; repeats are counted", async () => {
    const all = ["n1", "n2", "n3", "n3", "n4"]; // a server listing n3 twice
    const { io, requests } = scriptedIO((r) => {
      const from = Number(r.query?.from ?? 0);
      return observed(200, {
        custom_audiences: all.slice(from, from + Number(r.query?.limit)).map((name) => ({ name })),
      });
    });
    const walk = await walkList(io, v11, { limit: 2, wanted: ["n1", "n3", "n4"] });
    expect(walk.ended).toBe(true);
    expect(walk.seen.get("n3")).toBe(2);
    expect(requests.map((r) => r.query?.from)).toEqual([undefined, 2, 4]);
  });

  test("a server that never says 'last page' stops the walk at maxPages, not ended", async () => {
    let n = 0;
    const { io } = scriptedIO(() =>
      observed(200, { audiences: [{ name: `x${n}` }], has_more: true, next_from: `c${++n}` }),
    );
    const walk = await walkList(io, v2, { limit: 1, wanted: [], maxPages: 5 });
    expect(walk).toMatchObject({ pages: 5, ended: false, broken: false });
  });

  test("a page with the wrong shape stops the walk with a failure", async () => {
    const { io, failures } = scriptedIO(() => observed(200, { custom_audiences: "not a list" }));
    expect((await walkList(io, v11, { limit: 10, wanted: ["a"] })).broken).toBe(true);
    expect(failures[0]).toMatch(/no "custom_audiences" array/);
  });
});

describe("sequences against the emulator (no proxy)", () => {
  const keys = { restKeys: ["seq-rest-key"], apiKeys: ["SEQ_APP"], projectKeys: ["project_seq"] };
  const credentials = { restKey: "seq-rest-key", apiKey: "SEQ_APP", projectKey: "project_seq" };
  let emulator: EmulatorHandle | undefined;
  afterEach(async () => {
    await emulator?.stop();
  });

  test("every sequence of every API passes, and the polls really wait for APPLIED", async () => {
    // Every write's first two views report IN_PROGRESS (counted in views, not time).
    emulator = await startEmulator({ keys, indexingPolls: 2 });
    const run = newRunContext(urlTarget(emulator.urls, credentials));
    for (const api of ["custom-audience-1.0", "custom-audience-1.1", "audience-2"] as const) {
      for (const sequence of sequencesFor(api)) {
        const results = await runSequence(sequence, run);
        expect(
          results.map((r) => `${r.outcome} ${r.title} ${r.reason ?? ""}`).filter((r) => !r.startsWith("pass")),
        ).toEqual([]);
        const applied = results.find((r) => r.title.includes("token until APPLIED"));
        // Two IN_PROGRESS answers, each followed by a real wait (20 then 40 ms, run.ts): a lower
        // bound, which a slow machine only makes longer.
        if (applied) expect(applied.duration_ms).toBeGreaterThanOrEqual(60);
      }
      // Every sequence deletes what it created.
      expect(emulator.audienceNames(api, api === "audience-2" ? "project_seq" : "SEQ_APP")).toEqual([]);
    }
  });

  test("an indexing that never ends fails 'view until APPLIED' at the deadline; later steps still run", async () => {
    emulator = await startEmulator({ keys, holdIndexing: true });
    const target = { ...urlTarget(emulator.urls, credentials), indexingDeadlineMs: 300 };
    const [lifecycle] = sequencesFor("custom-audience-1.1");
    const results = await runSequence(lifecycle!, newRunContext(target));
    const byOutcome = results.map((r) => r.outcome);
    expect(byOutcome).toEqual(["pass", "pass", "pass", "fail", "pass", "pass", "fail", "pass", "pass"]);
    expect(results[3]!.failures.map((f) => f.check)).toContain("deadline");
    expect(results[3]!.curl).toMatch(/indexing_token=/);
  });

  test("a failed create skips the rest of its sequence with the reason", async () => {
    emulator = await startEmulator({ keys });
    const wrong = urlTarget(emulator.urls, { ...credentials, restKey: "not-the-key" });
    const [lifecycle] = sequencesFor("audience-2");
    const results = await runSequence(lifecycle!, newRunContext(wrong));
    expect(results[0]).toMatchObject({ outcome: "fail", actualStatus: 401 });
    expect(
      results
        .slice(1)
        .every((r) => r.outcome === "skipped" && r.reason?.startsWith("an earlier step failed: 1. createAudience")),
    ).toBe(true);
    expect(results).toHaveLength(lifecycle!.steps.length);
  });

  test("an audience that never disappears fails 'view is 404' (the emulator's delete is cut off)", async () => {
    emulator = await startEmulator({ keys });
    const run = newRunContext(urlTarget(emulator.urls, credentials));
    const [lifecycle] = sequencesFor("custom-audience-1.0");
    // The delete gets a 500 from the emulator and is not applied.
    emulator.injectFaults({ kind: "500", operation: "delete" });
    const results = await runSequence(lifecycle!, { ...run, target: { ...run.target, indexingDeadlineMs: 200 } });
    const last = results.at(-1)!;
    expect(results.at(-2)).toMatchObject({ outcome: "fail", actualStatus: 500 });
    expect(last.outcome).toBe("fail");
    expect(last.failures.map((f) => f.check)).toEqual(expect.arrayContaining(["status", "deadline"]));
  });
});
