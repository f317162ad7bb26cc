/** Command-line options of `npm run conformance` (node:util parseArgs), validated. */
import { parseArgs } from "node:util";
import { DIVERGENCE_NAMES, type Divergence, isV2Version } from "../src/emulator/index.js";
import { UsageError } from "../src/shared/usage-error.js";
import { DEFAULT_PER_OPERATION, DEFAULT_SEED } from "./support/generated.js";
import { PRISM_INSTALL_LINE } from "./support/prism-bin.js";
import { API_IDS, type ApiId } from "./support/spec.js";
import { DEFAULT_V2_VERSION, LIVE_CONFIRM_FLAG } from "./targets/live.js";
import { PROXY_CHOICES, type ProxyChoice } from "./targets/proxy.js";

export type TargetName = "mock" | "emulator" | "live" | "url";
export const TARGETS: readonly TargetName[] = ["mock", "emulator", "live", "url"];

/** Targets that keep state: the stateful sequences run on them, `Prefer` is never sent. */
export function isStateful(target: TargetName): boolean {
  return target !== "mock";
}

export interface Options {
  help: boolean;
  target: TargetName;
  apis: ApiId[];
  urls: Partial<Record<ApiId, string>>;
  reportDir?: string;
  confirmed: boolean;
  seed: number;
  generatedPerOperation: number;
  concurrency: number;
  v2Version: string;
  /** How long a sequence polls (APPLIED, an async create or delete); the target's default when unset. */
  pollDeadlineMs?: number;
  /** Stand-in for https://api.batch.com (tests of the live chain only). */
  liveHost?: string;
  /** A contradicted inferred point (a finding) fails the run too. */
  strict: boolean;
  /** Write every exchange, keys redacted, as a HAR 1.2 file here. */
  recordFile?: string;
  /** --target emulator only: answer like a Batch that differs from the specs' inferences. */
  divergences: Divergence[];
  /** emulator and live: the validating Prism proxy in front (auto: when Prism is installed). */
  proxy: ProxyChoice;
}

export const HELP = `Usage: batch-audience conformance [options]   (in a checkout: npm run conformance -- [options])

Runs every conformance case (hand-written and generated) of the three Batch audience APIs against
a target and reports an operation × status matrix. On stateful targets (emulator, live, url) it
then runs the stateful sequences per API (create → view → update → view until APPLIED → list →
replace → delete → 404; create twice; a paging walk), one matrix row entry per step.
Each check knows whether it tests documented behaviour or an inferred point (a place where the
specs go beyond Batch's pages, see batch-audience inferred): a documented violation is a failure; an
answer that contradicts an inferred point is a finding, reported but not a failure unless --strict.
Runs against emulator, live and url end with an "Inferred points" section: each point confirmed,
contradicted (with redacted evidence and the spec change to make) or not exercised.
Exit code 0 only when nothing failed (and, with --strict, nothing was found).

Targets (--target, or env CONFORMANCE_TARGET; default mock):
  mock      one Prism mock per API on free 127.0.0.1 ports (started and stopped by the run);
            needs Prism: ${PRISM_INSTALL_LINE}
  emulator  the local stateful emulator (src/emulator) on a free 127.0.0.1 port, behind one
            validating prism proxy per API when Prism is installed (the live chain, see
            --proxy), with throw-away keys; no keys or confirmation needed. 403/404/429/500/503
            are produced by the emulator (X-Emulator-Fault).
  live      Batch itself (through one validating prism proxy per API when Prism is installed,
            see --proxy). Needs BATCH_REST_KEY, BATCH_API_KEY (1.x app key), BATCH_PROJECT_KEY
            and ${LIVE_CONFIRM_FLAG}.
            Creates only audiences named with a run-unique prefix and deletes them at the end.
  url       servers already running (staging, an emulator): --url <api>=<base URL> for each API

Options:
  --target <name>          mock | emulator | live | url
  --url <api>=<base URL>   base URL of one API for --target url (repeatable)
  --api <api>              run only this API (repeatable): ${API_IDS.join(", ")}
  --report <dir>           write report.json, junit.xml and report.html into <dir>
  --record <file>          write every request and answer of the run as a HAR 1.2 file, every key
                           redacted (attach it to a bug report)
  --strict                 a contradicted inferred point fails the run
  --proxy <auto|prism|none>
                           emulator and live: put one validating prism proxy per API in front of the
                           server (prism), send straight to it (none), or prism when it is installed
                           (auto, the default). Every answer is checked against the bundles with Ajv
                           either way; the proxy adds its own validation on top.
  --diverge <profile>      with --target emulator: make the emulator answer like a Batch that differs
                           from the specs' inferences (repeatable): ${DIVERGENCE_NAMES.join(", ")}
  ${LIVE_CONFIRM_FLAG}
                           required by --target live (it writes to your Batch project)
  --seed <n>               fast-check seed of the generated cases (default ${DEFAULT_SEED})
  --generated <n>          generated negative cases per operation, 0 for none (default ${DEFAULT_PER_OPERATION})
  --concurrency <n>        cases in flight (default 8 on mock and emulator, 1 on live and url)
  --poll-deadline <s>      how long a sequence waits for APPLIED or an async create/delete
                           (default 5 on emulator, 60 on live and url)
  --v2-version <v>         2.x version in the live base URL: any 2.N (default ${DEFAULT_V2_VERSION})
  --live-host <url>        replace https://api.batch.com (to test the live chain locally)
  -h, --help               show this help
`;

function integer(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new UsageError(`--${name} must be an integer >= ${min}, got "${raw}"`);
  return value;
}

/** Batch's `{version}` server variable is open: any 2.N (the spec's `x-batch-version-pattern`). */
function v2Version(raw: string | undefined): string {
  if (raw === undefined) return DEFAULT_V2_VERSION;
  if (!isV2Version(raw)) throw new UsageError(`--v2-version must look like 2.11 (any 2.N), got "${raw}"`);
  return raw;
}

function divergencesOf(raw: string[] | undefined, target: TargetName): Divergence[] {
  if (!raw || raw.length === 0) return [];
  if (target !== "emulator") throw new UsageError("--diverge only applies to --target emulator");
  const unknown = raw.filter((name) => !(DIVERGENCE_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new UsageError(`unknown --diverge ${unknown.join(", ")} (use ${DIVERGENCE_NAMES.join(", ")})`);
  return [...new Set(raw)] as Divergence[];
}

function proxyOf(raw: string | undefined, target: TargetName): ProxyChoice {
  if (raw === undefined) return "auto";
  if (!(PROXY_CHOICES as readonly string[]).includes(raw))
    throw new UsageError(`unknown --proxy "${raw}" (use ${PROXY_CHOICES.join(", ")})`);
  if (target !== "emulator" && target !== "live")
    throw new UsageError("--proxy only applies to --target emulator and --target live");
  return raw as ProxyChoice;
}

function isApi(value: string): value is ApiId {
  return (API_IDS as readonly string[]).includes(value);
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): Options {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        help: { type: "boolean", short: "h", default: false },
        target: { type: "string" },
        url: { type: "string", multiple: true },
        api: { type: "string", multiple: true },
        report: { type: "string" },
        [LIVE_CONFIRM_FLAG.slice(2)]: { type: "boolean", default: false },
        seed: { type: "string" },
        generated: { type: "string" },
        concurrency: { type: "string" },
        "v2-version": { type: "string" },
        "poll-deadline": { type: "string" },
        "live-host": { type: "string" },
        strict: { type: "boolean", default: false },
        record: { type: "string" },
        diverge: { type: "string", multiple: true },
        proxy: { type: "string" },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const v = parsed.values as Record<string, string | string[] | boolean | undefined>;
  const targetRaw = (v.target as string | undefined) ?? env.CONFORMANCE_TARGET ?? "mock";
  if (!(TARGETS as readonly string[]).includes(targetRaw))
    throw new UsageError(`unknown target "${targetRaw}" (use ${TARGETS.join(", ")})`);
  const target = targetRaw as TargetName;

  const apis = ((v.api as string[] | undefined) ?? [...API_IDS]).map((a) => {
    if (!isApi(a)) throw new UsageError(`unknown API "${a}" (use ${API_IDS.join(", ")})`);
    return a;
  });

  const urls = urlsOf((v.url as string[] | undefined) ?? [], target, apis);

  const options: Options = {
    help: v.help === true,
    target,
    apis,
    urls,
    confirmed: v[LIVE_CONFIRM_FLAG.slice(2)] === true,
    seed: integer("seed", v.seed as string | undefined, DEFAULT_SEED, 0),
    generatedPerOperation: integer("generated", v.generated as string | undefined, DEFAULT_PER_OPERATION, 0),
    concurrency: integer(
      "concurrency",
      v.concurrency as string | undefined,
      target === "mock" || target === "emulator" ? 8 : 1,
      1,
    ),
    v2Version: v2Version(v["v2-version"] as string | undefined),
    strict: v.strict === true,
    divergences: divergencesOf(v.diverge as string[] | undefined, target),
    proxy: proxyOf(v.proxy as string | undefined, target),
  };
  if (typeof v.record === "string") options.recordFile = v.record;
  if (typeof v.report === "string") options.reportDir = v.report;
  if (typeof v["live-host"] === "string") options.liveHost = v["live-host"];
  if (typeof v["poll-deadline"] === "string")
    options.pollDeadlineMs = integer("poll-deadline", v["poll-deadline"], 0, 1) * 1000;
  return options;
}

/** `--url <api>=<base URL>` entries, checked against the target and the selected APIs. */
function urlsOf(entries: string[], target: TargetName, apis: ApiId[]): Partial<Record<ApiId, string>> {
  const urls: Partial<Record<ApiId, string>> = {};
  for (const entry of entries) {
    const at = entry.indexOf("=");
    const api = entry.slice(0, at);
    const url = entry.slice(at + 1);
    if (at < 0 || !isApi(api))
      throw new UsageError(`--url expects <api>=<base URL> with api in ${API_IDS.join(", ")}, got "${entry}"`);
    if (!URL.canParse(url)) throw new UsageError(`--url ${api}: "${url}" is not a URL`);
    urls[api] = url;
  }
  if (target === "url") {
    const missing = apis.filter((a) => !urls[a]);
    if (missing.length > 0)
      throw new UsageError(`--target url needs --url for ${missing.join(", ")} (or --api to run fewer APIs)`);
  } else if (Object.keys(urls).length > 0) {
    throw new UsageError("--url only applies to --target url");
  }
  return urls;
}
