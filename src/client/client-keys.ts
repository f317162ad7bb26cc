/**
 * Keys for the client factories: an explicit option wins; otherwise the variable the CLI reads too
 * (BATCH_REST_KEY, BATCH_API_KEY for the 1.x app key, BATCH_PROJECT_KEY for 2.x). A key found
 * nowhere fails before any request, naming the option and the variable to set.
 */

import { KEY_VARIABLES } from "../shared/keys.js";
import { REDACTED } from "../shared/redact.js";
import { BatchValidationError } from "./errors.js";

export type KeyName = keyof typeof KEY_VARIABLES;

function environment(): Readonly<Record<string, string | undefined>> {
  // Guarded: the client may run where there is no `process` (a bundler, an edge runtime).
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
}

/** The key `name` from `options`, else from its environment variable. */
export function keyFrom(options: Partial<Record<KeyName, unknown>>, name: KeyName): string {
  const explicit = options[name];
  if (explicit !== undefined) {
    if (typeof explicit !== "string" || explicit.trim() === "") {
      const shown = typeof explicit === "string" ? REDACTED : String(explicit);
      throw new BatchValidationError(name, shown, "must be a non-empty string");
    }
    return explicit;
  }
  const variable = KEY_VARIABLES[name];
  const value = environment()[variable];
  if (value !== undefined && value.trim() !== "") return value;
  throw new BatchValidationError(name, "undefined", `missing: pass the \`${name}\` option or set ${variable}`);
}
