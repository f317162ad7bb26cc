/**
 * A spec pattern said in words, for error messages: `^[A-Za-z0-9_-]{1,255}$` reads "1-255
 * characters from A-Z, a-z, 0-9, _ and -". Only the one-character-class form is translated; any
 * other pattern is shown as written, with the first sentence of its schema's description if any.
 */

/** `A-Za-z0-9_-` → ["A-Z", "a-z", "0-9", "_", "-"]; undefined for classes with escapes or negation. */
function classMembers(body: string): string[] | undefined {
  if (body.startsWith("^") || body.includes("\\")) return undefined;
  const members: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const isRange = body[i + 1] === "-" && i + 2 < body.length;
    members.push(isRange ? body.slice(i, i + 3) : body[i]!);
    if (isRange) i += 2;
  }
  return members;
}

function list(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const end = flat.search(/\.(\s|$)/);
  return end < 0 ? flat : flat.slice(0, end);
}

export function patternInWords(pattern: string, description?: unknown): string {
  const simple = /^\^\[([^\]]+)\]\{(\d+),(\d+)\}\$$/.exec(pattern);
  const members = simple ? classMembers(simple[1]!) : undefined;
  if (simple && members) return `must be ${simple[2]}-${simple[3]} characters from ${list(members)}`;
  const why = typeof description === "string" && description.trim() !== "" ? ` (${firstSentence(description)})` : "";
  return `must match ${pattern}${why}`;
}
