/**
 * The spec decides: in a copy of the repository, raise the 2.x attribute limit in the hand-written
 * spec (maxProperties 15 → 20), run `npm run generate` there, and nothing else: the client, the
 * emulator and the CLI's header check then accept 20 attributes and refuse 21 on 2.x, while 1.1
 * (spec untouched) still stops at 15.
 */
import { execFileSync } from "node:child_process";
import { cpSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { tempDir } from "../support/temp.js";

const COPIED = [
  "openapi",
  "src",
  "generated",
  "scripts",
  "test/spec/support",
  "package.json",
  "tsconfig.json",
  "redocly.yaml",
];
const ATTRIBUTES_SPEC = "openapi/audience-2/components/schemas/Attributes.yaml";

test("raising maxProperties in the spec to 20 changes client, emulator and CLI after npm run generate", () => {
  const copy = tempDir("batch-spec-change");
  for (const entry of COPIED) cpSync(entry, path.join(copy, entry), { recursive: true });
  symlinkSync(path.resolve("node_modules"), path.join(copy, "node_modules"), "dir");
  const spec = path.join(copy, ATTRIBUTES_SPEC);
  const original = readFileSync(spec, "utf8");
  expect(original).toMatch(/^maxProperties: 15$/m);
  writeFileSync(spec, original.replace(/^maxProperties: 15$/m, "maxProperties: 20"));

  const tsx = path.resolve("node_modules/.bin/tsx");
  execFileSync(tsx, ["scripts/generate.ts"], { cwd: copy, stdio: "pipe" });
  const probe = (limit: number) =>
    JSON.parse(
      execFileSync(tsx, ["test/spec/support/spec-change-probe.ts"], {
        cwd: copy,
        env: { ...process.env, ATTRIBUTES: String(limit) },
        encoding: "utf8",
      }),
    );
  const on2 = probe(20);
  expect(on2.atLimit).toMatchObject({ client2: true, emulator2: true, cli2: true });
  expect(on2.overLimit).toMatchObject({ client2: false, emulator2: false, cli2: false });
  const on11 = probe(15);
  expect(on11.atLimit).toMatchObject({ client11: true, emulator11: true, cli11: true });
  expect(on11.overLimit).toMatchObject({ client11: false, emulator11: false, cli11: false });
  // 1.1 was not touched: 20 attributes stay refused there.
  expect(on2.atLimit).toMatchObject({ client11: false, emulator11: false, cli11: false });
});
