/**
 * The control surface over HTTP, under `/_emulator/`, for tests and benches that run the emulator
 * in another process. Same operations as the programmatic handle; no credentials (127.0.0.1 only).
 *
 *   GET  /_emulator/stats                        counters (EmulatorStats)
 *   POST /_emulator/stats/reset                  zero the counters
 *   POST /_emulator/reset                        drop every audience and token
 *   GET  /_emulator/faults                       current fault settings
 *   PUT  /_emulator/faults                       replace them (FaultOptions body)
 *   POST /_emulator/faults/rules                 queue rules ({ rules: FaultRule[] })
 *   PUT  /_emulator/indexing-delay               { ms }
 *   GET  /_emulator/indexing                     delay, polls, held, heldWrites
 *   PUT  /_emulator/indexing                     { delayMs?, polls?, hold? } (fields left out stay)
 *   GET  /_emulator/divergences                  the "diverging Batch" profiles in force
 *   PUT  /_emulator/divergences                  { divergences: [names] } (replaces them)
 *   GET  /_emulator/rate-limits                  limits and accepted / limited counts per API
 *   PUT  /_emulator/rate-limits                  replace them (RateLimitOptions body; {} turns them off)
 *   GET  /_emulator/audiences?api=&key=          names and sizes of one namespace
 *   GET  /_emulator/members?api=&key=&name=      every member of one audience (streamed JSON)
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { API_IDS, type ApiId } from "./api-ids.js";
import { DIVERGENCES, type Divergence, parseDivergences } from "./divergences.js";
import type { FaultOptions, FaultRule } from "./faults.js";
import { readBody, sendJson } from "./http-io.js";
import type { IndexingOptions, IndexingSettings } from "./indexing.js";
import type { RateLimitOptions, RateLimitSettings } from "./rate-limit.js";
import type { EmulatorStats } from "./stats.js";
import type { MemberData } from "./store.js";

export interface FaultSettings {
  rates: FaultOptions["rates"];
  operations: FaultOptions["operations"];
  slowMs: number;
  retryAfterSeconds: number;
  pendingRules: number;
}

/** What the control surface drives; implemented by the emulator handle. */
export interface ControlTarget {
  stats(): EmulatorStats;
  resetStats(): void;
  reset(): void;
  faultSettings(): FaultSettings;
  setFaults(options: FaultOptions): void;
  injectFaults(...rules: FaultRule[]): void;
  setIndexingDelay(ms: number): void;
  /** The indexing defaults and whether indexing is held. */
  indexing(): IndexingSettings;
  /** Changes the fields given; `hold: false` releases every held write. RangeError on a bad value. */
  setIndexing(options: IndexingOptions): IndexingSettings;
  /** Later writes stay IN_PROGRESS until `releaseIndexing()` (whatever their delay and polls). */
  holdIndexing(): void;
  /** Ends the hold: held writes follow their delay and polls again (none: APPLIED at once). */
  releaseIndexing(): void;
  /** The "diverging Batch" profiles in force. */
  divergences(): Divergence[];
  /** Replaces them (RangeError on an unknown name). */
  setDivergences(names: readonly Divergence[]): void;
  rateLimits(): RateLimitSettings;
  /** Replaces every limit (APIs left out become unlimited) and refills the buckets. */
  setRateLimits(limits: RateLimitOptions): void;
  audienceNames(api: ApiId, key: string): { name: string; nb_ids: number }[];
  /** The live member Map (no copy): read it, do not change it. */
  membersView(api: ApiId, key: string, name: string): ReadonlyMap<string, MemberData> | undefined;
}

class ControlError extends Error {}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const read = await readBody(req, 1024 * 1024);
  if (read.kind !== "ok") throw new ControlError("body missing or too large");
  if (read.bytes.length === 0) return {};
  try {
    return JSON.parse(read.bytes.toString("utf8")) as unknown;
  } catch {
    throw new ControlError("body is not JSON");
  }
}

function apiParam(url: URL): ApiId {
  const api = url.searchParams.get("api");
  if (!API_IDS.includes(api as ApiId)) throw new ControlError(`api must be one of ${API_IDS.join(", ")}`);
  return api as ApiId;
}

function stringParam(url: URL, name: string): string {
  const value = url.searchParams.get(name);
  if (!value) throw new ControlError(`${name} is required`);
  return value;
}

/** Streams `{ name, nb_ids, members: { id: data } }` in slices, so a million members never form one string. */
function streamMembers(res: ServerResponse, name: string, members: ReadonlyMap<string, MemberData>): void {
  res.writeHead(200, { "Content-Type": "application/json" });
  res.write(`{"name":${JSON.stringify(name)},"nb_ids":${members.size},"members":{`);
  const iterator = members.entries();
  let first = true;
  const pump = (): void => {
    let slice = "";
    for (let i = 0; i < 5_000; i++) {
      const next = iterator.next();
      if (next.done) {
        res.end(`${slice}}}`);
        return;
      }
      slice += `${first ? "" : ","}${JSON.stringify(next.value[0])}:${JSON.stringify(next.value[1])}`;
      first = false;
    }
    if (res.write(slice)) setImmediate(pump);
    else res.once("drain", pump);
  };
  pump();
}

export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  path: string,
  target: ControlTarget,
): Promise<void> {
  const route = `${req.method ?? "GET"} ${path}`;
  try {
    switch (route) {
      case "GET stats":
        return sendJson(res, 200, target.stats());
      case "POST stats/reset":
        target.resetStats();
        return sendJson(res, 200, target.stats());
      case "POST reset":
        await readBody(req);
        target.reset();
        return sendJson(res, 200, {});
      case "GET faults":
        return sendJson(res, 200, target.faultSettings());
      case "PUT faults":
        target.setFaults((await jsonBody(req)) as FaultOptions);
        return sendJson(res, 200, target.faultSettings());
      case "POST faults/rules": {
        const body = (await jsonBody(req)) as { rules?: FaultRule[] };
        if (!Array.isArray(body.rules)) throw new ControlError("rules must be an array");
        target.injectFaults(...body.rules);
        return sendJson(res, 200, target.faultSettings());
      }
      case "PUT indexing-delay": {
        const body = (await jsonBody(req)) as { ms?: unknown };
        if (typeof body.ms !== "number") throw new ControlError("ms must be a number");
        target.setIndexingDelay(body.ms);
        return sendJson(res, 200, { ms: body.ms });
      }
      case "GET indexing":
        return sendJson(res, 200, target.indexing());
      case "PUT indexing": {
        const body = await jsonBody(req);
        if (typeof body !== "object" || body === null || Array.isArray(body))
          throw new ControlError("body must be an object: { delayMs?, polls?, hold? }");
        return sendJson(res, 200, target.setIndexing(body as IndexingOptions));
      }
      case "GET divergences":
        return sendJson(res, 200, { divergences: target.divergences(), available: DIVERGENCES });
      case "PUT divergences": {
        const body = (await jsonBody(req)) as { divergences?: unknown };
        target.setDivergences(parseDivergences(body.divergences ?? []));
        return sendJson(res, 200, { divergences: target.divergences() });
      }
      case "GET rate-limits":
        return sendJson(res, 200, target.rateLimits());
      case "PUT rate-limits":
        target.setRateLimits((await jsonBody(req)) as RateLimitOptions);
        return sendJson(res, 200, target.rateLimits());
      case "GET audiences":
        return sendJson(res, 200, { audiences: target.audienceNames(apiParam(url), stringParam(url, "key")) });
      case "GET members": {
        const name = stringParam(url, "name");
        const members = target.membersView(apiParam(url), stringParam(url, "key"), name);
        if (!members) return sendJson(res, 404, { error: `no audience ${name}` });
        return streamMembers(res, name, members);
      }
      default:
        await readBody(req);
        return sendJson(res, 404, { error: `unknown control route ${route}` });
    }
  } catch (error) {
    if (error instanceof ControlError || error instanceof RangeError)
      return sendJson(res, 400, { error: error.message });
    throw error;
  }
}
