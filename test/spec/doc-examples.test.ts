import { describe, expect, test } from "vitest";
import { requestBodyValidator, responseBodyValidator } from "../support/bundles.js";
import { DOC_EXAMPLES } from "./doc-examples.js";

describe("Batch's documentation examples validate against the specs", () => {
  test.each(DOC_EXAMPLES.map((e) => [`${e.api} ${e.operationId} ${e.part} (${e.source})`, e] as const))(
    "%s",
    (_, example) => {
      const validate =
        example.part === "request"
          ? requestBodyValidator(example.api, example.operationId)
          : responseBodyValidator(example.api, example.operationId, example.part);
      const valid = validate(example.value);
      expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
      expect(valid).toBe(true);
    },
  );
});
