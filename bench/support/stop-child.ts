/** Ends a bench child that exits when its stdin closes; SIGKILL if it has not gone after 5 s. */
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";

export async function stopChild(child: ChildProcess): Promise<void> {
  child.stdin!.end();
  const exited = once(child, "exit");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}
