/**
 * `npm run check:package`: build, pack into a temporary folder and run publint (strict) and
 * arethetypeswrong on the tarball, the same checks test/package/pack-install.test.ts makes in
 * `npm test`. Both tools read the tarball only (no registry look-up: `--no-definitely-typed`).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runTool } from "./run-tool.js";

const dir = mkdtempSync(path.join(tmpdir(), "batch-audience-pack-"));
try {
  execFileSync("npm", ["run", "build", "--silent"], { stdio: "inherit" });
  const packed = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", dir], { encoding: "utf8" }));
  const tarball = path.join(dir, packed[0].filename);
  console.log(await runTool("publint", ["run", tarball, "--strict"]));
  console.log(await runTool("attw", [tarball, "--no-definitely-typed"]));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
