/**
 * Batch error bodies. 1.x uses numeric codes (Custom Audience 1.x error list), 2.x the string codes
 * of the spec's examples; both share the `{ error_code, error_message }` envelope.
 */
import { ONE_X_ERROR_NAMES } from "../../generated/constants.js";
import type { Family } from "./api-ids.js";

export type ErrorKind =
  | "SERVER_ERROR"
  | "MAINTENANCE_ERROR"
  | "AUTHENTICATION_INVALID"
  | "API_MISUSE"
  | "ROUTE_NOT_FOUND"
  | "NOT_FOUND"
  | "MISSING_PARAMETER"
  | "MALFORMED_PARAMETER"
  | "MALFORMED_JSON_BODY"
  | "ENTITY_ALREADY_EXISTS"
  | "TOO_MANY_REQUESTS";

const STATUS: Record<ErrorKind, number> = {
  SERVER_ERROR: 500,
  MAINTENANCE_ERROR: 503,
  AUTHENTICATION_INVALID: 401,
  API_MISUSE: 403,
  ROUTE_NOT_FOUND: 404,
  NOT_FOUND: 404,
  MISSING_PARAMETER: 400,
  MALFORMED_PARAMETER: 400,
  MALFORMED_JSON_BODY: 400,
  ENTITY_ALREADY_EXISTS: 400,
  TOO_MANY_REQUESTS: 429,
};

/** 1.x codes by name, from the 1.x specs' error examples; the highest where a name has two (SERVER_ERROR 0 and 1). */
function oneXCodes(): Record<string, number> {
  const codes: Record<string, number> = {};
  for (const [code, name] of Object.entries(ONE_X_ERROR_NAMES)) codes[name] = Math.max(codes[name] ?? 0, Number(code));
  return codes;
}
const ONE_X_CODES = oneXCodes();
// 1.x has no separate "not found": an unknown audience gets ROUTE_NOT_FOUND (spec, inferred).
const V1_CODE = (kind: ErrorKind): number => ONE_X_CODES[kind === "NOT_FOUND" ? "ROUTE_NOT_FOUND" : kind] ?? 1;

/** A request the emulator refuses; turned into a Batch error response by the server. */
export class EmulatorRefusal extends Error {
  override name = "EmulatorRefusal";
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
  }
  get status(): number {
    return STATUS[this.kind];
  }
}

export interface ErrorBody {
  error_code: number | string;
  error_message: string;
}

export function errorStatus(kind: ErrorKind): number {
  return STATUS[kind];
}

export function errorBody(family: Family, kind: ErrorKind, message: string): ErrorBody {
  return {
    error_code: family === "v1" ? V1_CODE(kind) : kind === "NOT_FOUND" ? "NOT_FOUND" : kind,
    error_message: message,
  };
}

export const missing = (field: string) => new EmulatorRefusal("MISSING_PARAMETER", `Missing parameter: ${field}`);
export const malformed = (field: string, why: string) =>
  new EmulatorRefusal("MALFORMED_PARAMETER", `Malformed parameter: ${field}: ${why}`);
