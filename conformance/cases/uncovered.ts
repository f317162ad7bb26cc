/**
 * Documented operation × status pairs that have no case at all, each with the reason. The
 * completeness test accepts a pair listed here instead of a case; keep this list empty if possible
 * (a case with `skipOnMock` / `skipOnReal` is better: it still documents the request).
 */
import type { ApiId } from "../support/spec.js";

export interface Uncovered {
  api: ApiId;
  operationId: string;
  status: number;
  reason: string;
}

export const UNCOVERED: Uncovered[] = [];
