/** The audience commands of every API (--api 1.0 | 1.1 | 2): create, view, list, update, replace, delete. */
import type { Command } from "commander";
import type { CliIo } from "../io.js";
import type { Run } from "./command-kit.js";
import { readCommands } from "./read-commands.js";
import { writeCommands } from "./write-commands.js";

export function audienceCommands(io: CliIo, run: Run): Command[] {
  return [...readCommands(io, run), ...writeCommands(io, run)];
}
