/**
 * Command line of the emulator (`npm run emulator -- --help`). Keys come from flags or, better (no
 * trace in the shell history or `ps`), from environment variables; only their names are printed.
 */
import { parseArgs } from "node:util";
import { UsageError } from "../shared/usage-error.js";
import { API_IDS, type ApiId, DEFAULT_V2_VERSION, isV2Version, type OperationName } from "./api-ids.js";
import { DIVERGENCE_NAMES, DIVERGENCES, parseDivergences } from "./divergences.js";
import type { EmulatorOptions } from "./emulator.js";
import { FAULT_KINDS, type FaultKind, isFaultKind, REFUSAL_FAULT_KINDS } from "./faults.js";
import { DEFAULT_KEYS, type EmulatorKeys } from "./keys.js";
import type { RateLimitOptions } from "./rate-limit.js";

export const DEFAULT_CLI_PORT = 4020;

/** The environment the options are read from (process.env, or a test's). */
export type CliEnv = Readonly<Record<string, string | undefined>>;

export const KEY_ENV = {
  restKeys: "EMULATOR_REST_KEYS",
  apiKeys: "EMULATOR_API_KEYS",
  projectKeys: "EMULATOR_PROJECT_KEYS",
} as const satisfies Record<keyof EmulatorKeys, string>;

const KEY_FLAG = { restKeys: "rest-key", apiKeys: "api-key", projectKeys: "project-key" } as const;

export const HELP = `Usage: npm run emulator -- [options]

Stateful local emulator of Batch's Custom Audience 1.0 / 1.1 and Audience 2.x APIs on 127.0.0.1.

Options:
  --port N                   port to listen on (default ${DEFAULT_CLI_PORT}; 0 picks a free one)
  --rest-key KEY             accepted REST API key (repeatable; env ${KEY_ENV.restKeys}, comma-separated)
  --api-key KEY              accepted 1.x app API key (repeatable; env ${KEY_ENV.apiKeys})
  --project-key KEY          accepted 2.x project key (repeatable; env ${KEY_ENV.projectKeys})
                             "*" accepts any non-empty value. Without keys, the built-in
                             development keys are used: ${DEFAULT_KEYS.restKeys[0]}, ${DEFAULT_KEYS.apiKeys[0]}, ${DEFAULT_KEYS.projectKeys[0]}.
  --indexing-delay-ms N      how long each write stays IN_PROGRESS (default 0)
  --indexing-polls N         how many views of each write report IN_PROGRESS first (default 0)
  --hold-indexing            start with indexing held: writes stay IN_PROGRESS until
                             PUT /_emulator/indexing {"hold": false}
  --fault-rate KIND=RATE     random fault rate 0..1 (repeatable); KIND is one of
                             ${[...REFUSAL_FAULT_KINDS, ...FAULT_KINDS].join(", ")}
  --diverge NAME             answer like a Batch that differs from the specs' inferences
                             (repeatable; env EMULATOR_DIVERGE, comma-separated):
${DIVERGENCE_NAMES.map((name) => `                               ${name.padEnd(22)} ${DIVERGENCES[name]}`).join("\n")}
  --fault-operations LIST    random faults only on these operations (create,update,replace,delete,view,list)
  --slow-ms N                delay of the "slow" fault (default 250)
  --retry-after N            Retry-After seconds of the "429" fault (default 0)
  --rate-limit [API=]RPS[/BURST]
                             per-key token bucket: RPS requests per second, BURST at once
                             (default BURST = RPS); without API= it applies to all three APIs
                             (${API_IDS.join(", ")}); repeatable; off by default
  --rate-limit-retry-after on|off
                             send Retry-After (whole seconds) on the rate limit's 429 (default on)
  --seed N                   seed of fault draws and tokens (default 1)
  --v2-version V             2.x version shown in the printed URL (default ${DEFAULT_V2_VERSION}; every 2.N is served)
  -h, --help                 show this help

Per request: header X-Emulator-Fault: <kind|none>, headers X-Emulator-Indexing-Delay-Ms: N and
X-Emulator-Indexing-Polls: N, header X-Emulator-Diverge: <name>[,<name>].
Control API: http://127.0.0.1:<port>/_emulator/ (stats, faults, reset, members); see src/emulator/README.md.
`;

export interface CliConfig {
  help: boolean;
  options: EmulatorOptions;
  /** Where each kind of key came from, for the start-up banner (never the values). */
  keySources: Record<keyof EmulatorKeys, string>;
}

function number(value: string | undefined, flag: string, fallback: number, integer = false): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (value.trim() === "" || !Number.isFinite(parsed) || parsed < 0 || (integer && !Number.isInteger(parsed))) {
    throw new UsageError(
      `--${flag} needs a ${integer ? "non-negative integer" : "non-negative number"}, got ${JSON.stringify(value)}`,
    );
  }
  return parsed;
}

/** `--rate-limit [API=]RPS[/BURST]` entries (later ones win per API) into `{ rateLimits }`, or nothing. */
function rateLimitOption(
  entries: readonly string[],
  retryAfterFlag: string | undefined,
): { rateLimits?: RateLimitOptions } {
  if (retryAfterFlag !== undefined && retryAfterFlag !== "on" && retryAfterFlag !== "off")
    throw new UsageError(`--rate-limit-retry-after must be on or off, got ${JSON.stringify(retryAfterFlag)}`);
  if (entries.length === 0) return {};
  const rateLimits: RateLimitOptions = {};
  for (const entry of entries) {
    const match = /^(?:([^=]+)=)?([^/=]+)(?:\/([^/=]+))?$/.exec(entry.trim());
    const api = match?.[1];
    if (!match || (api !== undefined && !API_IDS.includes(api as ApiId)))
      throw new UsageError(
        `--rate-limit needs [API=]RPS[/BURST] with API one of ${API_IDS.join(", ")}, got ${JSON.stringify(entry)}`,
      );
    const requestsPerSecond = number(match[2], "rate-limit", Number.NaN);
    if (!(requestsPerSecond > 0)) throw new UsageError("--rate-limit needs a rate above 0 requests per second");
    const burst = match[3] === undefined ? undefined : number(match[3], "rate-limit", Number.NaN);
    if (burst !== undefined && !(burst >= 1)) throw new UsageError("--rate-limit needs a burst of at least 1");
    const limit = {
      requestsPerSecond,
      ...(burst === undefined ? {} : { burst }),
      retryAfter: retryAfterFlag !== "off",
    };
    for (const target of api === undefined ? API_IDS : [api as ApiId]) rateLimits[target] = limit;
  }
  return { rateLimits };
}

const OPERATIONS: readonly OperationName[] = ["create", "update", "replace", "delete", "view", "list"];

/** `--diverge NAME` flags and `EMULATOR_DIVERGE` (comma-separated) into `{ divergences }`, or nothing. */
function divergenceOption(flags: readonly string[], env: CliEnv): Pick<EmulatorOptions, "divergences"> {
  const names = [...flags, ...(env.EMULATOR_DIVERGE ?? "").split(",")].filter((d) => d.trim() !== "");
  try {
    const divergences = parseDivergences(names);
    return divergences.length > 0 ? { divergences } : {};
  } catch (error) {
    throw new UsageError(`--diverge: ${(error as Error).message}`);
  }
}

/** Keys from flags, else from the environment, else the built-in ones; and where each came from. */
function keyOptions(
  values: Partial<Record<(typeof KEY_FLAG)[keyof EmulatorKeys], string[]>>,
  env: CliEnv,
): { keys: Partial<EmulatorKeys>; keySources: Record<keyof EmulatorKeys, string> } {
  const keys: Partial<EmulatorKeys> = {};
  const keySources = {} as Record<keyof EmulatorKeys, string>;
  for (const kind of Object.keys(KEY_ENV) as (keyof EmulatorKeys)[]) {
    const fromFlags = values[KEY_FLAG[kind]] ?? [];
    const fromEnv = (env[KEY_ENV[kind]] ?? "")
      .split(",")
      .map((k) => k.trim())
      .filter(Boolean);
    if (fromFlags.length > 0) {
      keys[kind] = fromFlags;
      keySources[kind] = `${fromFlags.length} from --${KEY_FLAG[kind]}`;
    } else if (fromEnv.length > 0) {
      keys[kind] = fromEnv;
      keySources[kind] = `${fromEnv.length} from $${KEY_ENV[kind]}`;
    } else {
      keySources[kind] = `built-in development key ${DEFAULT_KEYS[kind][0]}`;
    }
  }
  return { keys, keySources };
}

export function parseCli(argv: readonly string[], env: CliEnv): CliConfig {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        "rest-key": { type: "string", multiple: true },
        "api-key": { type: "string", multiple: true },
        "project-key": { type: "string", multiple: true },
        "indexing-delay-ms": { type: "string" },
        "indexing-polls": { type: "string" },
        "hold-indexing": { type: "boolean" },
        "fault-rate": { type: "string", multiple: true },
        "fault-operations": { type: "string" },
        "slow-ms": { type: "string" },
        "retry-after": { type: "string" },
        "rate-limit": { type: "string", multiple: true },
        "rate-limit-retry-after": { type: "string" },
        seed: { type: "string" },
        "v2-version": { type: "string" },
        diverge: { type: "string", multiple: true },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const values = parsed.values;
  const port = number(values.port, "port", DEFAULT_CLI_PORT, true);
  if (port > 65_535) throw new UsageError("--port must be at most 65535");

  const { keys, keySources } = keyOptions(values, env);

  const rates: Partial<Record<FaultKind, number>> = {};
  for (const entry of values["fault-rate"] ?? []) {
    const [kind, rate] = entry.split("=", 2);
    if (!isFaultKind(kind))
      throw new UsageError(`--fault-rate: unknown fault ${JSON.stringify(kind)}; one of ${FAULT_KINDS.join(", ")}`);
    const value = number(rate, "fault-rate", Number.NaN);
    if (!(value <= 1)) throw new UsageError(`--fault-rate ${kind} needs a rate within 0..1`);
    rates[kind] = value;
  }
  let operations: OperationName[] | undefined;
  if (values["fault-operations"] !== undefined) {
    operations = values["fault-operations"].split(",").map((op) => op.trim()) as OperationName[];
    const unknown = operations.filter((op) => !OPERATIONS.includes(op));
    if (unknown.length > 0) throw new UsageError(`--fault-operations: unknown ${unknown.join(", ")}`);
  }
  const v2Version = values["v2-version"] ?? DEFAULT_V2_VERSION;
  if (!isV2Version(v2Version)) throw new UsageError(`--v2-version must look like 2.11 (any 2.N), got "${v2Version}"`);

  return {
    help: values.help === true,
    keySources,
    options: {
      port,
      keys,
      indexingDelayMs: number(values["indexing-delay-ms"], "indexing-delay-ms", 0),
      indexingPolls: number(values["indexing-polls"], "indexing-polls", 0, true),
      holdIndexing: values["hold-indexing"] === true,
      seed: number(values.seed, "seed", 1, true),
      v2Version,
      ...rateLimitOption(values["rate-limit"] ?? [], values["rate-limit-retry-after"]),
      ...divergenceOption(values.diverge ?? [], env),
      faults: {
        rates,
        ...(operations ? { operations } : {}),
        slowMs: number(values["slow-ms"], "slow-ms", 250),
        retryAfterSeconds: number(values["retry-after"], "retry-after", 0, true),
      },
    },
  };
}
