/**
 * House style of the hand-written spec trees beyond what Biome's YAML formatter enforces, and the
 * 1.0 / 1.1 files that must stay byte-identical (the trees are self-contained on purpose, so nothing
 * else keeps the shared parts of Batch's 1.x contract from drifting apart).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";

const ROOT = "openapi";

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => path.join(dir, f))
    .sort();
}

const files = yamlFiles(ROOT);

describe("spec YAML style", () => {
  test.each(files)("%s: multi-line text is a literal block (|), never folded (>)", (file) => {
    // Folded scalars join Markdown list items into one line; literal blocks keep them.
    const folded = readFileSync(file, "utf8")
      .split("\n")
      .map((line, i) => [i + 1, line] as const)
      .filter(([, line]) => /:\s*>[-+]?\s*$|^\s*-\s*>[-+]?\s*$/.test(line));
    expect(folded.map(([n, line]) => `${n}: ${line.trim()}`)).toEqual([]);
  });

  test.each(files)("%s: every pattern is a quoted string", (file) => {
    // An unquoted regex can be read as another YAML type or lose characters to YAML's plain-scalar rules.
    // A `pattern:` key inside an `x-batch-inferred` map is a reason (prose), not a regex.
    let reasonsIndent = -1;
    const bare = readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => {
        const indent = line.length - line.trimStart().length;
        if (line.trim() !== "" && indent <= reasonsIndent) reasonsIndent = -1;
        if (/^\s*x-batch-inferred:\s*$/.test(line)) reasonsIndent = indent;
        return reasonsIndent < 0 && /^\s*pattern:\s*[^\s'"]/.test(line);
      });
    expect(bare).toEqual([]);
  });
});

/**
 * Files under custom-audience-1.0/ whose 1.1 twin differs on purpose (the rest are the same
 * contract in both versions and must stay identical).
 */
const DIFFERENT_IN_1_1 = new Set([
  "components/responses/BadRequestOrAlreadyExists.yaml", // ENTITY_ALREADY_EXISTS is documented for 1.1 only
  "components/schemas/AudienceType.yaml", // install_ids instead of custom_ids | advertising_ids
  "components/schemas/UpdateAudienceRequest.yaml", // 1.0 needs `type`; 1.1 adds attributes and tags
  "openapi.yaml", // info, servers and description differ
  "paths/{apiKey}_custom-audience.yaml", // version prefix in the path
  "paths/{apiKey}_custom-audience_{audienceName}.yaml", // 1.1 adds PUT replace
]);

describe("1.0 and 1.1 trees", () => {
  const v10 = path.join(ROOT, "custom-audience-1.0");
  const v11 = path.join(ROOT, "custom-audience-1.1");
  const shared = yamlFiles(v10)
    .map((f) => path.relative(v10, f))
    .filter((f) => readdirSync(path.dirname(path.join(v11, f))).includes(path.basename(f)));

  test("the list of intended differences names only files present in both trees", () => {
    for (const f of DIFFERENT_IN_1_1) expect(shared, f).toContain(f);
  });

  test.each(shared.filter((f) => !DIFFERENT_IN_1_1.has(f)))("%s is byte-identical in 1.0 and 1.1", (file) => {
    const a = readFileSync(path.join(v10, file), "utf8");
    const b = readFileSync(path.join(v11, file), "utf8");
    expect(b, `edit both copies, or list ${file} in DIFFERENT_IN_1_1 with the reason`).toBe(a);
  });
});
