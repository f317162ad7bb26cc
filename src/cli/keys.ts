/**
 * Credentials come from the environment or an env file, never from flags (flags end up in shell
 * history and `ps`). Values are only ever handed to the client, which redacts them everywhere.
 */
import { readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import type { ApiId } from "../index.js";
import { DEVELOPMENT_KEYS as DEFAULT_KEYS, KEY_VARIABLES } from "../shared/keys.js";
import { UsageError } from "../shared/usage-error.js";
import { fileProblem } from "./file-checks.js";

/** The `--api` flag's values; everything past the flag speaks ApiId (apiIdOf). */
export type ApiVersion = "1.0" | "1.1" | "2";
export const API_VERSIONS: readonly ApiVersion[] = ["1.0", "1.1", "2"];

const API_IDS_BY_FLAG: Readonly<Record<ApiVersion, ApiId>> = {
  "1.0": "custom-audience-1.0",
  "1.1": "custom-audience-1.1",
  "2": "audience-2",
};

export function apiIdOf(api: ApiVersion): ApiId {
  return API_IDS_BY_FLAG[api];
}

export { KEY_VARIABLES };

export const BASE_URL_VARIABLE = "BATCH_BASE_URL";
export const DEFAULT_BASE_URL = "https://api.batch.com";
export const DEFAULT_EMULATOR_URL = "http://127.0.0.1:4020";

export interface Credentials {
  restKey: string;
  /** 1.x app API key. */
  apiKey?: string | undefined;
  /** 2.x project key. */
  projectKey?: string | undefined;
}

/**
 * The process environment overlaid on the --dotenv file (the environment wins, as with `node --env-file`).
 */
export function readEnvironment(env: NodeJS.ProcessEnv, envFile: string | undefined): NodeJS.ProcessEnv {
  if (envFile === undefined) return env;
  let text: string;
  try {
    text = readFileSync(envFile, "utf8");
  } catch (error) {
    throw fileProblem("--dotenv", envFile, error);
  }
  return { ...parseEnv(text), ...env };
}

function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

/**
 * Picks the keys the API needs. With `--emulator`, missing keys fall back to the emulator's
 * built-in development keys (they are not secrets), so a first sync needs no setup.
 */
export function credentialsFor(api: ApiVersion, env: NodeJS.ProcessEnv, emulator: boolean): Credentials {
  const restKey = present(env[KEY_VARIABLES.restKey]) ?? (emulator ? DEFAULT_KEYS.restKeys[0] : undefined);
  const apiKey = present(env[KEY_VARIABLES.apiKey]) ?? (emulator ? DEFAULT_KEYS.apiKeys[0] : undefined);
  const projectKey = present(env[KEY_VARIABLES.projectKey]) ?? (emulator ? DEFAULT_KEYS.projectKeys[0] : undefined);
  const missing: string[] = [];
  if (restKey === undefined) missing.push(KEY_VARIABLES.restKey);
  if (api === "2" && projectKey === undefined) missing.push(KEY_VARIABLES.projectKey);
  if (api !== "2" && apiKey === undefined) missing.push(KEY_VARIABLES.apiKey);
  if (missing.length > 0) {
    throw new UsageError(
      `missing ${missing.join(" and ")} (set ${missing.length > 1 ? "them" : "it"} in the environment or a --dotenv file; --emulator uses the emulator's development keys)`,
    );
  }
  return { restKey: restKey!, apiKey, projectKey };
}
