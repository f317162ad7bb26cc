/**
 * Options every API command shares, and turning them into a connected client. Keys are never
 * accepted as flags: only environment variables or a --dotenv file.
 */

import { type Command, Option } from "commander";
import { DEFAULT_AUDIENCE_API_VERSION as DEFAULT_V2_VERSION, type Logger } from "../index.js";
import { UsageError } from "../shared/usage-error.js";
import { type AudienceApi, connect } from "./api-adapter.js";
import type { CliIo } from "./io.js";
import {
  API_VERSIONS,
  type ApiVersion,
  BASE_URL_VARIABLE,
  credentialsFor,
  DEFAULT_BASE_URL,
  DEFAULT_EMULATOR_URL,
  KEY_VARIABLES,
  readEnvironment,
} from "./keys.js";

export interface CommonOptions {
  api: ApiVersion;
  /** --dotenv FILE (not --env-file: Node.js 20 takes that flag for itself). */
  dotenv?: string;
  baseUrl?: string;
  emulator?: boolean | string;
  apiVersion: string;
  json?: boolean;
  verbose?: boolean;
}

/** The spec's `{version}` default (generated from the bundle). */
export { DEFAULT_V2_VERSION };

export function addOutputOptions(command: Command): Command {
  return command
    .option("--json", "print the result as JSON on stdout (errors too)")
    .option("--verbose", "log retries and the target (keys are never printed)");
}

export function addConnectionOptions(command: Command, apiRequired = true): Command {
  const api = new Option("--api <version>", "which Batch API: 1.0, 1.1 (Custom Audience) or 2 (Audience API)").choices(
    API_VERSIONS,
  );
  command.addOption(apiRequired ? api.makeOptionMandatory() : api);
  command
    .option(
      "--dotenv <path>",
      `read ${Object.values(KEY_VARIABLES).join(", ")} and ${BASE_URL_VARIABLE} from a dotenv file (the environment wins)`,
    )
    .option(
      "--base-url <url>",
      `API host (default $${BASE_URL_VARIABLE} or ${DEFAULT_BASE_URL}); 2.x adds /<api-version>`,
    )
    .option(
      "--emulator [url]",
      `talk to a local emulator (default ${DEFAULT_EMULATOR_URL}); missing keys fall back to its development keys`,
    )
    .option("--api-version <version>", "Audience API 2.x version in the URL", DEFAULT_V2_VERSION);
  return addOutputOptions(command);
}

export interface Connected {
  api: AudienceApi;
  baseUrl: string;
  env: NodeJS.ProcessEnv;
  /** An emulator (--emulator, or a host on this machine): destructive commands do not ask. */
  local: boolean;
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Adds --yes to a command that deletes or replaces IDs (see confirm.ts). */
export function addConfirmOption(command: Command): Command {
  return command.option("-y, --yes", "do not ask before deleting or replacing IDs (needed when not on a terminal)");
}

function verboseLogger(io: CliIo): Logger {
  // The client redacts every key in `message` before handing the entry over.
  return (entry) => io.stderr.write(`[${entry.level}] ${entry.message}\n`);
}

export function connectWith(
  options: CommonOptions,
  io: CliIo,
  extra: { type10?: string | undefined; logger?: Logger } = {},
): Connected {
  const env = readEnvironment(io.env, options.dotenv);
  const emulator = options.emulator !== undefined && options.emulator !== false;
  const baseUrl =
    typeof options.emulator === "string"
      ? options.emulator
      : emulator
        ? DEFAULT_EMULATOR_URL
        : (options.baseUrl ?? env[BASE_URL_VARIABLE] ?? DEFAULT_BASE_URL);
  if (!URL.canParse(baseUrl)) throw new UsageError(`--base-url "${baseUrl}" is not a URL`);
  if (!/^2\.\d+$/.test(options.apiVersion))
    throw new UsageError(`--api-version must look like 2.11, got "${options.apiVersion}"`);
  const credentials = credentialsFor(options.api, env, emulator);
  const loggers: Logger[] = [];
  if (options.verbose) {
    loggers.push(verboseLogger(io));
    const names =
      options.api === "2"
        ? [KEY_VARIABLES.restKey, KEY_VARIABLES.projectKey]
        : [KEY_VARIABLES.restKey, KEY_VARIABLES.apiKey];
    io.stderr.write(
      `[debug] API ${options.api} at ${baseUrl}${options.api === "2" ? `/${options.apiVersion}` : ""}; keys from ${names.join(", ")} (values not shown)\n`,
    );
  }
  if (extra.logger) loggers.push(extra.logger);
  const api = connect({
    api: options.api,
    credentials,
    baseUrl,
    apiVersion: options.apiVersion,
    type10: extra.type10,
    logger:
      loggers.length === 0
        ? undefined
        : (entry) => {
            for (const log of loggers) log(entry);
          },
  });
  return { api, baseUrl, env, local: emulator || LOCAL_HOSTS.has(new URL(baseUrl).hostname) };
}
