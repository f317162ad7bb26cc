/** Every hand-written case, per API. */
import type { ApiId } from "../support/spec.js";
import { cases as audience2 } from "./audience-2/index.js";
import { cases as customAudience10 } from "./custom-audience-1.0/index.js";
import { cases as customAudience11 } from "./custom-audience-1.1/index.js";
import type { ConformanceCase } from "./types.js";

const CASES: Record<ApiId, ConformanceCase[]> = {
  "custom-audience-1.0": customAudience10,
  "custom-audience-1.1": customAudience11,
  "audience-2": audience2,
};

export function casesFor(api: ApiId): ConformanceCase[] {
  return CASES[api];
}
