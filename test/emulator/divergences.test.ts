/**
 * "Diverging Batch" profiles and the refusal faults (403 API_MISUSE, 404 ROUTE_NOT_FOUND): each
 * profile changes exactly the answers it names, can be set at start, through the control API and
 * per request, and the client reads every such answer without breaking.
 */
import { describe, expect, test } from "vitest";
import { parseCli } from "../../src/emulator/cli.js";
import { DIVERGE_HEADER, DIVERGENCE_NAMES, FAULT_HEADER } from "../../src/emulator/index.js";
import {
  BatchNotFoundError,
  BatchRateLimitError,
  BatchServerError,
  createAudienceClient,
  createCustomAudienceClient,
} from "../../src/index.js";
import { UsageError } from "../../src/shared/usage-error.js";
import { call, useEmulator, v1For, v2For } from "./support.js";

const emulator = useEmulator({ faults: { retryAfterSeconds: 7 } });
const diverge = (...names: string[]) => ({ [DIVERGE_HEADER]: names.join(",") });
const fault = (kind: string) => ({ [FAULT_HEADER]: kind });
let n = 0;
const fresh = () => `div_${++n}`;

describe("refusal faults reach the documented answers nothing else provokes", () => {
  test("403 is API_MISUSE and 404 is ROUTE_NOT_FOUND, in each family's shape, and nothing is applied", async () => {
    const v11 = v1For(emulator(), "1.1");
    const name = fresh();
    const forbidden = await v11.create(name, { type: "install_ids" }, fault("403"));
    expect(forbidden).toMatchObject({ status: 403, json: { error_code: 12, error_message: "API misuse" } });
    const missing = await v11.create(name, { type: "install_ids" }, fault("404"));
    expect(missing).toMatchObject({ status: 404, json: { error_code: 20 } });
    expect((await v11.view(name)).status).toBe(404);
    const v2 = await v2For(emulator()).view(`?name=${name}`, fault("403"));
    expect(v2).toMatchObject({ status: 403, json: { error_code: "API_MISUSE" } });
    expect(emulator().stats().faults).toMatchObject({ "403": 2, "404": 1 });
  });
});

describe("each profile changes only its own answers", () => {
  test("update-201: 1.x update answers 201 with its token; 2.x stays 202", async () => {
    const v10 = v1For(emulator(), "1.0");
    const name = fresh();
    await v10.create(name, { type: "custom_ids" });
    const update = await v10.update(
      name,
      { type: "custom_ids", ids: [{ action: "add", id: "u" }] },
      diverge("update-201"),
    );
    expect(update.status).toBe(201);
    expect((await v10.view(name, update.json.indexing_token)).status).toBe(200);
    const v2 = v2For(emulator());
    await v2.create({ name, type: "custom_ids" });
    expect((await v2.update({ name, ids: [{ action: "add", id: "u" }] }, diverge("update-201"))).status).toBe(202);
  });

  test("v1-create-201: 1.0 create answers 201 with a token that view knows", async () => {
    const v10 = v1For(emulator(), "1.0");
    const name = fresh();
    const created = await v10.create(name, { type: "custom_ids" }, diverge("v1-create-201"));
    expect(created.status).toBe(201);
    expect((await v10.view(name, created.json.indexing_token)).json.indexing_state).toBe("APPLIED");
  });

  test("v1-error-message, server-error-code-0: 1.x error bodies", async () => {
    const v11 = v1For(emulator(), "1.1");
    expect((await v11.view(fresh(), undefined, diverge("v1-error-message"))).json).toEqual({
      message: expect.stringMatching(/not found/),
    });
    expect((await v11.view(fresh(), undefined, { ...fault("500"), ...diverge("server-error-code-0") })).json).toEqual({
      error_code: 0,
      error_message: "Server error",
    });
    // 2.x bodies never change with the 1.x profiles.
    const v2 = await v2For(emulator()).view(`?name=${fresh()}`, diverge("v1-error-message", "server-error-code-0"));
    expect(v2.json).toMatchObject({ error_code: "NOT_FOUND" });
  });

  test("duplicate-create-409 and unknown-audience-404: 2.x answers", async () => {
    const v2 = v2For(emulator());
    const name = fresh();
    await v2.create({ name, type: "custom_ids" });
    const again = await v2.create({ name, type: "custom_ids" }, diverge("duplicate-create-409"));
    expect(again).toMatchObject({ status: 409, json: { error_code: "ENTITY_ALREADY_EXISTS" } });
    for (const write of [
      () => v2.update({ name: fresh(), ids: [{ action: "add", id: "u" }] }, diverge("unknown-audience-404")),
      () => v2.replace({ name: fresh(), ids: [{ id: "u" }] }, diverge("unknown-audience-404")),
      () => v2.remove({ name: fresh() }, diverge("unknown-audience-404")),
    ])
      expect(await write()).toMatchObject({ status: 404, json: { error_code: "NOT_FOUND" } });
    // Other 400s are untouched.
    expect((await v2.update({ name, ids: [] }, diverge("unknown-audience-404"))).status).toBe(400);
  });

  test("v1-dates-with-zone, v2-unknown-type, retry-after-date", async () => {
    const v11 = v1For(emulator(), "1.1");
    const name = fresh();
    await v11.create(name, { type: "install_ids" });
    const view = await v11.view(name, undefined, diverge("v1-dates-with-zone"));
    expect(view.json.created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const list = await v11.list("", diverge("v1-dates-with-zone"));
    expect(list.json.custom_audiences.every((a: { updated: string }) => a.updated.endsWith("Z"))).toBe(true);
    const v2 = v2For(emulator());
    await v2.create({ name, type: "custom_ids" });
    expect((await v2.view(`?name=${name}`, diverge("v2-unknown-type"))).json.type).toBe("EMAIL_ADDRESS");
    const limited = await v2.view(`?name=${name}`, { ...fault("429"), ...diverge("retry-after-date") });
    expect(limited.status).toBe(429);
    expect(Number.isNaN(Date.parse(limited.headers.get("retry-after") ?? ""))).toBe(false);
    expect(limited.headers.get("retry-after")).toMatch(/GMT$/);
  });
});

describe("selecting profiles", () => {
  test("through the control API (GET/PUT /_emulator/divergences), for every later request", async () => {
    const control = `${emulator().baseUrl}/_emulator/divergences`;
    const put = (body: unknown) =>
      call(control, { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    expect((await call(control)).json).toMatchObject({ divergences: [] });
    expect((await put({ divergences: ["update-201", "v1-error-message"] })).json.divergences).toEqual([
      "update-201",
      "v1-error-message",
    ]);
    expect((await v1For(emulator(), "1.0").view(fresh())).json).toEqual({ message: expect.any(String) });
    expect((await put({ divergences: ["nope"] })).status).toBe(400);
    await put({ divergences: [] });
    expect(emulator().divergences()).toEqual([]);
    expect((await v1For(emulator(), "1.0").view(fresh())).json.error_code).toBe(20);
  });

  test("an unknown profile in the request header is a 400 naming the header", async () => {
    const answer = await v2For(emulator()).list("", diverge("sometimes"));
    expect(answer.status).toBe(400);
    expect(answer.json.error_message).toMatch(/X-Emulator-Diverge: unknown divergence sometimes/);
  });

  test("from the command line: --diverge and EMULATOR_DIVERGE", () => {
    expect(parseCli(["--diverge", "update-201"], { EMULATOR_DIVERGE: "v2-unknown-type" }).options.divergences).toEqual([
      "update-201",
      "v2-unknown-type",
    ]);
    expect(() => parseCli(["--diverge", "often"], {})).toThrow(UsageError);
    expect(DIVERGENCE_NAMES.length).toBeGreaterThanOrEqual(7);
  });
});

describe("the client reads a diverging Batch without breaking (tolerant reading)", () => {
  test("1.x: update 201, { message } errors, SERVER_ERROR 0; 2.x: an unknown audience type, Retry-After as a date", async () => {
    const emu = emulator();
    const options = { baseUrl: emu.baseUrl, apiKey: emu.credentials.apiKey, restKey: emu.credentials.restKey };
    const headers = diverge("update-201", "v1-error-message", "v2-unknown-type");
    const v11 = createCustomAudienceClient({ version: "1.1", ...options, headers, maxRetries: 0 });
    const name = fresh();
    await v11.create(name);
    expect((await v11.update(name, [{ action: "add", id: "i1" }])).indexingToken).toMatch(/\w/);
    const missing = await v11.get(fresh()).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(BatchNotFoundError);
    expect((missing as BatchNotFoundError).errorMessage).toMatch(/not found/);
    const broken = createCustomAudienceClient({
      version: "1.0",
      ...options,
      headers: { ...fault("500"), ...diverge("server-error-code-0") },
      maxRetries: 0,
    });
    const server = await broken.get(fresh()).catch((e: unknown) => e);
    expect(server).toBeInstanceOf(BatchServerError);
    expect((server as BatchServerError).errorName).toBe("SERVER_ERROR");
    const v2 = createAudienceClient({
      baseUrl: emu.urls["audience-2"],
      restKey: emu.credentials.restKey,
      projectKey: emu.credentials.projectKey,
      headers,
    });
    await v2.create(name);
    expect((await v2.get(name)).type).toBe("EMAIL_ADDRESS");
    const limited = createAudienceClient({
      baseUrl: emu.urls["audience-2"],
      restKey: emu.credentials.restKey,
      projectKey: emu.credentials.projectKey,
      headers: { ...fault("429"), ...diverge("retry-after-date") },
      maxRetries: 0,
    });
    const rateLimited = await limited.get(name).catch((e: unknown) => e);
    expect(rateLimited).toBeInstanceOf(BatchRateLimitError);
    expect((rateLimited as BatchRateLimitError).retryAfterMs).toBeGreaterThan(0);
  });
});
