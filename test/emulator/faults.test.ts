import { request } from "node:http";
import { describe, expect, test } from "vitest";
import { type EmulatorHandle, type FaultKind, startEmulator } from "../../src/emulator/index.js";
import { adds, call, useEmulator, v2, v2For } from "./support.js";

const emulator = useEmulator({ faults: { slowMs: 120, retryAfterSeconds: 3 } });
const PROJECT = () => emulator().credentials.projectKey;
const members = (name: string) => emulator().audienceMembers("audience-2", PROJECT(), name)?.size;

/** Outcome of one raw HTTP call: a status and body, or the connection error. */
function raw(
  emu: EmulatorHandle,
  body: unknown,
  fault: FaultKind | undefined,
): Promise<{ status?: number; body?: string; error?: string }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve) => {
    const req = request(
      `${emu.urls["audience-2"]}/audiences/update`,
      {
        method: "POST",
        agent: false,
        headers: {
          Authorization: `Bearer ${emu.credentials.restKey}`,
          "X-Batch-Project": emu.credentials.projectKey,
          "Content-Type": "application/json",
          ...(fault ? { "X-Emulator-Fault": fault } : {}),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode, body: text }));
        res.on("error", (error) => resolve({ status: res.statusCode, body: text, error: error.message }));
        res.on("aborted", () => resolve({ status: res.statusCode, body: text, error: "aborted" }));
      },
    );
    req.on("error", (error) => resolve({ error: error.message }));
    req.end(payload);
  });
}

describe("fault injection", () => {
  test("429 / 500 / 503 answer the Batch error and apply nothing", async () => {
    const api = v2For(emulator());
    await api.create({ name: "f_err", type: "custom_ids" });
    const expected = { "429": "TOO_MANY_REQUESTS", "500": "SERVER_ERROR", "503": "MAINTENANCE_ERROR" } as const;
    for (const [kind, code] of Object.entries(expected)) {
      const answer = await api.update({ name: "f_err", ids: adds([`id_${kind}`]) }, { "X-Emulator-Fault": kind });
      expect(answer.status).toBe(Number(kind));
      expect(answer.json.error_code).toBe(code);
      if (kind === "429") expect(answer.headers.get("retry-after")).toBe("3");
    }
    expect(members("f_err")).toBe(0);
  });

  test("drop cuts the connection before anything is applied; lost applies the write, then cuts", async () => {
    const emu = emulator();
    await v2For(emu).create({ name: "f_cut", type: "custom_ids" });
    const dropped = await raw(emu, { name: "f_cut", ids: adds(["d"]) }, "drop");
    expect(dropped.status).toBeUndefined();
    expect(dropped.error).toBeDefined();
    expect(members("f_cut")).toBe(0);
    const lost = await raw(emu, { name: "f_cut", ids: adds(["l"]) }, "lost");
    expect(lost.status).toBeUndefined();
    expect(lost.error).toBeDefined();
    expect(members("f_cut")).toBe(1);
  });

  test("truncate applies the write and cuts the body short; non-json is a 502 HTML page", async () => {
    const emu = emulator();
    await v2For(emu).create({ name: "f_body", type: "custom_ids" });
    const truncated = await raw(emu, { name: "f_body", ids: adds(["t"]) }, "truncate");
    expect(truncated.status).toBe(202);
    expect(truncated.error).toBeDefined();
    expect(() => JSON.parse(truncated.body ?? "")).toThrow();
    expect(members("f_body")).toBe(1);
    const html = await raw(emu, { name: "f_body", ids: adds(["h"]) }, "non-json");
    expect(html.status).toBe(502);
    expect(html.body).toMatch(/^<html>/);
    expect(members("f_body")).toBe(1);
  });

  test("slow delays the answer by slowMs and then handles the call", async () => {
    const api = v2For(emulator());
    const started = performance.now();
    const answer = await api.list("", { "X-Emulator-Fault": "slow" });
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    expect(answer.status).toBe(200);
  });

  test("an unknown X-Emulator-Fault value is a 400 naming the header", async () => {
    const answer = await v2For(emulator()).list("", { "X-Emulator-Fault": "explode" });
    expect(answer.status).toBe(400);
    expect(answer.json.error_message).toContain("X-Emulator-Fault");
  });

  test("queued rules fire on matching calls only, the given number of times", async () => {
    const emu = emulator();
    const api = v2For(emu);
    await api.create({ name: "f_rules", type: "custom_ids" });
    emu.injectFaults({ kind: "503", times: 2, api: "audience-2", operation: "update" });
    expect((await api.list()).status).toBe(200);
    expect((await api.update({ name: "f_rules", ids: adds(["a"]) })).status).toBe(503);
    expect((await api.update({ name: "f_rules", ids: adds(["a"]) })).status).toBe(503);
    expect((await api.update({ name: "f_rules", ids: adds(["a"]) })).status).toBe(202);
    expect(emu.faultSettings().pendingRules).toBe(0);
  });

  test("the control API over HTTP queues rules, sets rates and reports stats", async () => {
    const emu = emulator();
    const control = `${emu.baseUrl}/_emulator`;
    const queued = await call(`${control}/faults/rules`, {
      method: "POST",
      body: JSON.stringify({ rules: [{ kind: "429" }] }),
    });
    expect(queued.json.pendingRules).toBe(1);
    expect((await v2For(emu).list()).status).toBe(429);
    const bad = await call(`${control}/faults`, { method: "PUT", body: JSON.stringify({ rates: { "500": 2 } }) });
    expect(bad.status).toBe(400);
    const stats = await call(`${control}/stats`);
    expect(stats.json.faults["429"]).toBeGreaterThanOrEqual(1);
    expect(stats.json.requests).toBeGreaterThan(0);
  });

  test("random rates are reproducible for a seed and counted", async () => {
    const run = async (seed: number) => {
      const emu = await startEmulator({
        seed,
        faults: { rates: { "429": 0.2, "500": 0.1, "503": 0.1, slow: 0.1 }, slowMs: 1 },
      });
      try {
        const api = v2For(emu);
        const statuses: number[] = [];
        for (let i = 0; i < 80; i++) statuses.push((await api.list()).status);
        return { statuses, stats: emu.stats() };
      } finally {
        await emu.stop();
      }
    };
    const a = await run(7);
    const b = await run(7);
    const c = await run(8);
    expect(a.statuses).toEqual(b.statuses);
    expect(a.statuses).not.toEqual(c.statuses);
    const count = (status: number) => a.statuses.filter((s) => s === status).length;
    expect(a.stats.faults["429"]).toBe(count(429));
    expect(a.stats.faults["500"]).toBe(count(500));
    expect(a.stats.faults["503"]).toBe(count(503));
    expect(count(429) + count(500) + count(503)).toBeGreaterThan(10);
    expect(a.stats.faults.slow).toBeGreaterThan(0);
  });

  test("random faults can be limited to some operations", async () => {
    const emu = await startEmulator({ faults: { rates: { "500": 1 }, operations: ["update"] } });
    try {
      const api = v2(emu.urls["audience-2"], emu.credentials.restKey, emu.credentials.projectKey);
      expect((await api.create({ name: "only", type: "custom_ids" })).status).toBe(202);
      expect((await api.update({ name: "only", ids: adds(["a"]) })).status).toBe(500);
      emu.setFaults({});
      expect((await api.update({ name: "only", ids: adds(["a"]) })).status).toBe(202);
    } finally {
      await emu.stop();
    }
  });
});
