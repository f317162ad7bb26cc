/**
 * The inferred-points ledger: every mark in the bundles is a point, each point says what it
 * assumes, who relies on it and which hand-written file holds it, and `npm run inferred` /
 * `batch-audience inferred` print the same list.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { APIS } from "../../scripts/apis.js";
import { runCli } from "../../src/cli/program.js";
import { inferredLedger, renderLedger } from "../../src/shared/inferred/ledger.js";
import { fromPointer, pointId } from "../../src/shared/inferred/pointer.js";
import type { InferredPoint } from "../../src/shared/inferred/types.js";

type Json = Record<string, unknown>;
const points = inferredLedger();

/** Marks counted straight from the bundles, independently of the extractor. */
function countMarks(node: unknown, inData = false): number {
  if (!node || typeof node !== "object") return 0;
  if (Array.isArray(node)) return node.reduce((n: number, c) => n + countMarks(c, inData), 0);
  const json = node as Json;
  let n = 0;
  if (!inData && json["x-batch-source"] === "inferred") n++;
  if (!inData && json["x-batch-inferred"]) n += Object.keys(json["x-batch-inferred"] as Json).length;
  for (const [key, child] of Object.entries(json))
    if (key !== "x-batch-inferred")
      n += countMarks(child, inData || ["value", "example", "enum", "default"].includes(key));
  return n;
}

/** The node a point names, found in its hand-written file (components: the file is the component). */
function nodeInSpecFile(point: InferredPoint): Json | undefined {
  const segments = fromPointer(point.pointer);
  const root = parse(readFileSync(point.specFile, "utf8")) as Json;
  const inner =
    segments[0] === "components" ? segments.slice(3) : segments[0] === "paths" ? segments.slice(2) : segments;
  return inner.reduce<Json | undefined>((node, s) => node?.[s] as Json | undefined, root);
}

describe("the inferred-points ledger", () => {
  test("has one point per mark of each bundle, no more, no less", () => {
    for (const api of APIS) {
      const bundle = parse(readFileSync(`generated/${api.id}/openapi.yaml`, "utf8"));
      expect(points.filter((p) => p.api === api.id).length, api.id).toBe(countMarks(bundle));
    }
    expect(new Set(points.map((p) => p.id)).size).toBe(points.length);
  });

  test("every point says what it assumes, who relies on it and where to change it", () => {
    for (const point of points) {
      expect(point.assumed.length, point.id).toBeGreaterThan(20);
      expect(point.usedBy.length, point.id).toBeGreaterThan(0);
      expect(existsSync(point.specFile), point.specFile).toBe(true);
      const node = nodeInSpecFile(point);
      expect(node, `${point.id} in ${point.specFile}`).toBeDefined();
      if (point.keyword) expect((node!["x-batch-inferred"] as Json)[point.keyword], point.id).toBeDefined();
      else expect(node!["x-batch-source"], point.id).toBe("inferred");
    }
  });

  test("holds the points the fidelity audit names", () => {
    const ids = new Set(points.map((p) => p.id));
    const v11 = "/paths/~11.1~1{apiKey}~1custom-audience~1{audienceName}/patch/responses";
    const badRequest = "/components/responses/BadRequest/content/application~1json/examples";
    for (const id of [
      pointId("custom-audience-1.1", `${v11}/201`),
      pointId("custom-audience-1.1", `${v11}/202`),
      pointId("custom-audience-1.0", "/components/schemas/Error"),
      pointId(
        "custom-audience-1.1",
        "/components/responses/ServerError/content/application~1json/examples/server_error_code_0",
      ),
      pointId("custom-audience-1.0", "/components/schemas/LocalDateTime", "pattern"),
      pointId("custom-audience-1.0", "/components/parameters/From", "offset-base"),
      pointId("custom-audience-1.1", "/components/schemas/Tags/items", "pattern"),
      pointId("audience-2", `${badRequest}/audience_already_exists`),
      pointId("audience-2", `${badRequest}/unknown_audience`),
      pointId("audience-2", "/components/parameters/ListLimit/schema", "minimum"),
      pointId("audience-2", "/components/schemas/ExistingAudienceName", "pattern"),
      pointId("audience-2", "/components/schemas/AttributeValue", "oneOf"),
      pointId("audience-2", "/components/schemas/AttributeValue/oneOf/0", "maxLength"),
    ])
      expect(ids, id).toContain(id);
    const limit = points.find(
      (p) => p.id === pointId("audience-2", "/components/parameters/ListLimit/schema", "minimum"),
    );
    expect(limit).toMatchObject({
      kind: "parameter",
      location: "parameter `limit` (query): `minimum`",
      specFile: "openapi/audience-2/components/parameters/ListLimit.yaml",
      usedBy: [
        { operationId: "listAudiences", method: "GET", path: "/audiences/list", where: "parameter limit (query)" },
      ],
    });
  });
});

describe("npm run inferred and batch-audience inferred", () => {
  test("the text form lists every point with its id", () => {
    const text = renderLedger(points);
    expect(text).toMatch(
      /^Inferred points: \d+ \(custom-audience-1\.0: \d+, custom-audience-1\.1: \d+, audience-2: \d+\)/,
    );
    for (const point of points) expect(text).toContain(`id: ${point.id}`);
  });

  test("npm run inferred -- --json and batch-audience inferred --json print the same ledger", async () => {
    const script = JSON.parse(
      execFileSync("node_modules/.bin/tsx", ["scripts/inferred.ts", "--json", "--api", "audience-2"], {
        encoding: "utf8",
      }),
    );
    let out = "";
    const io = {
      stdout: {
        write: (s: string) => {
          out += s;
          return true;
        },
      },
      stderr: { write: () => true },
      stdin: process.stdin,
      env: {},
    } as never;
    expect(await runCli(["inferred", "--api", "2", "--json"], io)).toBe(0);
    const cli = JSON.parse(out);
    expect(cli).toEqual(script);
    expect(cli.points).toEqual(inferredLedger({ apis: ["audience-2"] }));
    expect(cli.counts.total).toBe(cli.points.length);
  });

  test("batch-audience inferred refuses an unknown API with a usage error", async () => {
    let err = "";
    const io = {
      stdout: { write: () => true },
      stderr: {
        write: (s: string) => {
          err += s;
          return true;
        },
      },
      stdin: process.stdin,
      env: {},
    } as never;
    expect(await runCli(["inferred", "--api", "3"], io)).toBe(2);
    expect(err).toContain("Allowed choices are");
  });
});
