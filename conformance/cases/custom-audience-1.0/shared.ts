/** Custom Audience API 1.0 cases: the request builders and payloads its case files share. */
import type { paths } from "../../../generated/custom-audience-1.0/schema.js";
import { requestsFor } from "../typed.js";
import type { CaseContext } from "../types.js";

export const api = "custom-audience-1.0" as const;
export const req = requestsFor<paths>();
export const LIST = "/1.0/{apiKey}/custom-audience" as const;
export const ONE = "/1.0/{apiKey}/custom-audience/{audienceName}" as const;
export const named = (audienceName: string) => ({ pathParams: { audienceName } });

export const create = (ctx: CaseContext, type: "custom_ids" | "advertising_ids" = "custom_ids") =>
  req({ path: ONE, method: "post", ...named(ctx.name), body: { type, description: "Conformance suite audience" } });
export const created = (ctx: CaseContext) => [create(ctx)];
export const ROUTE_NOT_FOUND_ON_CREATE =
  "Batch lists ROUTE_NOT_FOUND for create, but nothing sent to the create route is documented to provoke it; the emulator answers it on request (fault 404)";
