/**
 * Which credentials the emulator accepts. `"*"` in a list accepts any non-empty value. Wrong or
 * missing credentials get 401 AUTHENTICATION_INVALID (1.x code 10, 2.x string code).
 */
import type { IncomingHttpHeaders } from "node:http";
import { DEVELOPMENT_KEYS } from "../shared/keys.js";
import type { ApiId } from "./api-ids.js";
import { EmulatorRefusal } from "./errors.js";

export interface EmulatorKeys {
  /** REST API keys: `X-Authorization` (1.x) or `Authorization: Bearer` (2.x). */
  restKeys: string[];
  /** 1.x app API keys (the `{apiKey}` path segment); each has its own audiences. */
  apiKeys: string[];
  /** 2.x project keys (`X-Batch-Project`); each has its own audiences. */
  projectKeys: string[];
}

/** Development keys used when none are configured. They are not secrets. */
export const DEFAULT_KEYS: Readonly<EmulatorKeys> = DEVELOPMENT_KEYS;

export const ANY_KEY = "*";

export function resolveKeys(keys: Partial<EmulatorKeys> | undefined): EmulatorKeys {
  const pick = (list: string[] | undefined, fallback: readonly string[]): string[] => {
    const cleaned = (list ?? []).map((key) => key.trim()).filter((key) => key.length > 0);
    return cleaned.length > 0 ? cleaned : [...fallback];
  };
  return {
    restKeys: pick(keys?.restKeys, DEFAULT_KEYS.restKeys),
    apiKeys: pick(keys?.apiKeys, DEFAULT_KEYS.apiKeys),
    projectKeys: pick(keys?.projectKeys, DEFAULT_KEYS.projectKeys),
  };
}

function accepts(list: readonly string[], value: string | undefined): value is string {
  return value !== undefined && value.length > 0 && (list.includes(value) || list.includes(ANY_KEY));
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const denied = () =>
  new EmulatorRefusal(
    "AUTHENTICATION_INVALID",
    "Authentication invalid: check the REST API key and the app or project key",
  );

/** Returns the namespace key (app API key or project key) of an authenticated call. */
export function authenticate(
  keys: EmulatorKeys,
  api: ApiId,
  headers: IncomingHttpHeaders,
  appKey: string | undefined,
): string {
  if (api === "audience-2") {
    const bearer = /^Bearer +(.+)$/i.exec(header(headers, "authorization") ?? "")?.[1]?.trim();
    const project = header(headers, "x-batch-project")?.trim();
    if (!accepts(keys.restKeys, bearer) || !accepts(keys.projectKeys, project)) throw denied();
    return project;
  }
  const rest = header(headers, "x-authorization")?.trim();
  if (!accepts(keys.restKeys, rest) || !accepts(keys.apiKeys, appKey)) throw denied();
  return appKey;
}
