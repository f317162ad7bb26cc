import { describe, expect, test } from "vitest";
import { inferredLedger } from "../src/shared/inferred/ledger.js";
import type { PointVerdict } from "./inferred/evidence.js";
import { toHtml, toJson, toJunit } from "./report/files.js";
import { renderInferred } from "./report/inferred.js";
import { progressReporter } from "./report/progress.js";
import { median, totals } from "./report/summary.js";
import { renderFailure, renderMatrix, renderSummary } from "./report/text.js";
import type { CaseResult } from "./runner.js";

const base = { api: "custom-audience-1.0" as const, kind: "negative" as const, target: "mock", failures: [] };
const results: CaseResult[] = [
  {
    ...base,
    operationId: "listAudiences",
    status: 200,
    title: "listAudiences → 200 first page",
    kind: "positive",
    outcome: "pass",
    duration_ms: 12,
  },
  {
    ...base,
    operationId: "listAudiences",
    status: 400,
    title: "listAudiences → 400 limit=101",
    outcome: "pass",
    duration_ms: 30,
  },
  {
    ...base,
    operationId: "listAudiences",
    status: 400,
    title: 'listAudiences → 400 <from> & "quotes"',
    outcome: "fail",
    duration_ms: 50,
    actualStatus: 200,
    reason: "expected status 400, got 200",
    failures: [{ check: "status", message: "expected status 400, got 200", expected: 400, actual: 200 }],
    curl: "curl -i -X GET 'http://127.0.0.1:1/1.0/K/custom-audience?limit=101' -H 'x-authorization: <redacted>'",
  },
  {
    ...base,
    operationId: "getAudience",
    status: 429,
    title: "getAudience → 429 rate limited",
    outcome: "skipped",
    reason: "cannot be provoked",
    duration_ms: 0,
  },
];
const meta = { target: "mock", startedAt: "2026-11-22T05:00:00.000Z", wallMs: 1234 };

describe("text report", () => {
  test("matrix: one row per operation, one column per status, counts per outcome", () => {
    const text = renderMatrix(results);
    expect(text).toContain("custom-audience-1.0 (target: mock)");
    expect(text).toMatch(/listAudiences\s+pass 1\s+FAIL 1 pass 1/);
    expect(text).toMatch(/getAudience\s+-\s+-\s+skip 1/);
  });
  test("summary: totals, slowest first, skip reasons with their cases", () => {
    const text = renderSummary(results, 1234);
    expect(text).toContain("4 cases: 2 passed, 1 failed, 1 skipped in 1.2 s");
    const step: CaseResult = {
      ...base,
      operationId: "getAudience",
      status: 404,
      title: "sequence: … [7/7] getAudience → 404 view after delete",
      kind: "sequence",
      outcome: "pass",
      duration_ms: 3,
    };
    expect(renderSummary([...results, step])).toContain("4 cases + 1 sequence steps: 3 passed, 1 failed, 1 skipped");
    expect(text.indexOf("50 ms")).toBeLessThan(text.indexOf("30 ms"));
    expect(text).toContain("cannot be provoked\n    - custom-audience-1.0 getAudience → 429 rate limited");
  });
  test("a failure shows expected vs actual and the curl line", () => {
    const text = renderFailure(results[2]!);
    expect(text).toContain("- expected: 400");
    expect(text).toContain("+ actual:   200");
    expect(text).toContain("request: curl -i -X GET");
  });
});

describe("file reports", () => {
  test("report.json has one record per case with the required fields", () => {
    const json = JSON.parse(toJson(results, meta)) as { cases: Record<string, unknown>[]; totals: unknown };
    expect(json.cases).toHaveLength(4);
    expect(Object.keys(json.cases[3]!)).toEqual(
      expect.arrayContaining(["api", "operationId", "status", "target", "outcome", "reason", "duration_ms"]),
    );
    expect(json.cases[3]).toMatchObject({ outcome: "skipped", reason: "cannot be provoked", duration_ms: 0 });
    expect(json.cases[2]).toMatchObject({ outcome: "fail", actual_status: 200 });
    expect(json.totals).toEqual({ pass: 2, fail: 1, skipped: 1, finding: 0, total: 4 });
  });
  test("junit.xml counts and escapes", () => {
    const xml = toJunit(results, meta);
    expect(xml).toMatch(/<testsuites name="conformance" tests="4" failures="1" skipped="1"/);
    expect(xml).toContain("&lt;from&gt; &amp; &quot;quotes&quot;");
    expect(xml).toContain('<skipped message="cannot be provoked"/>');
    expect(xml).not.toContain("<from>");
  });
  test("report.html is self-contained and marks failing cells", () => {
    const html = toHtml(results, meta);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect(html).toContain('<td class="fail">FAIL 1 pass 1</td>');
    expect(html).toContain("&lt;from&gt;");
  });
});

describe("progress and helpers", () => {
  test("plain lines when not a TTY", () => {
    let out = "";
    const progress = progressReporter({ isTTY: false, write: (t: string) => (out += t) });
    for (const [i, r] of results.entries()) progress.onResult(r, i + 1, results.length);
    expect(out.split("\n").filter(Boolean)).toHaveLength(4);
    expect(out).not.toContain("\r");
    expect(out).toContain("fail    custom-audience-1.0 listAudiences → 400");
  });
  test("one rewritten line on a TTY", () => {
    let out = "";
    const progress = progressReporter({ isTTY: true, write: (t: string) => (out += t) });
    for (const [i, r] of results.entries()) progress.onResult(r, i + 1, results.length);
    expect(out.match(/\r/g)).toHaveLength(4);
    expect(out).toContain("[4/4] 1 failed");
    expect(out.endsWith("\n")).toBe(true);
  });
  test("totals and median", () => {
    expect(totals(results)).toEqual({ pass: 2, fail: 1, skipped: 1, finding: 0, total: 4 });
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});

describe("findings and the Inferred points section", () => {
  const point = inferredLedger({ apis: ["custom-audience-1.0"] }).find((p) => p.kind === "schema")!;
  const finding: CaseResult = {
    ...base,
    target: "live",
    operationId: "getAudience",
    status: 404,
    title: "getAudience → 404 audience never created",
    outcome: "finding",
    duration_ms: 9,
    actualStatus: 404,
    reason: "body does not match",
    findings: [{ check: "schema", message: "body does not match", points: [point.id] }],
  };
  const evidence = {
    title: finding.title,
    method: "GET",
    path: "/1.0/<redacted>/custom-audience/x",
    status: 404,
    body: '{"message":"no"}',
    check: "schema",
    message: "body does not match",
  };
  const inferred: PointVerdict[] = [
    { point, verdict: "contradicted", confirmations: 0, contradictions: 1, evidence: [evidence], change: "In x: do y" },
    {
      point: { ...point, id: `${point.id}-b` },
      verdict: "confirmed",
      confirmations: 4,
      contradictions: 0,
      evidence: [],
    },
  ];
  const live = { ...meta, target: "live", inferred };

  test("text: a finding is shown as FINDING with the points it contradicts; the section lists verdicts", () => {
    expect(renderFailure(finding)).toMatch(/^FINDING custom-audience-1\.0 getAudience → 404/);
    expect(renderFailure(finding)).toContain(`contradicts (inferred points): ${point.id}`);
    expect(renderMatrix([finding])).toMatch(/getAudience\s+find 1/);
    const section = renderInferred(inferred);
    expect(section).toMatch(/2 inferred points: 1 confirmed, 1 contradicted, 0 not exercised/);
    expect(section).toContain(`CONTRADICTED  custom-audience-1.0  ${point.location}`);
    expect(section).toContain("evidence: GET /1.0/<redacted>/custom-audience/x → 404");
    expect(section).toContain("change: In x: do y");
  });

  test("junit: a finding fails only with --strict, and so does a contradicted point", () => {
    const lenient = toJunit([finding], live);
    expect(lenient).toMatch(/<testsuites name="conformance" tests="3" failures="0"/);
    expect(lenient).toContain("inferred point contradicted (a finding; --strict makes it a failure)");
    const strict = toJunit([finding], { ...live, strict: true });
    expect(strict).toMatch(/<testsuites name="conformance" tests="3" failures="2"/);
    expect(strict).toContain('<failure message="inferred point contradicted">');
  });

  test("report.json and report.html carry the findings and the section", () => {
    const json = JSON.parse(toJson([finding], live));
    expect(json.cases[0].findings[0].points).toEqual([point.id]);
    expect(json.inferred.counts).toEqual({ confirmed: 1, contradicted: 1, "not exercised": 0, total: 2 });
    expect(json.inferred.points[0]).toMatchObject({ id: point.id, verdict: "contradicted", spec_file: point.specFile });
    const html = toHtml([finding], live);
    expect(html).toContain("<h2>Inferred points</h2>");
    expect(html).toContain('<td class="find">find 1</td>');
  });
});
