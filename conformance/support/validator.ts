/**
 * JSON Schema 2020-12 validation (the dialect of OpenAPI 3.1) of bodies against pieces of a bundled
 * spec, with Ajv, independently of Prism's own (draft-07) validator.
 */
import Ajv2020Module, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { SpecIndex } from "./spec.js";

// ajv and ajv-formats are CommonJS with a `default` export property; NodeNext types them that way.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;
type Ajv = InstanceType<typeof Ajv2020>;

const ajvs = new WeakMap<SpecIndex, Ajv>();
const compiled = new WeakMap<SpecIndex, Map<string, ValidateFunction>>();

function ajvFor(index: SpecIndex): Ajv {
  let ajv = ajvs.get(index);
  if (!ajv) {
    // strict: false because OpenAPI adds keywords (example, x-batch-source…) that JSON Schema lacks.
    ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    addFormats(ajv);
    ajv.addSchema({ ...index.document, $id: "bundle" });
    ajvs.set(index, ajv);
  }
  return ajv;
}

/** A validator for the schema at `schemaRef` (a `bundle#/…` pointer from the spec index). */
export function validatorFor(index: SpecIndex, schemaRef: string): ValidateFunction {
  let perIndex = compiled.get(index);
  if (!perIndex) {
    perIndex = new Map();
    compiled.set(index, perIndex);
  }
  let validate = perIndex.get(schemaRef);
  if (!validate) {
    validate = ajvFor(index).compile({ $ref: schemaRef });
    perIndex.set(schemaRef, validate);
  }
  return validate;
}

/** Validate and return readable error lines (empty when valid). */
export function validate(index: SpecIndex, schemaRef: string, value: unknown): string[] {
  const check = validatorFor(index, schemaRef);
  return check(value) ? [] : formatErrors(check.errors ?? []);
}

export function formatErrors(errors: ErrorObject[]): string[] {
  return errors.map((e) => `${e.instancePath || "(root)"} ${e.message ?? "is invalid"}${paramsText(e)}`);
}

function paramsText(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  if ("allowedValues" in p) return ` (${JSON.stringify(p.allowedValues)})`;
  if ("additionalProperty" in p) return ` (${String(p.additionalProperty)})`;
  return "";
}
