/**
 * Three verdicts on the same update and replace calls must agree, for every generated sample:
 *   (a) the client: the real high-level method with a fetch that records whether it was called;
 *   (b) the emulator: its request-body and audience-name checks, in process;
 *   (c) the spec: Ajv compiled here from the bundle (the conformance suite's validator, not the
 *       generated code), plus an independent oracle of the one hand-written rule (real dates).
 * Seeded: the same 10,000 samples per API on every run.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { ApiId } from "../../generated/constants.js";
import {
  checkAudienceName,
  checkReplaceV2,
  checkReplaceV11,
  checkUpdateV2,
  checkUpdateV10,
  checkUpdateV11,
} from "../../src/emulator/request-bodies.js";
import { BatchValidationError, createAudienceClient, createCustomAudienceClient } from "../../src/index.js";
import { parameterValidator, requestBodyValidator } from "../support/bundles.js";
import { type CallSample, calls } from "./support/validation-samples.js";

const RUNS = 10_000;
const SEED = 20261207;

/** RFC 3339 §5.7 by another route than src/shared/validation/beyond-schema.ts: Date.UTC round trip. */
function realDateTime(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))?$/.exec(value);
  if (!m) return true;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59)));
  const sameDay = t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
  const sameTime = t.getUTCHours() === h && t.getUTCMinutes() === mi && s <= 60;
  const zone = m[7] === undefined || (Number(m[7]) <= 23 && Number(m[8]) <= 59);
  return sameDay && sameTime && zone;
}

function datesAreReal(ids: readonly unknown[]): boolean {
  return ids.every((item) =>
    Object.entries(((item as { attributes?: object }).attributes ?? {}) as Record<string, unknown>).every(
      ([name, value]) => !name.startsWith("date(") || typeof value !== "string" || realDateTime(value),
    ),
  );
}

const OPERATION = { update: "updateAudience", replace: "replaceAudience" } as const;

function specVerdict(api: ApiId, call: CallSample): boolean {
  const v1 = api !== "audience-2";
  const body = v1
    ? { ...(api === "custom-audience-1.0" ? { type: "custom_ids" } : {}), ids: call.ids }
    : { name: call.name, ids: call.ids };
  const nameOk = !v1 || parameterValidator(api, "updateAudience", "audienceName")(call.name);
  return nameOk && requestBodyValidator(api, OPERATION[call.operation])(body) && datesAreReal(call.ids);
}

function emulatorVerdict(api: ApiId, call: CallSample): boolean {
  try {
    if (api === "audience-2") {
      (call.operation === "update" ? checkUpdateV2 : checkReplaceV2)({ name: call.name, ids: call.ids });
      return true;
    }
    checkAudienceName(api, call.name, "audienceName");
    if (api === "custom-audience-1.0") checkUpdateV10({ type: "custom_ids", ids: call.ids });
    else (call.operation === "update" ? checkUpdateV11 : checkReplaceV11)({ ids: call.ids });
    return true;
  } catch {
    return false;
  }
}

function clientFor(api: ApiId, sent: { count: number }) {
  const fetch = async () => {
    sent.count++;
    return new Response('{"indexing_token":"t"}', { status: 202, headers: { "content-type": "application/json" } });
  };
  const keys = { restKey: "rest-key-differential", maxRetries: 0 };
  if (api === "audience-2") return createAudienceClient({ ...keys, projectKey: "project-differential", fetch });
  const version = api === "custom-audience-1.0" ? "1.0" : "1.1";
  return createCustomAudienceClient({ ...keys, version, apiKey: "app-key-differential", fetch } as never) as never;
}

async function clientVerdict(api: ApiId, call: CallSample): Promise<boolean> {
  const sent = { count: 0 };
  const client = clientFor(api, sent) as {
    update(name: unknown, ids: unknown[], options?: object): Promise<unknown>;
    replace(name: unknown, ids: unknown[]): Promise<unknown>;
  };
  try {
    if (call.operation === "update") await client.update(call.name, call.ids, { type: "custom_ids" });
    else await client.replace(call.name, call.ids);
  } catch (error) {
    if (!(error instanceof BatchValidationError)) throw error;
  }
  return sent.count > 0;
}

const APIS: ApiId[] = ["custom-audience-1.0", "custom-audience-1.1", "audience-2"];

describe("client, emulator and spec give the same verdict", () => {
  for (const api of APIS) {
    test(`${api}: ${RUNS.toLocaleString("en")} generated calls`, async () => {
      const verdicts = { accepted: 0, rejected: 0 };
      await fc.assert(
        fc.asyncProperty(calls(api !== "custom-audience-1.0"), async (call) => {
          const spec = specVerdict(api, call);
          const emulator = emulatorVerdict(api, call);
          const client = await clientVerdict(api, call);
          verdicts[spec ? "accepted" : "rejected"]++;
          expect({ emulator, client }).toEqual({ emulator: spec, client: spec });
        }),
        { numRuns: RUNS, seed: SEED },
      );
      // Both verdicts are common, so agreement means something.
      expect(verdicts.accepted).toBeGreaterThan(RUNS / 20);
      expect(verdicts.rejected).toBeGreaterThan(RUNS / 20);
    });
  }

  test("explicit big cases: 10,000 / 10,001 IDs, 15 / 16 attributes, 300 / 301 emoji", async () => {
    const adds = (n: number) => Array.from({ length: n }, (_, i) => ({ action: "add", id: `u${i}` }));
    const withAttributes = (n: number) => [
      { action: "add", id: "u", attributes: Object.fromEntries(Array.from({ length: n }, (_, i) => [`a${i}`, i])) },
    ];
    const emoji = (n: number) => [{ action: "add", id: "u", attributes: { s: "😀".repeat(n) } }];
    const cases: Array<[unknown[], boolean]> = [
      [adds(10_000), true],
      [adds(10_001), false],
      [[], false],
      [withAttributes(15), true],
      [withAttributes(16), false],
      [emoji(300), true],
      [emoji(301), false],
    ];
    for (const api of ["custom-audience-1.1", "audience-2"] as ApiId[]) {
      for (const [ids, expected] of cases) {
        const call: CallSample = { operation: "update", name: "fans", ids };
        const label = `${api} ${ids.length} items`;
        expect(specVerdict(api, call), label).toBe(expected);
        expect(emulatorVerdict(api, call), label).toBe(expected);
        expect(await clientVerdict(api, call), label).toBe(expected);
      }
    }
  });
});
