/**
 * Prism starts on each bundle and answers a valid request with the documented success status and
 * an invalid one with the documented 400 (validation details in `sl-violations`).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startPrism } from "../../conformance/support/prism.js";
import { type ApiId, operation } from "../support/bundles.js";

interface Probe {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}
interface ApiProbes {
  readonly headers: Record<string, string>;
  readonly valid: Probe & { readonly status: number };
  readonly invalid: readonly (Probe & { readonly why: string })[];
}

const APP_KEY = "DEV00000000000000000000000000000";
const v1Headers = { "X-Authorization": "rest-key-for-tests", "Content-Type": "application/json" };
const v2Headers = {
  Authorization: "Bearer rest-key-for-tests",
  "X-Batch-Project": "project_test",
  "Content-Type": "application/json",
};

const PROBES: Record<ApiId, ApiProbes> = {
  "custom-audience-1.0": {
    headers: v1Headers,
    valid: {
      operationId: "createAudience",
      method: "POST",
      path: `/1.0/${APP_KEY}/custom-audience/crm_segment`,
      body: { type: "custom_ids" },
      status: 200,
    },
    invalid: [
      {
        why: "unknown type",
        operationId: "createAudience",
        method: "POST",
        path: `/1.0/${APP_KEY}/custom-audience/crm_segment`,
        body: { type: "install_ids" },
      },
      {
        why: "space in the name",
        operationId: "createAudience",
        method: "POST",
        path: `/1.0/${APP_KEY}/custom-audience/crm%20segment`,
        body: { type: "custom_ids" },
      },
    ],
  },
  "custom-audience-1.1": {
    headers: v1Headers,
    valid: {
      operationId: "replaceAudience",
      method: "PUT",
      path: `/1.1/${APP_KEY}/custom-audience/crm_segment`,
      body: { ids: [{ id: "INSTALL-ID-1", tags: ["vip"] }] },
      status: 201,
    },
    invalid: [
      {
        why: "16 attributes",
        operationId: "replaceAudience",
        method: "PUT",
        path: `/1.1/${APP_KEY}/custom-audience/crm_segment`,
        body: {
          ids: [{ id: "a", attributes: Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`att${i}`, i])) }],
        },
      },
    ],
  },
  "audience-2": {
    headers: v2Headers,
    valid: {
      operationId: "updateAudience",
      method: "POST",
      path: "/audiences/update",
      body: { name: "crm_segment", ids: [{ action: "add", id: "CUSTOM-ID-1" }] },
      status: 202,
    },
    invalid: [
      {
        why: "attributes on a remove",
        operationId: "updateAudience",
        method: "POST",
        path: "/audiences/update",
        body: { name: "crm_segment", ids: [{ action: "remove", id: "CUSTOM-ID-1", attributes: { att1: 1 } }] },
      },
      {
        why: "limit=101",
        operationId: "listAudiences",
        method: "GET",
        path: "/audiences/list?limit=101",
        body: undefined,
      },
    ],
  },
};

describe.each(Object.keys(PROBES) as ApiId[])("Prism mock on generated/%s/openapi.yaml", (api) => {
  const probes = PROBES[api];
  let prism: Awaited<ReturnType<typeof startPrism>>;
  beforeAll(async () => {
    prism = await startPrism({ specPath: `generated/${api}/openapi.yaml` });
  });
  afterAll(async () => prism?.stop());

  const send = (probe: Probe) =>
    fetch(prism.baseUrl + probe.path, {
      method: probe.method,
      headers: probes.headers,
      body: probe.body === undefined ? undefined : JSON.stringify(probe.body),
    });

  test(`valid ${probes.valid.operationId} → documented ${probes.valid.status}`, async () => {
    const documented = Object.keys(operation(api, probes.valid.operationId).operation.responses);
    expect(documented).toContain(String(probes.valid.status));
    const response = await send(probes.valid);
    expect(response.status).toBe(probes.valid.status);
    expect(response.headers.get("sl-violations")).toBeNull();
  });

  test.each(probes.invalid.map((p) => [p.why, p] as const))(
    "invalid request (%s) → documented 400",
    async (_, probe) => {
      expect(Object.keys(operation(api, probe.operationId).operation.responses)).toContain("400");
      const response = await send(probe);
      expect(response.status).toBe(400);
      const violations = JSON.parse(response.headers.get("sl-violations") ?? "[]") as { location: string[] }[];
      expect(violations.length).toBeGreaterThan(0);
    },
  );
});
