/** Every hand-written case of the API, in operation order. */
import type { ConformanceCase } from "../types.js";
import { post } from "./create.js";
import { remove } from "./delete.js";
import { inferredCases } from "./inferred.js";
import { get, list } from "./read.js";
import { patch } from "./update.js";

export const cases: ConformanceCase[] = [...list, ...get, ...post, ...patch, ...remove, ...inferredCases];
