/**
 * Type-level adjustments of the generated `paths` for the `raw` clients: parameters that the client
 * fills in itself (the 1.x app API key in the path, the 2.x `X-Batch-Project` header) are removed
 * from what callers must pass, so a raw call never needs a secret at the call site.
 */

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type ParamLocation = "path" | "header";

/**
 * Rebuilds one `parameters` object without `Name` in `Loc` (typed `?: never`, so passing it fails to
 * compile); a group left empty becomes `?: never`.
 */
type RebuildParameters<Params, Loc extends ParamLocation, Name extends string> = Params extends object
  ? Loc extends keyof Params
    ? [keyof Omit<NonNullable<Params[Loc]>, Name>] extends [never]
      ? Simplify<Omit<Params, Loc> & { [K in Loc]?: never }>
      : Simplify<
          Omit<Params, Loc> & { [K in Loc]: Simplify<Omit<NonNullable<Params[Loc]>, Name> & { [N in Name]?: never }> }
        >
    : Params
  : Params;

type StripFromOperation<Op, Loc extends ParamLocation, Name extends string> = Op extends { parameters: infer Params }
  ? Simplify<Omit<Op, "parameters"> & { parameters: RebuildParameters<Params, Loc, Name> }>
  : Op;

/** `Paths` with parameter `Name` (in `Loc`) removed from every path item and operation. */
export type WithoutParameter<Paths, Loc extends ParamLocation, Name extends string> = {
  [P in keyof Paths]: {
    [M in keyof Paths[P]]: M extends "parameters"
      ? RebuildParameters<Paths[P][M], Loc, Name>
      : StripFromOperation<Paths[P][M], Loc, Name>;
  };
};
