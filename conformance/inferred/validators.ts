/**
 * Two more views of a bundle for telling documented rules from inferred ones: a verbose validator
 * whose errors point at the very schema node that failed (by identity, so `$ref`s are followed),
 * and a validator of the documented contract alone (every inferred keyword and every wholly
 * inferred schema removed). A value valid under the second but not the first breaks inferred
 * rules only.
 */
import Ajv2020Module, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { kindOf } from "../../src/shared/inferred/extract.js";
import type { Json, SpecIndex } from "../support/spec.js";

const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;
type Ajv = InstanceType<typeof Ajv2020>;

interface Views {
  verbose: Ajv;
  documented: Ajv;
  traced: Ajv;
  compiled: Map<
    string,
    { verbose: ValidateFunction; documented: ValidateFunction | undefined; traced: ValidateFunction }
  >;
}

/** The marked nodes a traced validation applied (Ajv calls `$comment` hooks synchronously). */
let trace: string[] | undefined;

const views = new WeakMap<SpecIndex, Views>();

function newAjv(document: Json, verbose: boolean, traced = false): Ajv {
  // strict: false because OpenAPI adds keywords (example, x-batch-source…) that JSON Schema lacks.
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    validateSchema: false,
    verbose,
    logger: false,
    ...(traced ? { $comment: (comment: string) => void trace?.push(comment) } : {}),
  });
  addFormats(ajv);
  ajv.addSchema({ ...document, $id: "bundle" });
  return ajv;
}

/** The bundle without its inferred rules: `x-batch-inferred` keywords removed, inferred schemas emptied. */
export function documentedOnly(document: Json): Json {
  const copy = structuredClone(document);
  const strip = (node: unknown, segments: string[]) => {
    if (!node || typeof node !== "object") return;
    const json = node as Json;
    for (const keyword of Object.keys((json["x-batch-inferred"] as Json | undefined) ?? {})) delete json[keyword];
    if (json["x-batch-source"] === "inferred" && kindOf(segments) === "schema" && segments[0] === "components") {
      for (const key of Object.keys(json)) if (key !== "description" && !key.startsWith("x-")) delete json[key];
      return;
    }
    for (const [key, child] of Object.entries(json)) if (key !== "x-batch-inferred") strip(child, [...segments, key]);
  };
  strip(copy, []);
  return copy;
}

/** The bundle with each marked schema node tagged `$comment: <its pointer>`, to see which ones a value reaches. */
function tagged(document: Json): Json {
  const copy = structuredClone(document);
  const tag = (node: unknown, pointer: string) => {
    if (!node || typeof node !== "object") return;
    const json = node as Json;
    if (json["x-batch-source"] === "inferred" || json["x-batch-inferred"]) json.$comment = pointer;
    for (const [key, child] of Object.entries(json))
      if (key !== "x-batch-inferred" && key !== "examples")
        tag(child, `${pointer}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`);
  };
  tag(copy, "");
  return copy;
}

function viewsFor(index: SpecIndex): Views {
  let v = views.get(index);
  if (!v) {
    v = {
      verbose: newAjv(index.document, true),
      documented: newAjv(documentedOnly(index.document), false),
      traced: newAjv(tagged(index.document), false, true),
      compiled: new Map(),
    };
    views.set(index, v);
  }
  return v;
}

function compiled(index: SpecIndex, schemaRef: string) {
  const v = viewsFor(index);
  let entry = v.compiled.get(schemaRef);
  if (!entry) {
    let documented: ValidateFunction | undefined;
    try {
      documented = v.documented.compile({ $ref: schemaRef });
    } catch {
      // The reference points inside a wholly inferred schema, which the documented view empties.
      documented = undefined;
    }
    entry = {
      verbose: v.verbose.compile({ $ref: schemaRef }),
      documented,
      traced: v.traced.compile({ $ref: schemaRef }),
    };
    v.compiled.set(schemaRef, entry);
  }
  return entry;
}

/** Ajv errors with `parentSchema` (the failing node of the bundle); empty when valid. */
export function verboseErrors(index: SpecIndex, schemaRef: string, value: unknown): ErrorObject[] {
  const check = compiled(index, schemaRef).verbose;
  return check(value) ? [] : [...(check.errors ?? [])];
}

/** Pointers of the marked schema nodes that validating `value` applied (the inferred parts it exercised). */
export function reachedMarks(index: SpecIndex, schemaRef: string, value: unknown): string[] {
  const check = compiled(index, schemaRef).traced;
  trace = [];
  try {
    check(value);
    return [...new Set(trace)];
  } finally {
    trace = undefined;
  }
}

/** Whether `value` meets the documented contract alone. */
export function validDocumented(index: SpecIndex, schemaRef: string, value: unknown): boolean {
  const check = compiled(index, schemaRef).documented;
  return check ? check(value) === true : true;
}
