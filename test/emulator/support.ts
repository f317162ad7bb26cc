/** Helpers for the emulator tests: a started emulator and thin per-API callers over fetch. */
import { afterAll, beforeAll } from "vitest";
import { type EmulatorHandle, type EmulatorOptions, startEmulator } from "../../src/emulator/index.js";

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Starts one emulator for the file's tests and stops it afterwards. */
export function useEmulator(options: EmulatorOptions = {}): () => EmulatorHandle {
  let emulator: EmulatorHandle | undefined;
  beforeAll(async () => {
    emulator = await startEmulator(options);
  });
  afterAll(async () => {
    await emulator?.stop();
  });
  return () => {
    if (!emulator) throw new Error("emulator not started");
    return emulator;
  };
}

type Extra = Record<string, string>;

/** Custom Audience 1.0 / 1.1 calls at `base` with the given credentials. */
export function v1(base: string, version: "1.0" | "1.1", restKey: string, appKey: string) {
  const root = `${base}/${version}/${encodeURIComponent(appKey)}/custom-audience`;
  const headers = (extra: Extra = {}) => ({ "X-Authorization": restKey, ...extra });
  const json = (extra: Extra = {}) => headers({ "Content-Type": "application/json", ...extra });
  const named = (name: string) => `${root}/${encodeURIComponent(name)}`;
  return {
    root,
    create: (name: string, body: unknown, extra?: Extra) =>
      call(named(name), { method: "POST", headers: json(extra), body: JSON.stringify(body) }),
    update: (name: string, body: unknown, extra?: Extra) =>
      call(named(name), { method: "PATCH", headers: json(extra), body: JSON.stringify(body) }),
    replace: (name: string, body: unknown, extra?: Extra) =>
      call(named(name), { method: "PUT", headers: json(extra), body: JSON.stringify(body) }),
    remove: (name: string, extra?: Extra) => call(named(name), { method: "DELETE", headers: headers(extra) }),
    view: (name: string, token?: string, extra?: Extra) =>
      call(`${named(name)}${token === undefined ? "" : `?indexing_token=${encodeURIComponent(token)}`}`, {
        headers: headers(extra),
      }),
    list: (query = "", extra?: Extra) => call(`${root}${query}`, { headers: headers(extra) }),
  };
}

/** Audience API 2.x calls at `base` (which includes the version). */
export function v2(base: string, restKey: string, projectKey: string) {
  const headers = (extra: Extra = {}) => ({
    Authorization: `Bearer ${restKey}`,
    "X-Batch-Project": projectKey,
    ...extra,
  });
  const post = (op: string) => (body: unknown, extra?: Extra) =>
    call(`${base}/audiences/${op}`, {
      method: "POST",
      headers: headers({ "Content-Type": "application/json", ...extra }),
      body: JSON.stringify(body),
    });
  return {
    create: post("create"),
    update: post("update"),
    replace: post("replace"),
    remove: post("remove"),
    view: (query: string, extra?: Extra) => call(`${base}/audiences/view${query}`, { headers: headers(extra) }),
    list: (query = "", extra?: Extra) => call(`${base}/audiences/list${query}`, { headers: headers(extra) }),
  };
}

export function v1For(emulator: EmulatorHandle, version: "1.0" | "1.1") {
  return v1(emulator.baseUrl, version, emulator.credentials.restKey, emulator.credentials.apiKey);
}

export function v2For(emulator: EmulatorHandle) {
  return v2(emulator.urls["audience-2"], emulator.credentials.restKey, emulator.credentials.projectKey);
}

/** The `indexing_state` of `count` views in a row (the emulator's polls count each one). */
export async function statesOf(view: () => Promise<Answer>, count: number): Promise<string[]> {
  const states: string[] = [];
  for (let i = 0; i < count; i++) states.push((await view()).json.indexing_state);
  return states;
}

/** Per-request header: the write reports IN_PROGRESS to its first `views` views (clock-free). */
export const pollsFirst = (views: number) => ({ "X-Emulator-Indexing-Polls": String(views) });

export const adds = (ids: string[]) => ids.map((id) => ({ action: "add" as const, id }));
