import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../support/temp.js";
import { MAX_FILE_LINES, MAX_FUNCTION_LINES, measureFile, measureRepository } from "./measure-sizes.js";

describe("size limits (measured with the TypeScript compiler: test/repo/measure-sizes.ts)", () => {
  it(`no .ts file outside generated/ is over ${MAX_FILE_LINES} lines, no function over ${MAX_FUNCTION_LINES}`, () => {
    const report = measureRepository().map((o) => `${o.file}:${o.line} ${o.what}: ${o.lines} lines (limit ${o.limit})`);
    expect(report, "split these by job").toEqual([]);
  });

  it("catches a long file, and long functions, methods and arrow functions (not describe blocks)", () => {
    const body = (n: number) => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join("\n");
    const text = [
      `export function long() {\n${body(79)}\n}`,
      `export function fits() {\n${body(78)}\n}`,
      `export class C {\n  method() {\n${body(79)}\n  }\n}`,
      `export const arrow = () => {\n${body(79)}\n};`,
      `describe("group", () => {\n${body(90)}\n});`,
    ].join("\n");
    const file = path.join(tempDir("size-limits"), "sample.ts");
    writeFileSync(file, `${text}\n`);
    const found = measureFile(file);
    expect(found.map((o) => [o.what, o.lines])).toEqual([
      ["<file>", text.split("\n").length],
      ["long", 81],
      ["method", 81],
      ["arrow", 81],
    ]);
  });
});
