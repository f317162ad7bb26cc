/**
 * The emulator's checks of every request body and of the audience name: the validators generated
 * from the bundles (the same path as the client's and the CLI's, src/shared/validation/). A failure
 * becomes Batch's MISSING_PARAMETER (a required field is absent) or MALFORMED_PARAMETER (present but
 * wrong), naming the field. Handlers then read the validated body directly (never copied).
 */
import type { ApiId } from "../../generated/constants.js";
import { checkParameter, checkRequestBody, type ValidationFailure } from "../shared/validation/checks.js";
import { EmulatorRefusal, malformed, missing } from "./errors.js";

export type JsonObject = Record<string, unknown>;

export type V1AudienceType = "custom_ids" | "advertising_ids" | "install_ids";

/** Batch's error for a failure of the spec's rules. */
function refusal(failure: ValidationFailure): EmulatorRefusal {
  return failure.keyword === "required" ? missing(failure.path) : malformed(failure.path || "body", failure.rule);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A body of `operationId`, checked against the API's spec; throws Batch's 400 otherwise. */
function checked<T>(api: ApiId, operationId: string, raw: unknown): T {
  // Not a JSON object at all: Batch calls that a malformed body, not a malformed parameter.
  if (!isObject(raw)) throw new EmulatorRefusal("MALFORMED_JSON_BODY", "The request body must be a JSON object");
  const failure = checkRequestBody(api, operationId, raw);
  if (failure) throw refusal(failure);
  return raw as T;
}

/** An audience name from the path (1.x) or the query (2.x), checked with the spec's parameter schema. */
export function checkAudienceName(api: ApiId, value: unknown, field: string): string {
  const failure = checkParameter(api, "audienceName", value, field);
  if (failure) throw malformed(field, failure.rule);
  return value as string;
}

export interface CreateV1 {
  type: V1AudienceType;
  description?: string;
}

export const checkCreateV1 = (api: ApiId, raw: unknown) => checked<CreateV1>(api, "createAudience", raw);

export interface CreateV2 {
  name: string;
  type: "custom_ids";
  display_name?: string;
}

export const checkCreateV2 = (raw: unknown) => checked<CreateV2>("audience-2", "createAudience", raw);

/** An add or remove item, already checked. */
export interface IdAction {
  action: "add" | "remove";
  id: string;
  attributes?: JsonObject;
  tags?: string[];
}

/** An item of a replace body, already checked. */
export interface ReplaceItem {
  id: string;
  attributes?: JsonObject;
  tags?: string[];
}

export interface UpdateV10 {
  type: "custom_ids" | "advertising_ids";
  ids: IdAction[];
}

export const checkUpdateV10 = (raw: unknown) => checked<UpdateV10>("custom-audience-1.0", "updateAudience", raw);
export const checkUpdateV11 = (raw: unknown) =>
  checked<{ ids: IdAction[] }>("custom-audience-1.1", "updateAudience", raw);
export const checkReplaceV11 = (raw: unknown) =>
  checked<{ ids: ReplaceItem[] }>("custom-audience-1.1", "replaceAudience", raw);
export const checkUpdateV2 = (raw: unknown) =>
  checked<{ name: string; ids: IdAction[] }>("audience-2", "updateAudience", raw);
export const checkReplaceV2 = (raw: unknown) =>
  checked<{ name: string; ids: ReplaceItem[] }>("audience-2", "replaceAudience", raw);
export const checkDeleteV2 = (raw: unknown) => checked<{ name: string }>("audience-2", "deleteAudience", raw);
