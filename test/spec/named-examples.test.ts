/**
 * Every request body and every response, errors included, carries at least one named example, and
 * every operation says whether it is documented or inferred (with an Inferred: paragraph when it is).
 */
import { describe, expect, test } from "vitest";
import { APIS } from "../../scripts/apis.js";
import { operations, resolve } from "../support/bundles.js";

const cases = APIS.flatMap((api) =>
  [...operations(api.id).values()].map((op) => [`${api.id} ${op.operationId}`, api.id, op] as const),
);

describe.each(cases)("%s", (_, api, { operation }) => {
  test("the request body has named examples", () => {
    if (!operation.requestBody) return;
    const examples = resolve(api, operation.requestBody).content["application/json"].examples;
    expect(Object.keys(examples ?? {}).length).toBeGreaterThan(0);
  });

  test("every response has named examples", () => {
    for (const [status, raw] of Object.entries(operation.responses as Record<string, object>)) {
      const content = resolve(api, raw).content?.["application/json"];
      expect(content, `${status} has a JSON body`).toBeDefined();
      expect(Object.keys(content.examples ?? {}).length, `${status} has named examples`).toBeGreaterThan(0);
    }
  });

  test("x-batch-source says where it comes from, and inferred operations say why", () => {
    expect(["documented", "inferred"]).toContain(operation["x-batch-source"]);
    if (operation["x-batch-source"] === "inferred") expect(operation.description).toMatch(/\*\*Inferred:\*\*/);
    expect(operation.externalDocs?.url).toMatch(/^https:\/\/doc\.batch\.com\//);
  });
});
