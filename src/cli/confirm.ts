/**
 * No surprise writes: a command that deletes an audience or removes / replaces its IDs asks first
 * when it targets a real Batch host, showing the audience, the API and how many IDs it holds.
 * Without a terminal to ask on, it needs --yes. An emulator (--emulator, or a host on this machine)
 * is exempt: its data is disposable.
 */
import { createInterface } from "node:readline/promises";
import { BatchNotFoundError } from "../index.js";
import { UsageError } from "../shared/usage-error.js";
import type { Connected } from "./common-options.js";
import { NotConfirmed } from "./errors-output.js";
import type { CliIo } from "./io.js";
import type { ApiVersion } from "./keys.js";

export interface Destructive {
  /** What is about to happen, e.g. "delete audience", "remove the file's IDs from audience". */
  action: string;
  audience: string;
  api: ApiVersion;
  apiVersion: string;
  yes?: boolean | undefined;
}

export function apiLabel(api: ApiVersion, apiVersion: string): string {
  return api === "2" ? `Audience API ${apiVersion}` : `Custom Audience API ${api}`;
}

async function ask(io: CliIo, question: string): Promise<string> {
  const prompt = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
  // Ctrl-C at the prompt (readline's raw mode turns it into an event) means "no".
  const controller = new AbortController();
  prompt.on("SIGINT", () => controller.abort());
  const stop = io.onInterrupt(() => controller.abort());
  try {
    return await prompt.question(question, { signal: controller.signal });
  } catch {
    io.stderr.write("\n");
    return "";
  } finally {
    stop();
    prompt.close();
  }
}

/** Resolves when the command may go on; throws UsageError (no terminal, no --yes) or NotConfirmed. */
export async function confirmDestructive(io: CliIo, target: Connected, what: Destructive): Promise<void> {
  if (what.yes || target.local) return;
  const host = new URL(target.baseUrl).host;
  const where = `audience "${what.audience}" (${apiLabel(what.api, what.apiVersion)} at ${host})`;
  if (!io.stdin.isTTY || !io.stderr.isTTY) {
    throw new UsageError(`${what.action} ${where}: add --yes to confirm (there is no terminal to ask on)`);
  }
  let size: string;
  try {
    const audience = await target.api.get(what.audience);
    size = typeof audience.nb_ids === "number" ? audience.nb_ids.toLocaleString("en-US") : "an unknown number of";
  } catch (error) {
    // Nothing to lose: the command itself will create the audience or report that it is missing.
    if (error instanceof BatchNotFoundError) return;
    throw error;
  }
  const answer = await ask(io, `${what.action} ${where}, which holds ${size} IDs? [y/N] `);
  if (!/^y(es)?$/i.test(answer.trim())) throw new NotConfirmed(`not confirmed: nothing was changed in ${where}`);
}
