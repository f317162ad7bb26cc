/**
 * Turns any failure into one readable line (plus the Batch error name and code when Batch sent
 * them) and an exit code. Messages come from the client, which has already redacted every key.
 */
import { BatchApiError, BatchError, BatchValidationError } from "../client/errors.js";
import { EXIT_FAILURE, EXIT_USAGE, UsageError } from "./usage-error.js";

export interface ErrorReport {
  exitCode: number;
  line: string;
  json: Record<string, unknown>;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

export function describeError(error: unknown): ErrorReport {
  if (error instanceof UsageError) {
    return {
      exitCode: EXIT_USAGE,
      line: `usage error: ${oneLine(error.message)}`,
      json: { kind: "usage", message: error.message },
    };
  }
  if (error instanceof BatchApiError) {
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
  if (error instanceof BatchValidationError) {
    return {
      exitCode: EXIT_FAILURE,
      line: `invalid ${error.field}: ${error.rule} (got ${error.value}) [${error.name}]`,
      json: { kind: error.kind, message: error.message, field: error.field, rule: error.rule },
    };
  }
  if (error instanceof BatchError) {
    return {
      exitCode: EXIT_FAILURE,
      line: `${oneLine(error.message)} [${error.name}]`,
      json: { kind: error.kind, message: error.message },
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { exitCode: EXIT_FAILURE, line: oneLine(message), json: { kind: "error", message } };
}
