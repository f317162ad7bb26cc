/** Keys never leave the process: every string shown or written goes through `redact`. */
import { createRedactor } from "../../src/shared/redact.js";

export const REDACTED = "<redacted>";

/** Header names whose values are credentials, whatever their value. */
const SECRET_HEADERS = new Set(["authorization", "x-authorization", "x-batch-project"]);

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase());
}

/** Replace every occurrence of each secret (raw and URL-encoded) with a marker, using the client's redactor. */
export function redact(text: string, secrets: readonly string[]): string {
  return createRedactor(secrets, { marker: REDACTED, minLength: 4 }).redact(text);
}
