/**
 * The emulator's body checks (generated validators plus the hand-written calendar rule) accept
 * exactly what the bundles' request schemas accept (no impossible dates are generated here):
 * fast-check generates bodies mixing valid and invalid pieces, Ajv (2020-12, from the bundles) gives
 * the reference verdict.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  checkCreateV1,
  checkCreateV2,
  checkDeleteV2,
  checkReplaceV2,
  checkReplaceV11,
  checkUpdateV2,
  checkUpdateV10,
  checkUpdateV11,
} from "../../src/emulator/request-bodies.js";
import { type ApiId, requestBodyValidator } from "../support/bundles.js";

const V10_TYPES = ["custom_ids", "advertising_ids"] as const;
const V11_TYPES = ["install_ids"] as const;
const pick = <T>(...values: T[]) => fc.constantFrom(...values);
/** Mostly `valid`, sometimes `invalid`, sometimes absent (undefined keys vanish in JSON). */
const mostly = (valid: fc.Arbitrary<unknown>, invalid: fc.Arbitrary<unknown>, absent = 1) =>
  fc.oneof(
    { weight: 8, arbitrary: valid },
    { weight: 1, arbitrary: invalid },
    { weight: absent, arbitrary: fc.constant(undefined) },
  );
const rarely = (value: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 15, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: value });

const validAttributeEntry = fc.oneof(
  fc.tuple(
    fc.integer({ min: 0, max: 20 }).map((i) => `k${i}`),
    pick<unknown>(
      "short",
      "x".repeat(300),
      "é".repeat(300),
      "😀".repeat(300),
      3,
      2.5,
      [],
      ["a", "b"],
      Array.from({ length: 25 }, () => "s"),
    ),
  ),
  fc.tuple(
    pick("date(d)", "date(seen_at)"),
    pick<unknown>("2024-01-02T03:04:05Z", "2024-01-02T03:04:05.123+02:00", "2024-01-02T03:04:05"),
  ),
  fc.tuple(pick("url(u)", "url(img)"), pick<unknown>("https://example.com/a.png", "mailto:someone@example.com")),
);
const invalidAttributeEntry = fc.oneof(
  fc.tuple(pick("Plan", "date(", "url(U)", "a".repeat(31), "with space", "date(x)y"), pick<unknown>("v")),
  fc.tuple(
    pick("k1", "k2"),
    pick<unknown>(
      "x".repeat(301),
      "😀".repeat(301),
      true,
      null,
      Array.from({ length: 26 }, () => "s"),
      [1],
      { nested: 1 },
    ),
  ),
  fc.tuple(pick("date(d)"), pick<unknown>("2024-01-02", 5, "yesterday")),
  fc.tuple(pick("url(u)"), pick<unknown>("no scheme here", "https://bad%zzescape", "x".repeat(2049), 5)),
);
const attributes = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.array(validAttributeEntry, { maxLength: 17 }).map((entries) => Object.fromEntries(entries)),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.array(validAttributeEntry, { maxLength: 3 }), invalidAttributeEntry)
      .map(([entries, bad]) => Object.fromEntries([...entries, bad])),
  },
  {
    weight: 2,
    arbitrary: fc
      .integer({ min: 14, max: 17 })
      .map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))),
  },
  { weight: 1, arbitrary: pick<unknown>("not an object", [], null) },
);
const tags = fc.oneof(
  { weight: 6, arbitrary: fc.array(pick<unknown>("a", "value-1", "ünï", "x y"), { maxLength: 3 }) },
  { weight: 2, arbitrary: fc.array(pick<unknown>("a", "B", "", 4), { minLength: 1, maxLength: 3 }) },
  { weight: 1, arbitrary: pick<unknown>("tag", null) },
);
const itemFor = (replace: boolean) =>
  fc.record({
    action: replace ? rarely(pick("add")) : mostly(pick("add", "remove"), pick<unknown>("delete", 1)),
    id: mostly(pick("ID-1", "ID-2", "😀"), pick<unknown>("", 5, null)),
    attributes: fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: attributes }),
    tags: fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: tags }),
    extra: rarely(pick(1)),
  });
const idsFor = (replace: boolean) =>
  mostly(
    fc.array(itemFor(replace), { minLength: 1, maxLength: 3 }),
    fc.oneof(pick<unknown>("not an array", null, {}), fc.constant([])),
  );
const name = mostly(
  pick("AUDIENCE_1", "a".repeat(255), "x-y_Z9"),
  pick<unknown>("bad name", "a".repeat(256), "", 7, "é"),
);

/** A body for one operation: its own fields mostly present, other fields rarely. */
function bodyFor(fields: readonly string[], types: readonly string[], replace: boolean): fc.Arbitrary<unknown> {
  const field = (key: string, arb: fc.Arbitrary<unknown>) => (fields.includes(key) ? arb : rarely(arb));
  const record = fc.record({
    name: field("name", name),
    type: field("type", mostly(pick(...types), pick<unknown>("CUSTOM_ID", "custom_ids", "install_ids", 3))),
    ids: field("ids", idsFor(replace)),
    description: fields.includes("description")
      ? fc.oneof(fc.constant(undefined), pick<unknown>("d", 3))
      : rarely(pick("d")),
    display_name: fields.includes("display_name")
      ? fc.oneof(fc.constant(undefined), pick<unknown>("d", 3))
      : rarely(pick("d")),
    other: rarely(pick(1)),
  });
  return fc.oneof({ weight: 20, arbitrary: record }, { weight: 1, arbitrary: pick<unknown>(null, [], "text", 42) });
}

const checks: [ApiId, string, readonly string[], readonly string[], (raw: unknown) => unknown][] = [
  [
    "custom-audience-1.0",
    "createAudience",
    ["type", "description"],
    V10_TYPES,
    (raw) => checkCreateV1("custom-audience-1.0", raw),
  ],
  ["custom-audience-1.0", "updateAudience", ["type", "ids"], V10_TYPES, checkUpdateV10],
  [
    "custom-audience-1.1",
    "createAudience",
    ["type", "description"],
    V11_TYPES,
    (raw) => checkCreateV1("custom-audience-1.1", raw),
  ],
  ["custom-audience-1.1", "updateAudience", ["ids"], V11_TYPES, checkUpdateV11],
  ["custom-audience-1.1", "replaceAudience", ["ids"], V11_TYPES, checkReplaceV11],
  ["audience-2", "createAudience", ["name", "type", "display_name"], ["custom_ids"], checkCreateV2],
  ["audience-2", "updateAudience", ["name", "ids"], [], checkUpdateV2],
  ["audience-2", "replaceAudience", ["name", "ids"], [], checkReplaceV2],
  ["audience-2", "deleteAudience", ["name"], [], checkDeleteV2],
];

/** Drops the optional keys fast-check left undefined, as JSON would. */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value) ?? "null");

describe("request body checks agree with the bundles' schemas", () => {
  for (const [api, operationId, fields, types, check] of checks) {
    test(`${api} ${operationId}`, () => {
      const reference = requestBodyValidator(api, operationId);
      let accepted = 0;
      let rejected = 0;
      fc.assert(
        fc.property(
          bodyFor(fields, types.length > 0 ? types : ["custom_ids"], operationId === "replaceAudience").map(asJson),
          (raw) => {
            const expected = reference(raw);
            let actual = true;
            try {
              check(raw);
            } catch {
              actual = false;
            }
            if (actual) accepted++;
            else rejected++;
            return actual === expected;
          },
        ),
        { numRuns: 1500, seed: 20261122 },
      );
      // The generator reaches both verdicts often, so the agreement means something.
      expect(accepted).toBeGreaterThan(50);
      expect(rejected).toBeGreaterThan(50);
    });
  }
});
