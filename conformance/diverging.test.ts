/**
 * The live truth loop, proven without Batch: the suite runs once against an emulator that answers
 * like a Batch differing from the specs' inferences on chosen points. The run must report exactly
 * the injected contradictions (each with evidence and the spec change), no documented check may
 * fail, --strict must fail the run, and every report and the HAR recording must carry no key.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { pointId } from "../src/shared/inferred/pointer.js";
import { parseOptions } from "./options.js";
import { exitCodeOf, runSuite, type SuiteResult } from "./suite.js";

/** The profiles of this run, and the inferred points each contradicts. */
const PROFILES: Record<string, string[]> = {
  // Both 201 and 202 are documented (inferred) for the 1.x update: nothing is contradicted.
  "update-201": [],
  "v1-error-message": [
    pointId("custom-audience-1.0", "/components/schemas/Error"),
    pointId("custom-audience-1.1", "/components/schemas/Error"),
  ],
  "duplicate-create-409": [
    pointId(
      "audience-2",
      "/components/responses/BadRequest/content/application~1json/examples/audience_already_exists",
    ),
  ],
  "unknown-audience-404": [
    pointId("audience-2", "/components/responses/BadRequest/content/application~1json/examples/unknown_audience"),
  ],
  "v1-dates-with-zone": [
    pointId("custom-audience-1.0", "/components/schemas/LocalDateTime", "pattern"),
    pointId("custom-audience-1.1", "/components/schemas/LocalDateTime", "pattern"),
  ],
  // The 2.x audience type is read tolerantly: an unknown kind is no contradiction.
  "v2-unknown-type": [],
  "retry-after-date": ["custom-audience-1.0", "custom-audience-1.1", "audience-2"].map((api) =>
    pointId(api, "/components/responses/TooManyRequests/headers/Retry-After"),
  ),
};
const EXPECTED = Object.values(PROFILES).flat().sort();

const dir = mkdtempSync(path.join(tmpdir(), "conformance-diverging-"));
const harFile = path.join(dir, "run.har");
let result: SuiteResult;
let secrets: string[] = [];
let output = "";

beforeAll(async () => {
  const options = parseOptions(
    [
      "--target",
      "emulator",
      "--generated",
      "0",
      "--strict",
      "--report",
      dir,
      "--record",
      harFile,
      ...Object.keys(PROFILES).flatMap((name) => ["--diverge", name]),
    ],
    {},
  );
  result = await runSuite(options, {
    out: {
      write: (text: string) => {
        output += text;
        return true;
      },
    },
    env: {},
    onTarget: (target) => {
      secrets = target.secrets;
    },
  });
}, 600_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const contradicted = () => (result.inferred ?? []).filter((v) => v.verdict === "contradicted");

describe("a run against a diverging emulator", () => {
  test("reports exactly the injected contradictions", () => {
    expect(
      contradicted()
        .map((v) => v.point.id)
        .sort(),
    ).toEqual(EXPECTED);
  });

  test("no documented check fails: every deviation is a finding on an injected point", () => {
    const failed = result.results.filter((r) => r.outcome === "fail");
    expect(failed.map((r) => `${r.api} ${r.title}: ${r.reason}`)).toEqual([]);
    const findings = result.results.filter((r) => r.outcome === "finding");
    expect(findings.length).toBeGreaterThan(20);
    for (const r of findings) for (const f of r.findings ?? []) for (const p of f.points) expect(EXPECTED).toContain(p);
  });

  test("--strict fails the run; without it the same results pass", () => {
    expect(result.exitCode).toBe(1);
    const rest = { results: result.results, inferred: result.inferred ?? [], incomplete: false, leftovers: false };
    expect(exitCodeOf(rest, true)).toBe(1);
    expect(exitCodeOf(rest, false)).toBe(0);
    expect(output).toContain("--strict: inferred points were contradicted, so the run fails");
  });
});

describe("what the diverging run reports", () => {
  test("each contradiction carries redacted evidence and the spec file and change to make", () => {
    for (const v of contradicted()) {
      expect(v.evidence.length, v.point.id).toBeGreaterThan(0);
      for (const e of v.evidence) {
        expect(e.method).toMatch(/^(GET|POST|PATCH|PUT|DELETE)$/);
        expect(e.path).toMatch(/^\/(1\.[01]\/<redacted>\/custom-audience|audiences\/)/);
        expect(e.status).toBeGreaterThanOrEqual(200);
      }
      expect(v.change, v.point.id).toContain(v.point.specFile);
    }
    const duplicate = contradicted().find((v) => v.point.id === PROFILES["duplicate-create-409"]![0])!;
    expect(duplicate.evidence[0]).toMatchObject({ method: "POST", path: "/audiences/create", status: 409 });
    expect(duplicate.change).toMatch(/Document HTTP 409/);
  });

  test("the 1.x update's 201 reads confirmed and its 202 not exercised (every update answered 201)", () => {
    const verdict = (id: string) => result.inferred?.find((v) => v.point.id === id)?.verdict;
    for (const version of ["1.0", "1.1"]) {
      const patch = `/paths/~1${version}~1{apiKey}~1custom-audience~1{audienceName}/patch/responses`;
      expect(verdict(pointId(`custom-audience-${version}`, `${patch}/201`))).toBe("confirmed");
      expect(verdict(pointId(`custom-audience-${version}`, `${patch}/202`))).toBe("not exercised");
    }
  });

  test("the console, report.json, report.html and junit.xml all carry the Inferred points section", () => {
    expect(output).toMatch(/Inferred points .*: 79 inferred points: \d+ confirmed, 9 contradicted/);
    const json = JSON.parse(readFileSync(path.join(dir, "report.json"), "utf8"));
    expect(json.strict).toBe(true);
    expect(
      json.inferred.points
        .filter((p: { verdict: string }) => p.verdict === "contradicted")
        .map((p: { id: string }) => p.id)
        .sort(),
    ).toEqual(EXPECTED);
    const junit = readFileSync(path.join(dir, "junit.xml"), "utf8");
    expect(junit).toMatch(/<testsuite name="inferred points \(emulator\)" tests="79" failures="9"/);
    const html = readFileSync(path.join(dir, "report.html"), "utf8");
    expect(html).toContain("<h2>Inferred points</h2>");
    for (const v of contradicted()) expect(html).toContain(v.point.specFile);
  });

  test("--record wrote every exchange as HAR 1.2, with no key anywhere in the file", () => {
    const text = readFileSync(harFile, "utf8");
    const har = JSON.parse(text);
    expect(har.log.version).toBe("1.2");
    expect(har.log.entries.length).toBeGreaterThan(result.results.length);
    expect(har.log.entries.some((e: { response: { status: number } }) => e.response.status === 409)).toBe(true);
    expect(secrets).toHaveLength(3);
    for (const key of secrets) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(encodeURIComponent(key));
    }
    for (const file of ["report.json", "report.html", "junit.xml"])
      for (const key of secrets) expect(readFileSync(path.join(dir, file), "utf8")).not.toContain(key);
    for (const key of secrets) expect(output).not.toContain(key);
    const v2 = har.log.entries.find((e: { request: { url: string } }) => e.request.url.includes("/audiences/"));
    expect(v2.request.headers).toEqual(
      expect.arrayContaining([
        { name: "authorization", value: "Bearer <redacted>" },
        { name: "x-batch-project", value: "<redacted>" },
      ]),
    );
  });
});
