/**
 * Files named on the command line (--file, --dotenv, --checkpoint, --ids-json @file): every problem
 * becomes one readable line naming the flag, the path and what to do, and all of them are usage
 * errors (exit 2), whatever Node's error code was.
 */
import { closeSync, fstatSync, openSync } from "node:fs";
import { UsageError } from "../shared/usage-error.js";

const REASONS: Record<string, string> = {
  ENOENT: "no such file",
  EACCES: "permission denied (this user cannot read it)",
  EPERM: "permission denied (this user cannot read it)",
  EISDIR: "is a folder, not a file",
  ENOTDIR: "a part of the path is not a folder",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "the path is too long",
  EMFILE: "too many files open",
  EIO: "input/output error while reading it",
};

export function fileProblem(flag: string, file: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = (code !== undefined && REASONS[code]) || `cannot be read (${code ?? String(error)})`;
  return new UsageError(`${flag} ${file}: ${reason}`);
}

/** Proves the file exists, is a file and can be read, before anything is sent. */
export function checkReadableFile(flag: string, file: string): void {
  try {
    const fd = openSync(file, "r");
    try {
      // Opening a folder for reading succeeds on Linux; reading it would fail later with EISDIR.
      if (fstatSync(fd).isDirectory()) throw Object.assign(new Error("folder"), { code: "EISDIR" });
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw fileProblem(flag, file, error);
  }
}
