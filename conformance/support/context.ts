/** Audience names for one case: unique per run (the target's prefix) and per case (a short hash). */
import { createHash } from "node:crypto";
import type { CaseContext } from "../cases/types.js";

const MAX_NAME = 255;

export function caseContext(runPrefix: string, caseKey: string): CaseContext {
  const hash = createHash("sha256").update(caseKey).digest("hex").slice(0, 10);
  const name = `${runPrefix}_${hash}`;
  return {
    name,
    nameOfLength(length: number) {
      if (length < name.length || length > MAX_NAME)
        throw new Error(`nameOfLength(${length}): must be ${name.length}..${MAX_NAME}`);
      return `${name}_${"x".repeat(MAX_NAME)}`.slice(0, length);
    },
    unknownName: `${name}_never_created`,
  };
}
