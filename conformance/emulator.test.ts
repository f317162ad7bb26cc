/**
 * `npm test` runs the conformance suite on the emulator target: the stateful emulator behind one
 * validating `prism proxy` per API (the live chain), every case and every sequence step as one
 * vitest test with the title the CLI reports.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEFAULT_KEYS } from "../src/emulator/index.js";
import { casesFor } from "./cases/index.js";
import { caseTitle } from "./cases/types.js";
import { type CaseResult, newRunContext, type RunContext, runCase, skipReason } from "./runner.js";
import { sequencesFor } from "./sequences/index.js";
import { SequenceRun } from "./sequences/run.js";
import { stepTitle } from "./sequences/types.js";
import { cleanupAudiences } from "./support/cleanup.js";
import { generatedCases } from "./support/generated.js";
import { prepare, toCurl } from "./support/http.js";
import { runningPrismCount } from "./support/prism.js";
import { API_IDS, loadSpec } from "./support/spec.js";
import { EMULATOR_ABILITIES, type EmulatorTarget, startEmulatorTarget } from "./targets/emulator.js";

let target: EmulatorTarget | undefined;
let run: RunContext;
const results: CaseResult[] = [];

beforeAll(async () => {
  target = await startEmulatorTarget();
  run = newRunContext(target);
});
afterAll(async () => {
  await target?.stop();
});

function expectPass(result: CaseResult): void {
  results.push(result);
  const detail = result.failures.map((f) => `${f.check}: ${f.message}`).join("\n");
  expect(result.outcome, `${result.reason ?? ""}\n${detail}\n${result.curl ?? ""}`).toBe("pass");
}

for (const api of API_IDS) {
  describe(`${api} on the emulator (through prism proxy)`, () => {
    const all = [...casesFor(api), ...generatedCases(loadSpec(api))];
    for (const kase of all.filter((c) => !skipReason(c, EMULATOR_ABILITIES))) {
      test(caseTitle(kase), async () => expectPass(await runCase(kase, run)));
    }
    // After the cases, one sequence at a time: the steps of a sequence share state, in order.
    for (const sequence of sequencesFor(api)) {
      let sequenceRun: SequenceRun | undefined;
      sequence.steps.forEach((_, i) => {
        test(stepTitle(sequence, i), async () => {
          sequenceRun ??= new SequenceRun(sequence, run);
          expectPass(await sequenceRun.step(i));
        });
      });
    }
  });
}

describe("emulator target: coverage, safety and cleanup", () => {
  test("the only cases the emulator does not run send Batch's example token or cursor, each with its reason", () => {
    const skipped = API_IDS.flatMap((api) =>
      casesFor(api)
        .map((c) => ({ c, reason: skipReason(c, EMULATOR_ABILITIES) }))
        .filter((s) => s.reason),
    );
    for (const { c, reason } of skipped) expect(reason!.length, caseTitle(c)).toBeGreaterThan(20);
    expect(skipped.map(({ c }) => c.scenario).sort()).toEqual([
      "next page from a cursor",
      "with an indexing token",
      "with an indexing token",
      "with an indexing token",
    ]);
  });

  test("403, 404 on create, 429, 500 and 503 were produced by the emulator itself and passed every check", () => {
    const statuses = [403, 429, 500, 503];
    const byFault = (c: { status: number; reachableByFault?: boolean }) =>
      c.reachableByFault && (statuses.includes(c.status) || c.status === 404);
    const faulted = results.filter((r) => statuses.includes(r.status) || /route not found/.test(r.title));
    expect(faulted.length).toBe(API_IDS.flatMap(casesFor).filter(byFault).length);
    expect(faulted.length).toBeGreaterThanOrEqual(60);
    expect(faulted.every((r) => r.outcome === "pass")).toBe(true);
    const injected = target!.emulator.stats().faults;
    expect(injected["403"] + injected["404"] + injected["429"] + injected["500"] + injected["503"]).toBe(
      faulted.length,
    );
  });

  test("every inferred point the run exercised was confirmed: the plain emulator contradicts none", () => {
    const verdicts = run.evidence.verdicts(API_IDS);
    expect(verdicts.filter((v) => v.verdict === "contradicted").map((v) => v.point.id)).toEqual([]);
    const confirmed = new Set(verdicts.filter((v) => v.verdict === "confirmed").map((v) => v.point.id));
    // The documented alternatives the diverging profiles give on request are exercised too.
    const v10 = "custom-audience-1.0#/paths/~11.0~1{apiKey}~1custom-audience~1{audienceName}";
    for (const id of [
      `${v10}/post/responses/201`,
      `${v10}/patch/responses/201`,
      `${v10}/patch/responses/202`,
      "custom-audience-1.1#/components/responses/ServerError/content/application~1json/examples/server_error_code_0",
      "audience-2#/components/responses/BadRequest/content/application~1json/examples/unknown_audience",
    ])
      expect(confirmed, id).toContain(id);
    expect(confirmed.size).toBeGreaterThan(verdicts.length / 2);
  });

  test("the run uses throw-away keys, and they are redacted like live keys", () => {
    const { credentials, secrets } = target!;
    expect(Object.values(DEFAULT_KEYS).flat()).not.toContain(credentials.restKey);
    expect(secrets.sort()).toEqual([credentials.restKey, credentials.apiKey, credentials.projectKey].sort());
    const curl = toCurl(
      prepare("custom-audience-1.1", { method: "get", path: "/1.1/{apiKey}/custom-audience" }, target!),
      secrets,
    );
    for (const key of secrets) expect(curl).not.toContain(key);
    expect(curl).toContain("<redacted>");
  });

  test("cleanup deletes every audience of the run: the emulator holds none of them afterwards", async () => {
    expect(run.tracker.size).toBeGreaterThan(50);
    const before = await target!.remainingAudiences!(target!.runPrefix);
    expect(before.length).toBeGreaterThan(0);
    const cleanup = await cleanupAudiences(target!, run.tracker);
    expect(cleanup.leftovers).toEqual([]);
    expect(await target!.remainingAudiences!(target!.runPrefix)).toEqual([]);
  });

  test("stopping the target stops its three proxies and the emulator", async () => {
    const before = runningPrismCount();
    await target!.stop();
    expect(runningPrismCount()).toBe(before - 3);
    await expect(fetch(target!.emulator.baseUrl)).rejects.toThrow();
  });
});
