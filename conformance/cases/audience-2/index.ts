/** Every hand-written case of the API, in operation order. */
import type { ConformanceCase } from "../types.js";
import { createCases } from "./create.js";
import { inferredCases } from "./inferred.js";
import { listCases, viewCases } from "./read.js";
import { removeCases } from "./remove.js";
import { replaceCases } from "./replace.js";
import { updateCases } from "./update.js";

export const cases: ConformanceCase[] = [
  ...createCases,
  ...updateCases,
  ...replaceCases,
  ...removeCases,
  ...viewCases,
  ...listCases,
  ...inferredCases,
];
