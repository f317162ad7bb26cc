/**
 * "Diverging Batch" profiles: the emulator answers like a Batch that differs from the specs'
 * inferences on chosen points, so the conformance suite's findings (and the client's tolerance) can
 * be proven without Batch. Each profile changes answers after the normal handling, never the state.
 * Profiles are set at start (`divergences`), through the control API, or per request with the header
 * `X-Emulator-Diverge: <name>[,<name>]`.
 */
import { type ApiId, familyOf, type OperationName } from "./api-ids.js";
import type { Reply } from "./call-context.js";

export const DIVERGENCES = {
  "update-201": "1.x update answers 201 (with its token) instead of 202",
  "v1-create-201": "1.0 create answers 201 with an indexing token instead of 200 {}",
  "v1-error-message": 'every 1.x error body is { "message": … } instead of { error_code, error_message }',
  "server-error-code-0": "1.x SERVER_ERROR carries code 0 (as on Batch's other 1.x pages) instead of 1",
  "duplicate-create-409": "2.x create of a name already in use answers 409 instead of 400",
  "unknown-audience-404": "a 2.x update, replace or remove of an unknown audience answers 404 NOT_FOUND instead of 400",
  "v1-dates-with-zone": "1.x view and list dates carry a zone (2018-06-29T13:12:09Z) instead of none",
  "v2-unknown-type": "2.x views and lists report audiences of type EMAIL_ADDRESS (a kind the spec does not list)",
  "retry-after-date": "429 answers carry Retry-After as an HTTP date instead of seconds",
} as const;

export type Divergence = keyof typeof DIVERGENCES;
export const DIVERGENCE_NAMES = Object.keys(DIVERGENCES) as Divergence[];
export const DIVERGE_HEADER = "x-emulator-diverge";

export function isDivergence(value: unknown): value is Divergence {
  return typeof value === "string" && Object.hasOwn(DIVERGENCES, value);
}

/** A list of profile names (an array, or a comma-separated string); throws RangeError naming a bad one. */
export function parseDivergences(value: unknown): Divergence[] {
  const names = typeof value === "string" ? value.split(",") : Array.isArray(value) ? value : undefined;
  if (!names) throw new RangeError("divergences must be a list of profile names");
  return [
    ...new Set(
      names.map((raw) => {
        const name = typeof raw === "string" ? raw.trim() : raw;
        if (!isDivergence(name))
          throw new RangeError(`unknown divergence ${String(raw)} (use ${DIVERGENCE_NAMES.join(", ")})`);
        return name;
      }),
    ),
  ];
}

export interface DivergedReply extends Reply {
  headers: Record<string, string>;
}

type Body = Record<string, unknown>;
const WRITES: ReadonlySet<OperationName> = new Set(["update", "replace", "delete"]);

function withZone(body: Body): Body {
  const zone = (a: Body) => ({
    ...a,
    ...(typeof a.created === "string" ? { created: `${a.created}Z` } : {}),
    ...(typeof a.updated === "string" ? { updated: `${a.updated}Z` } : {}),
  });
  return Array.isArray(body.custom_audiences)
    ? { ...body, custom_audiences: body.custom_audiences.map(zone) }
    : zone(body);
}

function withType(body: Body): Body {
  const typed = (a: Body) => ({ ...a, type: "EMAIL_ADDRESS" });
  return Array.isArray(body.audiences) ? { ...body, audiences: body.audiences.map(typed) } : typed(body);
}

/** The answer a Batch with the `active` divergences would give instead of `reply`. */
export function diverge(
  active: ReadonlySet<Divergence>,
  api: ApiId,
  op: OperationName,
  reply: Reply,
  headers: Record<string, string> = {},
): DivergedReply {
  let { status, body } = reply;
  const out = { ...headers };
  const json = (body ?? {}) as Body;
  const v1 = familyOf(api) === "v1";
  if (active.size === 0) return { status, body, headers: out };
  if (v1 && status === 202 && op === "update" && active.has("update-201")) status = 201;
  if (api === "custom-audience-1.0" && op === "create" && status === 200 && active.has("v1-create-201")) {
    status = 201;
    body = { indexing_token: reply.issuedToken };
  }
  if (v1 && status === 200 && (op === "view" || op === "list") && active.has("v1-dates-with-zone"))
    body = withZone(json);
  if (!v1 && status === 200 && (op === "view" || op === "list") && active.has("v2-unknown-type")) body = withType(json);
  if (
    !v1 &&
    op === "create" &&
    status === 400 &&
    json.error_code === "ENTITY_ALREADY_EXISTS" &&
    active.has("duplicate-create-409")
  )
    status = 409;
  if (
    !v1 &&
    WRITES.has(op) &&
    status === 400 &&
    /: Unknown audience /.test(String(json.error_message)) &&
    active.has("unknown-audience-404")
  ) {
    status = 404;
    body = {
      error_code: "NOT_FOUND",
      error_message: String(json.error_message).replace(/^.*: Unknown audience /, "Audience not found: "),
    };
  }
  if (v1 && status >= 400 && json.error_code === 1 && active.has("server-error-code-0"))
    body = { ...json, error_code: 0 };
  if (v1 && status >= 400 && active.has("v1-error-message"))
    body = { message: String((body as Body).error_message ?? "Error") };
  if (status === 429 && out["Retry-After"] !== undefined && active.has("retry-after-date"))
    out["Retry-After"] = new Date(Date.now() + Number(out["Retry-After"]) * 1000).toUTCString();
  return { status, body, headers: out };
}
