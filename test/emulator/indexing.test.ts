/**
 * When writes stop reporting IN_PROGRESS: polls and the hold are counted in requests, so these
 * tests hold on any machine; the delay is checked with an injected clock moved by hand.
 */
import { expect, test } from "vitest";
import { startEmulator } from "../../src/emulator/index.js";
import { adds, call, pollsFirst, statesOf, useEmulator, v1For, v2For } from "./support.js";

const emulator = useEmulator();

test("X-Emulator-Indexing-Polls: N makes the write's first N views IN_PROGRESS, token or last write", async () => {
  const api = v2For(emulator());
  await api.create({ name: "polls", type: "custom_ids" });
  const token = (await api.update({ name: "polls", ids: adds(["a"]) }, pollsFirst(3))).json.indexing_token;
  const byToken = () => api.view(`?name=polls&indexing_token=${token}`);
  const lastWrite = () => api.view("?name=polls");
  // Views with the token and without one (the last write) count alike.
  expect(await statesOf(byToken, 2)).toEqual(["IN_PROGRESS", "IN_PROGRESS"]);
  expect(await statesOf(lastWrite, 2)).toEqual(["IN_PROGRESS", "APPLIED"]);
  expect(await statesOf(byToken, 2)).toEqual(["APPLIED", "APPLIED"]);
});

test("a held write stays IN_PROGRESS however often it is viewed; release applies it", async () => {
  const emu = emulator();
  const api = v1For(emu, "1.1");
  await api.create("held", { type: "install_ids" });
  const before = (await api.update("held", { ids: adds(["before"]) })).json.indexing_token;
  emu.holdIndexing();
  expect(emu.indexing()).toMatchObject({ held: true, heldWrites: 0 });
  try {
    const during = (await api.update("held", { ids: adds(["during"]) })).json.indexing_token;
    expect(emu.indexing()).toMatchObject({ held: true, heldWrites: 1 });
    // Writes apply at once; only the reported state waits.
    expect((await api.view("held", during)).json.nb_ids).toBe(2);
    expect(await statesOf(() => api.view("held", during), 5)).toEqual(Array(5).fill("IN_PROGRESS"));
    expect((await api.view("held", before)).json.indexing_state).toBe("APPLIED");
    emu.releaseIndexing();
    expect(emu.indexing()).toMatchObject({ held: false, heldWrites: 0 });
    expect((await api.view("held", during)).json.indexing_state).toBe("APPLIED");
  } finally {
    emu.releaseIndexing();
  }
});

test("a write with polls made during a hold still owes its polls after the release", async () => {
  const emu = emulator();
  const api = v2For(emu);
  await api.create({ name: "both", type: "custom_ids" });
  emu.holdIndexing();
  const token = (await api.update({ name: "both", ids: adds(["a"]) }, pollsFirst(1))).json.indexing_token;
  emu.releaseIndexing();
  const view = () => api.view(`?name=both&indexing_token=${token}`);
  expect(await statesOf(view, 2)).toEqual(["IN_PROGRESS", "APPLIED"]);
});

test("over HTTP: GET/PUT /_emulator/indexing changes the fields given; bad values are 400", async () => {
  const emu = emulator();
  const url = `${emu.baseUrl}/_emulator/indexing`;
  const put = (body: unknown) => call(url, { method: "PUT", body: JSON.stringify(body) });
  expect((await call(url)).json).toEqual({ delayMs: 0, polls: 0, held: false, heldWrites: 0 });
  expect((await put({ polls: 2 })).json).toEqual({ delayMs: 0, polls: 2, held: false, heldWrites: 0 });
  expect((await put({ hold: true })).json).toMatchObject({ polls: 2, held: true });

  const api = v2For(emu);
  await api.create({ name: "http_hold", type: "custom_ids" });
  expect((await call(url)).json.heldWrites).toBe(1);
  const view = () => api.view("?name=http_hold");
  expect(await statesOf(view, 3)).toEqual(["IN_PROGRESS", "IN_PROGRESS", "IN_PROGRESS"]);
  expect((await put({ hold: false, polls: 0 })).json).toEqual({ delayMs: 0, polls: 0, held: false, heldWrites: 0 });
  // Its two polls were spent while it was held.
  expect((await view()).json.indexing_state).toBe("APPLIED");

  for (const bad of [{ polls: -1 }, { delayMs: "x" }, { hold: "yes" }, [], null]) {
    const answer = await put(bad);
    expect(answer.status, JSON.stringify(bad)).toBe(400);
    expect(answer.json.error, JSON.stringify(bad)).toMatch(/polls|delayMs|hold|object/);
  }
  expect(emu.indexing()).toEqual({ delayMs: 0, polls: 0, held: false, heldWrites: 0 });
});

test("a bad X-Emulator-Indexing-* header is a Batch 400 naming the header", async () => {
  const api = v2For(emulator());
  await api.create({ name: "bad_header", type: "custom_ids" });
  for (const [header, value] of [
    ["X-Emulator-Indexing-Polls", "-1"],
    ["X-Emulator-Indexing-Polls", "many"],
    ["X-Emulator-Indexing-Delay-Ms", "soon"],
  ] as const) {
    const answer = await api.update({ name: "bad_header", ids: adds(["a"]) }, { [header]: value });
    expect(answer.status, `${header}: ${value}`).toBe(400);
    expect(answer.json).toEqual({
      error_code: "MALFORMED_PARAMETER",
      error_message: expect.stringContaining(header),
    });
  }
});

test("the delay runs on the injected clock: IN_PROGRESS until the clock has moved past it", async () => {
  let now = 1_000;
  const emu = await startEmulator({ clock: () => now, indexingDelayMs: 500 });
  try {
    const api = v2For(emu);
    await api.create({ name: "delayed", type: "custom_ids" });
    const view = () => api.view("?name=delayed");
    expect((await view()).json.indexing_state).toBe("IN_PROGRESS");
    now += 499;
    expect((await view()).json.indexing_state).toBe("IN_PROGRESS");
    now += 1;
    expect((await view()).json.indexing_state).toBe("APPLIED");
    emu.setIndexingDelay(0);
    await api.update({ name: "delayed", ids: adds(["a"]) }, { "X-Emulator-Indexing-Delay-Ms": "10" });
    expect((await view()).json.indexing_state).toBe("IN_PROGRESS");
    now += 10;
    expect((await view()).json.indexing_state).toBe("APPLIED");
  } finally {
    await emu.stop();
  }
});

test("options: indexingPolls and holdIndexing at start", async () => {
  const emu = await startEmulator({ indexingPolls: 1, holdIndexing: true });
  try {
    expect(emu.indexing()).toEqual({ delayMs: 0, polls: 1, held: true, heldWrites: 0 });
    const api = v1For(emu, "1.0");
    await api.create("start", { type: "custom_ids" });
    const token = (await api.update("start", { type: "custom_ids", ids: adds(["a"]) })).json.indexing_token;
    expect(await statesOf(() => api.view("start", token), 2)).toEqual(["IN_PROGRESS", "IN_PROGRESS"]);
    emu.releaseIndexing();
    expect((await api.view("start", token)).json.indexing_state).toBe("APPLIED");
    expect(() => emu.setIndexing({ polls: Number.NaN })).toThrow(RangeError);
    await expect(startEmulator({ indexingPolls: -1 })).rejects.toThrow(/polls/);
  } finally {
    await emu.stop();
  }
});
