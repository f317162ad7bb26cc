/**
 * Every response the emulator produces, seen through `prism proxy` with the bundled specs: Prism
 * reports any response that breaks the contract in `sl-violations` (location starting "response").
 * Request violations are expected where a case sends an invalid request on purpose.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type PrismHandle, startPrism } from "../../conformance/support/prism.js";
import { API_IDS, type ApiId, type EmulatorHandle, startEmulator } from "../../src/emulator/index.js";
import { type Answer, adds, pollsFirst, v1, v2 } from "./support.js";

let emulator: EmulatorHandle;
const proxies = {} as Record<ApiId, PrismHandle>;

beforeAll(async () => {
  emulator = await startEmulator();
  const started = await Promise.all(
    API_IDS.map((api) =>
      startPrism({
        specPath: `generated/${api}/openapi.yaml`,
        mode: "proxy",
        upstream: emulator.urls[api],
        extraArgs: ["-v", "error"],
      }),
    ),
  );
  for (const [i, api] of API_IDS.entries()) proxies[api] = started[i]!;
});

afterAll(async () => {
  await Promise.all(Object.values(proxies).map((proxy) => proxy.stop()));
  await emulator?.stop();
});

interface Seen {
  label: string;
  status: number;
  responseViolations: unknown[];
  requestViolations: number;
}

const seen: Seen[] = [];

function record(label: string, answer: Answer): Answer {
  const raw = answer.headers.get("sl-violations");
  const violations = raw ? (JSON.parse(raw) as { location: string[] }[]) : [];
  seen.push({
    label,
    status: answer.status,
    responseViolations: violations.filter((v) => v.location[0] === "response"),
    requestViolations: violations.filter((v) => v.location[0] === "request").length,
  });
  return answer;
}

const fault = (kind: string) => ({ "X-Emulator-Fault": kind });

describe("emulator responses validate against the specs through prism proxy", () => {
  test("Custom Audience 1.0", async () => {
    const { restKey, apiKey } = emulator.credentials;
    const api = v1(proxies["custom-audience-1.0"].baseUrl, "1.0", restKey, apiKey);
    const bad = v1(proxies["custom-audience-1.0"].baseUrl, "1.0", "wrong-key", apiKey);
    record("1.0 create 200", await api.create("p10", { type: "custom_ids", description: "d" }));
    record("1.0 create 400 exists", await api.create("p10", { type: "custom_ids" }));
    record("1.0 create 400 missing", await api.create("p10b", { description: "no type" }));
    record("1.0 create 400 malformed", await api.create("p10b", { type: "install_ids" }));
    record("1.0 create 401", await bad.create("p10c", { type: "custom_ids" }));
    const update = record(
      "1.0 update 202",
      await api.update("p10", { type: "custom_ids", ids: adds(["a", "b"]) }, pollsFirst(1)),
    );
    record(
      "1.0 update 400 malformed",
      await api.update("p10", { type: "custom_ids", ids: [{ action: "nope", id: "a" }] }),
    );
    record("1.0 update 404", await api.update("p10_missing", { type: "custom_ids", ids: adds(["a"]) }));
    record("1.0 update 401", await bad.update("p10", { type: "custom_ids", ids: adds(["a"]) }));
    const inProgress = record("1.0 view 200 in progress", await api.view("p10", update.json.indexing_token));
    expect(inProgress.json.indexing_state).toBe("IN_PROGRESS");
    const applied = record("1.0 view 200 applied", await api.view("p10", update.json.indexing_token));
    expect(applied.json.indexing_state).toBe("APPLIED");
    record("1.0 view 200 last write", await api.view("p10"));
    record("1.0 view 400 token", await api.view("p10", "unknown"));
    record("1.0 view 404", await api.view("p10_missing"));
    record("1.0 view 401", await bad.view("p10"));
    record("1.0 list 200", await api.list("?from=0&limit=5"));
    record("1.0 list 400", await api.list("?limit=500"));
    record("1.0 list 401", await bad.list());
    for (const kind of ["429", "500", "503"]) {
      record(`1.0 list ${kind}`, await api.list("", fault(kind)));
      record(`1.0 update ${kind}`, await api.update("p10", { type: "custom_ids", ids: adds(["c"]) }, fault(kind)));
    }
    record("1.0 delete 200", await api.remove("p10"));
    record("1.0 delete 404", await api.remove("p10"));
    record("1.0 delete 401", await bad.remove("p10"));
  });

  test("Custom Audience 1.1", async () => {
    const { restKey, apiKey } = emulator.credentials;
    const api = v1(proxies["custom-audience-1.1"].baseUrl, "1.1", restKey, apiKey);
    const bad = v1(proxies["custom-audience-1.1"].baseUrl, "1.1", "wrong-key", apiKey);
    record("1.1 create 201", await api.create("p11", { type: "install_ids" }));
    record("1.1 create 400 exists", await api.create("p11", { type: "install_ids" }));
    record("1.1 create 401", await bad.create("p11x", { type: "install_ids" }));
    record(
      "1.1 update 202",
      await api.update("p11", {
        ids: [{ action: "add", id: "i", attributes: { a: 1, "date(d)": "2024-01-01T00:00:00" }, tags: ["t"] }],
      }),
    );
    record(
      "1.1 update 400 attributes on remove",
      await api.update("p11", { ids: [{ action: "remove", id: "i", attributes: { a: 1 } }] }),
    );
    record("1.1 update 404", await api.update("p11_missing", { ids: adds(["a"]) }));
    record("1.1 replace 201", await api.replace("p11", { ids: [{ id: "r", tags: ["x"] }] }));
    record("1.1 replace 400", await api.replace("p11", { ids: [] }));
    record("1.1 replace 404", await api.replace("p11_missing", { ids: [{ id: "r" }] }));
    record("1.1 replace 401", await bad.replace("p11", { ids: [{ id: "r" }] }));
    record("1.1 view 200", await api.view("p11"));
    record("1.1 view 404", await api.view("p11_missing"));
    record("1.1 list 200", await api.list());
    for (const kind of ["429", "500", "503"])
      record(`1.1 replace ${kind}`, await api.replace("p11", { ids: [{ id: "r" }] }, fault(kind)));
    record("1.1 delete 200", await api.remove("p11"));
    record("1.1 delete 404", await api.remove("p11"));
  });

  test("Audience API 2.x", async () => {
    const { restKey, projectKey } = emulator.credentials;
    const api = v2(proxies["audience-2"].baseUrl, restKey, projectKey);
    const bad = v2(proxies["audience-2"].baseUrl, "wrong-key", projectKey);
    record("2 create 202", await api.create({ name: "p2", type: "custom_ids", display_name: "P2" }));
    record("2 create 400 exists", await api.create({ name: "p2", type: "custom_ids" }));
    record("2 create 400 missing", await api.create({ type: "custom_ids" }));
    record("2 create 401", await bad.create({ name: "p2b", type: "custom_ids" }));
    const first = record(
      "2 update 202",
      await api.update({ name: "p2", ids: [{ action: "add", id: "a", attributes: { x: [] } }] }),
    );
    record("2 update 400 unknown", await api.update({ name: "p2_missing", ids: adds(["a"]) }));
    record(
      "2 update 400 too many",
      await api.update({ name: "p2", ids: adds(Array.from({ length: 10_001 }, (_, i) => `i${i}`)) }),
    );
    record("2 update 401", await bad.update({ name: "p2", ids: adds(["a"]) }));
    const replace = record("2 replace 202", await api.replace({ name: "p2", ids: [{ id: "b" }] }, pollsFirst(1)));
    record("2 replace 400 unknown", await api.replace({ name: "p2_missing", ids: [{ id: "b" }] }));
    const inProgress = record(
      "2 view 200 in progress",
      await api.view(`?name=p2&indexing_token=${replace.json.indexing_token}`),
    );
    expect(inProgress.json.indexing_state).toBe("IN_PROGRESS");
    const replaced = record(
      "2 view 200 replaced",
      await api.view(`?name=p2&indexing_token=${first.json.indexing_token}`),
    );
    expect(replaced.json.indexing_state).toBe("REPLACED");
    expect(record("2 view 200 applied", await api.view("?name=p2")).json.indexing_state).toBe("APPLIED");
    record("2 view 400", await api.view("?name=p2&indexing_token=zzz"));
    record("2 view 404", await api.view("?name=p2_missing"));
    record("2 view 401", await bad.view("?name=p2"));
    const page = record("2 list 200 first", await api.list("?limit=1"));
    await api.create({ name: "p2_more", type: "custom_ids" });
    const second = record("2 list 200 first of two", await api.list("?limit=1"));
    record(
      "2 list 200 next",
      await api.list(`?limit=1&from=${encodeURIComponent(second.json.next_from ?? page.json.next_from ?? "x")}`),
    );
    record("2 list 400", await api.list("?from=bogus"));
    record("2 list 401", await bad.list());
    for (const kind of ["429", "500", "503"]) {
      record(`2 update ${kind}`, await api.update({ name: "p2", ids: adds(["z"]) }, fault(kind)));
      record(`2 view ${kind}`, await api.view("?name=p2", fault(kind)));
    }
    record("2 remove 202", await api.remove({ name: "p2" }));
    record("2 remove 400 unknown", await api.remove({ name: "p2" }));
  });

  test("control: Prism does flag a response outside the contract (the non-json fault's 502 page)", async () => {
    const { restKey, projectKey } = emulator.credentials;
    const answer = await v2(proxies["audience-2"].baseUrl, restKey, projectKey).list("", fault("non-json"));
    const violations = JSON.parse(answer.headers.get("sl-violations") ?? "[]") as { location: string[] }[];
    expect(violations.some((v) => v.location[0] === "response")).toBe(true);
  });

  test("no response violation in any of them, and every status was reached", () => {
    // The header is really read: the deliberately invalid requests carry request violations.
    expect(seen.find((s) => s.label === "2 create 400 missing")?.requestViolations).toBeGreaterThan(0);
    const withViolations = seen.filter((s) => s.responseViolations.length > 0);
    expect(withViolations).toEqual([]);
    const statuses = new Set(seen.map((s) => s.status));
    for (const status of [200, 201, 202, 400, 401, 404, 429, 500, 503])
      expect(statuses, String(status)).toContain(status);
    for (const s of seen) {
      const expected = Number(/ (\d{3})/.exec(s.label)![1]);
      expect(s.status, s.label).toBe(expected);
    }
  });
});
