/**
 * Turns any failure into one readable line (plus the Batch error name and code when Batch sent
 * them, and what to do next when we can tell) and an exit code. Messages come from the client,
 * which has already redacted every key.
 */
import { BatchApiError, BatchConnectionError, BatchError, BatchValidationError } from "../index.js";
import { UsageError } from "../shared/usage-error.js";
import { EXIT_FAILURE, EXIT_USAGE } from "./exit-codes.js";

export interface ErrorReport {
  exitCode: number;
  line: string;
  json: Record<string, unknown>;
}

/** The user answered "no" to a confirmation question: nothing was changed. */
export class NotConfirmed extends Error {
  override name = "NotConfirmed";
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_FAIL"]);

function hostOf(error: BatchError): URL | undefined {
  const url = error.operation?.url;
  return url !== undefined && URL.canParse(url) ? new URL(url) : undefined;
}

/** What to try next after a connection failure, from the system error code and the host. */
export function connectionHint(error: BatchConnectionError): string | undefined {
  const url = hostOf(error);
  if (url === undefined) return undefined;
  if (error.code !== undefined && DNS_CODES.has(error.code)) {
    return `cannot resolve ${url.hostname}: check the network connection, or the host given with --base-url or BATCH_BASE_URL`;
  }
  if (error.code === "ECONNREFUSED") {
    if (LOCAL_HOSTS.has(url.hostname)) {
      return `nothing is listening on ${url.host}: start the emulator with \`batch-audience emulator\` (port ${url.port || "80"}), or give --emulator the URL it printed`;
    }
    return `${url.host} refused the connection: check --base-url or BATCH_BASE_URL`;
  }
  return undefined;
}

function apiReport(error: BatchApiError): ErrorReport {
  const code = error.errorCode === undefined ? "" : ` code ${String(error.errorCode)}`;
  const detail = error.errorMessage ? oneLine(error.errorMessage) : `HTTP ${error.status}`;
  const name = error.errorName ?? "no Batch error name";
  return {
    exitCode: EXIT_FAILURE,
    line: `${error.operation?.operationId ?? "request"} failed: ${detail} [HTTP ${error.status} ${name}${code}]`,
    json: {
      kind: error.kind,
      message: error.message,
      status: error.status,
      errorName: error.errorName ?? null,
      errorCode: error.errorCode ?? null,
      operationId: error.operation?.operationId ?? null,
    },
  };
}

export function describeError(error: unknown): ErrorReport {
  if (error instanceof UsageError) {
    return {
      exitCode: EXIT_USAGE,
      line: `usage error: ${oneLine(error.message)}`,
      json: { kind: "usage", message: error.message },
    };
  }
  if (error instanceof NotConfirmed) {
    return { exitCode: EXIT_FAILURE, line: error.message, json: { kind: "not_confirmed", message: error.message } };
  }
  if (error instanceof BatchApiError) return apiReport(error);
  if (error instanceof BatchValidationError) {
    return {
      exitCode: EXIT_FAILURE,
      line: `invalid ${error.field}: ${error.rule} (got ${error.value}) [${error.name}]`,
      json: { kind: error.kind, message: error.message, field: error.field, rule: error.rule },
    };
  }
  if (error instanceof BatchError) {
    const hint = error instanceof BatchConnectionError ? connectionHint(error) : undefined;
    return {
      exitCode: EXIT_FAILURE,
      line: `${oneLine(error.message)} [${error.name}]${hint ? `; ${hint}` : ""}`,
      json: { kind: error.kind, message: error.message, ...(hint ? { hint } : {}) },
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { exitCode: EXIT_FAILURE, line: oneLine(message), json: { kind: "error", message } };
}
