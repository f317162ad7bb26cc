/** Keys never leave the process: every string shown or written goes through `redact`. */
export const REDACTED = "<redacted>";

/** Header names whose values are credentials, whatever their value. */
const SECRET_HEADERS = new Set(["authorization", "x-authorization", "x-batch-project"]);

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase());
}

/** Replace every occurrence of each secret (raw and URL-encoded) with a marker. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue; // too short to replace without mangling unrelated text
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join(REDACTED);
  }
  return out;
}
