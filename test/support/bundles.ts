/**
 * Spec-test helpers over the conformance suite's spec index and Ajv (2020-12) validators, so the
 * spec tests and the suite read the bundles and compile schemas the same way.
 */
import type { ValidateFunction } from "ajv/dist/2020.js";
import { type ApiId, getOperation, type Json, loadSpec, type OperationInfo } from "../../conformance/support/spec.js";
import { validatorFor } from "../../conformance/support/validator.js";

export type { ApiId };

/** The parsed bundle of one API. */
export function loadBundle(api: ApiId): Json {
  return loadSpec(api).document;
}

/** Every operation of a bundle, keyed by operationId. */
export function operations(api: ApiId): Map<string, OperationInfo & { operation: Json }> {
  const doc = loadBundle(api);
  return new Map(
    [...loadSpec(api).operations].map(([id, info]) => [
      id,
      { ...info, operation: doc.paths[info.path][info.method] as Json },
    ]),
  );
}

export function operation(api: ApiId, operationId: string): OperationInfo & { operation: Json } {
  const info = getOperation(loadSpec(api), operationId);
  return { ...info, operation: loadBundle(api).paths[info.path][info.method] as Json };
}

/** Follows a local `$ref` chain. */
export function resolve(api: ApiId, node: Json): Json {
  return loadSpec(api).resolve(node);
}

/** Validator for the JSON request body of an operation. */
export function requestBodyValidator(api: ApiId, operationId: string): ValidateFunction {
  const { requestBody } = getOperation(loadSpec(api), operationId);
  if (!requestBody) throw new Error(`${api} ${operationId} has no request body`);
  return validatorFor(loadSpec(api), requestBody.schemaRef);
}

/** Validator for one parameter (declared on the operation or on its path). */
export function parameterValidator(api: ApiId, operationId: string, name: string): ValidateFunction {
  const param = getOperation(loadSpec(api), operationId).parameters.find((p) => p.name === name);
  if (!param) throw new Error(`${api} ${operationId} has no parameter ${name}`);
  return validatorFor(loadSpec(api), param.schemaRef);
}

/** Validator for the JSON response body of an operation at a status. */
export function responseBodyValidator(api: ApiId, operationId: string, status: string): ValidateFunction {
  const response = getOperation(loadSpec(api), operationId).responses.get(status);
  const schemaRef = response?.schemaRefs["application/json"];
  if (!schemaRef) throw new Error(`${api} ${operationId} documents no JSON body for ${status}`);
  return validatorFor(loadSpec(api), schemaRef);
}
