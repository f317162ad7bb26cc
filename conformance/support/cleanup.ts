/**
 * Remembers every audience a run may have created and deletes them at the end, on real targets
 * only. Only names starting with the run's prefix are ever deleted.
 */
import type { CaseRequest } from "../cases/types.js";
import type { Target } from "../targets/types.js";
import { isV2, prepare, type SendOptions, send } from "./http.js";
import type { ApiId } from "./spec.js";

export class AudienceTracker {
  private readonly names = new Map<ApiId, Set<string>>();
  constructor(private readonly runPrefix: string) {}

  /** Record the audience a create request names, if it carries the run prefix. */
  noteCreate(api: ApiId, request: CaseRequest): void {
    const fromBody = (request.body as { name?: unknown } | undefined)?.name;
    const name = isV2(api) ? fromBody : request.pathParams?.audienceName;
    if (typeof name !== "string" || !name.startsWith(this.runPrefix)) return;
    let set = this.names.get(api);
    if (!set) {
      set = new Set();
      this.names.set(api, set);
    }
    set.add(name);
  }

  get size(): number {
    return [...this.names.values()].reduce((n, s) => n + s.size, 0);
  }

  entries(): [ApiId, string][] {
    return [...this.names].flatMap(([api, set]) => [...set].map((name) => [api, name] as [ApiId, string]));
  }
}

export interface CleanupResult {
  attempted: number;
  /** Deleted now, or already absent (404 / 400: the create never took effect). */
  deleted: number;
  /** Names that could not be deleted, with the status (no keys). */
  leftovers: { api: ApiId; name: string; status: number | string }[];
}

function deleteRequest(api: ApiId, name: string): CaseRequest {
  return isV2(api)
    ? { method: "post", path: "/audiences/remove", body: { name } }
    : {
        method: "delete",
        path: `/${api === "custom-audience-1.0" ? "1.0" : "1.1"}/{apiKey}/custom-audience/{audienceName}`,
        pathParams: { audienceName: name },
      };
}

export async function cleanupAudiences(
  target: Target,
  tracker: AudienceTracker,
  recorder?: SendOptions["recorder"],
): Promise<CleanupResult> {
  const result: CleanupResult = { attempted: 0, deleted: 0, leftovers: [] };
  const direct: Target = { ...target, baseUrls: target.cleanupBaseUrls ?? target.baseUrls };
  for (const [api, name] of tracker.entries()) {
    if (!name.startsWith(target.runPrefix)) continue;
    result.attempted++;
    try {
      const observed = await send(prepare(api, deleteRequest(api, name), direct), {
        timeoutMs: 15_000,
        recorder,
        title: `cleanup: delete ${name}`,
      });
      // 404 / 400: the create never happened (invalid case), which is what we want.
      if (observed.status < 300 || observed.status === 404 || observed.status === 400) result.deleted++;
      else result.leftovers.push({ api, name, status: observed.status });
    } catch (error) {
      result.leftovers.push({ api, name, status: error instanceof Error ? error.name : "error" });
    }
  }
  return result;
}
