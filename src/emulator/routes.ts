/** Maps a method and path onto one operation of one API, at Batch's real paths. */
import { type ApiId, type Family, isV2Version, type OperationName } from "./api-ids.js";

export type Route =
  | { kind: "api"; api: ApiId; op: OperationName; appKey: string | undefined; pathName: string | undefined }
  | { kind: "control"; path: string }
  | { kind: "miss"; family: Family };

const V1_APIS: Record<string, ApiId> = { "1.0": "custom-audience-1.0", "1.1": "custom-audience-1.1" };
const V1_NAME_METHODS: Record<string, OperationName> = {
  POST: "create",
  PATCH: "update",
  PUT: "replace",
  DELETE: "delete",
  GET: "view",
};
const V2_OPERATIONS: Record<string, [method: string, op: OperationName]> = {
  create: ["POST", "create"],
  update: ["POST", "update"],
  replace: ["POST", "replace"],
  remove: ["POST", "delete"],
  view: ["GET", "view"],
  list: ["GET", "list"],
};
export const CONTROL_PREFIX = "/_emulator/";

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export function matchRoute(method: string, pathname: string): Route {
  if (pathname.startsWith(CONTROL_PREFIX)) return { kind: "control", path: pathname.slice(CONTROL_PREFIX.length) };
  const segments = pathname.split("/");
  const first = segments[1] ?? "";
  const v1Api = V1_APIS[first];
  if (v1Api) {
    const appKey = decodeSegment(segments[2] ?? "");
    if (!appKey || segments[3] !== "custom-audience") return { kind: "miss", family: "v1" };
    if (segments.length === 4) {
      return method === "GET"
        ? { kind: "api", api: v1Api, op: "list", appKey, pathName: undefined }
        : { kind: "miss", family: "v1" };
    }
    if (segments.length !== 5 || segments[4] === "") return { kind: "miss", family: "v1" };
    const op = V1_NAME_METHODS[method];
    if (!op || (op === "replace" && v1Api === "custom-audience-1.0")) return { kind: "miss", family: "v1" };
    // An undecodable name is kept as is; the name check then rejects it as malformed.
    const pathName = decodeSegment(segments[4]!) ?? segments[4]!;
    return { kind: "api", api: v1Api, op, appKey, pathName };
  }
  if (isV2Version(first) && segments.length === 4 && segments[2] === "audiences") {
    const entry = V2_OPERATIONS[segments[3]!];
    if (entry && entry[0] === method)
      return { kind: "api", api: "audience-2", op: entry[1], appKey: undefined, pathName: undefined };
  }
  return { kind: "miss", family: first.startsWith("1.") ? "v1" : "v2" };
}
