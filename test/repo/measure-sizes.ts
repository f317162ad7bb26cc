/**
 * Measures the project's size limits: lines per .ts file, and lines per function as the TypeScript
 * compiler sees them (function declarations, methods, constructors, accessors, arrow functions and
 * function expressions; from the line of the function's first token to the line of its last).
 * A `describe(...)` callback is a group of tests, not a function with a job, and is not counted.
 * `npx tsx test/repo/measure-sizes.ts` prints every file and function over the limits.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

export const MAX_FILE_LINES = 300;
export const MAX_FUNCTION_LINES = 80;
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Folders held to the limits (generated/, node_modules/ and dist/ are not). */
export const CHECKED_FOLDERS = ["src", "conformance", "scripts", "bench", "test"];

export interface Oversize {
  file: string;
  /** The function's name (or `<file>` for the file itself). */
  what: string;
  line: number;
  lines: number;
  limit: number;
}

export function tsFiles(folder: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory() && entry.name !== "node_modules") out.push(...tsFiles(full));
    else if (entry.isFile() && /\.(m|c)?tsx?$/.test(entry.name)) out.push(full);
  }
  return out;
}

function nameOf(node: ts.Node, source: ts.SourceFile): string {
  const named = node as { name?: ts.Node };
  if (named.name) return named.name.getText(source);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
    return parent.name.getText(source);
  }
  if (ts.isCallExpression(parent)) return `callback of ${parent.expression.getText(source).slice(0, 40)}`;
  return "(anonymous)";
}

function isDescribeCallback(node: ts.Node, source: ts.SourceFile): boolean {
  const call = node.parent;
  return ts.isCallExpression(call) && /^describe\b/.test(call.expression.getText(source));
}

const isFunction = (node: ts.Node): node is ts.FunctionLikeDeclaration =>
  ts.isFunctionDeclaration(node) ||
  ts.isMethodDeclaration(node) ||
  ts.isConstructorDeclaration(node) ||
  ts.isGetAccessorDeclaration(node) ||
  ts.isSetAccessorDeclaration(node) ||
  ts.isArrowFunction(node) ||
  ts.isFunctionExpression(node);

/** Every limit `file` breaks. */
export function measureFile(file: string): Oversize[] {
  const text = readFileSync(file, "utf8");
  const relative = path.relative(ROOT, file);
  const found: Oversize[] = [];
  const fileLines = text.endsWith("\n") ? text.split("\n").length - 1 : text.split("\n").length;
  if (fileLines > MAX_FILE_LINES) {
    found.push({ file: relative, what: "<file>", line: 1, lines: fileLines, limit: MAX_FILE_LINES });
  }
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line + 1;
  const visit = (node: ts.Node): void => {
    if (isFunction(node) && node.body && !isDescribeCallback(node, source)) {
      const first = lineOf(node.getStart(source));
      const lines = lineOf(node.getEnd()) - first + 1;
      if (lines > MAX_FUNCTION_LINES) {
        found.push({ file: relative, what: nameOf(node, source), line: first, lines, limit: MAX_FUNCTION_LINES });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

export function measureRepository(): Oversize[] {
  return CHECKED_FOLDERS.flatMap((folder) => tsFiles(path.join(ROOT, folder))).flatMap(measureFile);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const o of measureRepository())
    process.stdout.write(`${o.file}:${o.line} ${o.what}: ${o.lines} lines (limit ${o.limit})\n`);
}
