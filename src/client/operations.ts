/** Names the operation behind a method + URL, for errors and log lines of raw calls. */

export type OperationId =
  | "createAudience"
  | "updateAudience"
  | "replaceAudience"
  | "deleteAudience"
  | "getAudience"
  | "listAudiences";

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

export function describeCustomAudienceOperation(method: string, url: string): string {
  const path = pathOf(url);
  if (/\/custom-audience\/?$/.test(path)) return method === "GET" ? "listAudiences" : `${method} custom-audience`;
  switch (method) {
    case "GET":
      return "getAudience";
    case "POST":
      return "createAudience";
    case "PATCH":
      return "updateAudience";
    case "PUT":
      return "replaceAudience";
    case "DELETE":
      return "deleteAudience";
    default:
      return `${method} custom-audience`;
  }
}

const AUDIENCE_ACTIONS: Readonly<Record<string, OperationId>> = {
  create: "createAudience",
  update: "updateAudience",
  replace: "replaceAudience",
  remove: "deleteAudience",
  view: "getAudience",
  list: "listAudiences",
};

export function describeAudienceOperation(method: string, url: string): string {
  const action = /\/audiences\/([a-z]+)\/?$/.exec(pathOf(url))?.[1];
  return (action && AUDIENCE_ACTIONS[action]) ?? `${method} ${pathOf(url)}`;
}
