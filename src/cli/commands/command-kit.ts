/** What the audience commands share: option helpers, --attribute and --ids-json parsing, --wait. */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { UsageError } from "../../shared/usage-error.js";
import type { AudienceApi } from "../api-adapter.js";
import type { CommonOptions } from "../common-options.js";
import { fileProblem } from "../file-checks.js";
import { cellValue, typedName } from "../sync/columns.js";

export type Run = (code: Promise<number>) => Promise<void>;

export interface NameOptions extends CommonOptions {
  name: string;
  wait?: boolean;
  waitTimeout: string;
  yes?: boolean;
}

export const collect = (value: string, previous: string[]) => [...previous, value];

export function withName(command: Command): Command {
  return command.requiredOption("--name <audience>", "audience name (A-Z a-z 0-9 _ -, at most 255)");
}

export function withWait(command: Command): Command {
  return command
    .option("--wait", "wait until Batch has indexed the write")
    .option("--wait-timeout <seconds>", "give up waiting after this long", "120");
}

export function example(command: Command, lines: string[]): Command {
  return command.addHelpText("after", `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`);
}

export async function waitIfAsked(
  options: NameOptions,
  api: AudienceApi,
  token: string | undefined,
): Promise<string | undefined> {
  if (!options.wait || token === undefined) return undefined;
  const seconds = Number(options.waitTimeout);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new UsageError(`--wait-timeout must be a positive number of seconds`);
  const outcome = await api.waitForIndexing(options.name, token, { deadlineMs: seconds * 1000 });
  return String(outcome.state);
}

/** `name=value`, `name:number=3`, `name:array=a|b`: the same typing as CSV headers. */
export function parseAttributes(flags: readonly string[]): Record<string, unknown> | undefined {
  if (flags.length === 0) return undefined;
  const attributes: Record<string, unknown> = {};
  for (const flag of flags) {
    const at = flag.indexOf("=");
    if (at <= 0) throw new UsageError(`--attribute expects name=value, got "${flag}"`);
    const typed = typedName(flag.slice(0, at));
    if ("problem" in typed) throw new UsageError(`--attribute ${typed.problem}`);
    const value = cellValue(flag.slice(at + 1), typed.kind);
    if (value === undefined) throw new UsageError(`--attribute ${flag}: not a number`);
    attributes[typed.name] = value;
  }
  return attributes;
}

export function readIdsJson(raw: string | undefined): unknown[] | undefined {
  if (raw === undefined) return undefined;
  let text = raw;
  if (raw.startsWith("@")) {
    try {
      text = readFileSync(raw.slice(1), "utf8");
    } catch (error) {
      throw fileProblem("--ids-json", raw, error);
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError("--ids-json is not valid JSON");
  }
  if (!Array.isArray(value)) throw new UsageError("--ids-json must be a JSON array");
  return value;
}
