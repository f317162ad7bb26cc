/**
 * Keeps credentials out of every string the client produces (error messages, URLs, log lines).
 *
 * Batch 1.x puts the app API key in the URL path, and servers sometimes echo request data back in
 * error messages, so redaction is applied to anything that leaves the client, not only to headers.
 */
export const REDACTED = "[REDACTED]";

export interface Redactor {
  /** Replaces every known secret (raw or URL-encoded) in `text`. */
  redact(text: string): string;
  /** Redacts a URL: known secrets, plus the `/1.x/<apiKey>/` path segment even when the key is unknown. */
  redactUrl(url: string): string;
}

const ONE_X_KEY_SEGMENT = /(\/1\.\d+\/)[^/?#]+/g;

export interface RedactorOptions {
  /** What replaces a secret (default `[REDACTED]`). */
  marker?: string;
  /** Secrets shorter than this are left alone: replacing them would mangle unrelated text. */
  minLength?: number;
}

export function createRedactor(secrets: ReadonlyArray<string | undefined>, options: RedactorOptions = {}): Redactor {
  const { marker = REDACTED, minLength = 1 } = options;
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < minLength) continue;
    needles.add(secret);
    needles.add(encodeURIComponent(secret));
  }
  // Longest first, so a secret that contains another secret is replaced whole.
  const ordered = [...needles].sort((a, b) => b.length - a.length);

  function redact(text: string): string {
    let out = text;
    for (const needle of ordered) {
      if (out.includes(needle)) out = out.split(needle).join(marker);
    }
    return out;
  }

  function redactUrl(url: string): string {
    return redact(url).replace(ONE_X_KEY_SEGMENT, `$1${marker}`);
  }

  return { redact, redactUrl };
}

/** Shortens a value for an error message: JSON form, cut to `max` characters. */
export function truncateValue(value: unknown, max = 64): string {
  let text: string;
  try {
    text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
