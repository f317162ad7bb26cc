/**
 * fast-check arbitraries for the differential validation test: update and replace calls whose
 * names, IDs, attributes and tags sit around every limit and format of the specs (lengths counted
 * in code points, 15/16 attributes, dates with and without zone or that do not exist, URLs of
 * several schemes, tags with accents, extra fields, attributes on remove).
 */
import fc from "fast-check";

const pick = <T>(...values: T[]) => fc.constantFrom(...values);

export const names = fc.oneof(
  { weight: 8, arbitrary: pick("fans", "A-z_09", "a".repeat(255)) },
  { weight: 2, arbitrary: pick<unknown>("a".repeat(256), "", "bad name", "é", "dot.name", 7) },
);

const ids = fc.oneof(
  { weight: 10, arbitrary: pick<unknown>("u1", "CUSTOM-ID-2", "😀", "install-é", "x".repeat(1000)) },
  { weight: 1, arbitrary: pick<unknown>("", 5, null) },
);

const dates = pick(
  "2023-08-12T22:30:05Z",
  "2023-08-12T22:30:05",
  "2023-08-12T22:30:05.123+02:00",
  "2024-02-29T00:00:00Z",
  "2023-12-31T23:59:60Z",
  "2023-02-29T10:00:00",
  "2023-02-30T10:00:00Z",
  "2023-04-31T10:00:00",
  "2023-13-01T00:00:00",
  "2023-01-01T24:00:00",
  "2023-01-01T10:61:00",
  "2023-01-01T10:00:00+24:00",
  "2024-01-02",
  "yesterday",
);

const urls = pick(
  "https://example.com/image.jpg",
  "http://a.io/p?q=1#f",
  "mailto:someone@example.com",
  "ftp://files.example.com/x",
  "urn:isbn:0451450523",
  `https://x.io/${"p".repeat(2048 - 13)}`,
  `https://x.io/${"p".repeat(2049 - 13)}`,
  "no scheme here",
  "https://bad%zzescape",
  "//relative/path",
  "https://exa mple.com",
);

const plainValues = pick<unknown>(
  "short",
  "x".repeat(300),
  "x".repeat(301),
  "😀".repeat(300),
  "😀".repeat(301),
  "é".repeat(300),
  3,
  2.5,
  -1e308,
  [],
  ["a", "b"],
  Array.from({ length: 25 }, () => "s"),
  Array.from({ length: 26 }, () => "s"),
  ["ok", 3],
  true,
  null,
  { nested: 1 },
);

const entry = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.tuple(
      fc.integer({ min: 0, max: 20 }).map((i) => `k${i}`),
      plainValues,
    ),
  },
  { weight: 3, arbitrary: fc.tuple(pick("date(d)", "date(seen_at)"), fc.oneof(dates, pick<unknown>(5))) },
  { weight: 3, arbitrary: fc.tuple(pick("url(u)", "url(img)"), fc.oneof(urls, pick<unknown>(5))) },
  {
    weight: 1,
    arbitrary: fc.tuple(pick("x".repeat(30), "x".repeat(31), "Upper", "date(", "date(x)y", "été", "url(U)"), pick(1)),
  },
);

/** Around the 15-attribute limit, or a few entries, or not an object at all. */
const attributes = fc.oneof(
  { weight: 6, arbitrary: fc.array(entry, { maxLength: 4 }).map((list) => Object.fromEntries(list)) },
  {
    weight: 2,
    arbitrary: fc
      .integer({ min: 14, max: 17 })
      .map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`a${i}`, i]))),
  },
  { weight: 1, arbitrary: pick<unknown>("not an object", [], null) },
);

const tags = fc.oneof(
  { weight: 5, arbitrary: fc.array(pick<unknown>("vip", "value-1", "ünï", "Élan", "x y"), { maxLength: 3 }) },
  { weight: 2, arbitrary: fc.array(pick<unknown>("VIP", "", 4), { minLength: 1, maxLength: 2 }) },
  { weight: 1, arbitrary: pick<unknown>("tag", null) },
);

const sometimes = <T>(arb: fc.Arbitrary<T>, weight = 1) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight, arbitrary: arb });

const updateItem = fc.record({
  action: fc.oneof(
    { weight: 12, arbitrary: pick<unknown>("add", "remove") },
    { weight: 1, arbitrary: pick<unknown>("drop", undefined) },
  ),
  id: ids,
  attributes: sometimes(attributes, 3),
  tags: sometimes(tags),
  colour: fc.oneof({ weight: 20, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: pick("red") }),
});

const replaceItem = fc.record({
  id: ids,
  attributes: sometimes(attributes, 3),
  tags: sometimes(tags),
  action: fc.oneof({ weight: 20, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: pick("add") }),
});

/** Drops the keys fast-check left undefined, as JSON does: the three verdicts judge what is sent. */
export const asJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export interface CallSample {
  operation: "update" | "replace";
  name: unknown;
  ids: unknown[];
}

export function calls(withReplace: boolean): fc.Arbitrary<CallSample> {
  const update = fc.record({
    operation: fc.constant("update" as const),
    name: names,
    ids: fc.array(updateItem, { minLength: 1, maxLength: 4 }),
  });
  const replace = fc.record({
    operation: fc.constant("replace" as const),
    name: names,
    ids: fc.array(replaceItem, { minLength: 1, maxLength: 4 }),
  });
  return (withReplace ? fc.oneof(update, replace) : update).map(asJson);
}
