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

function list(items: readonly string[], conjunction = "and"): string {
  return items.length < 2 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} ${conjunction} ${items.at(-1)}`;
}

function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const end = flat.search(/\.(\s|$)/);
  return end < 0 ? flat : flat.slice(0, end);
}

/** `[a-z0-9_]{1,30}` → "1-30 characters from a-z, 0-9 and _"; undefined when not that form. */
function runInWords(source: string): string | undefined {
  const run = /^\[([^\]]+)\]\{(\d+),(\d+)\}$/.exec(source);
  const members = run ? classMembers(run[1]!) : undefined;
  return run && members ? `${run[2]}-${run[3]} characters from ${list(members)}` : undefined;
}

/** `date\([a-z]{1,3}\)` → { wrapper: "date", inner: "1-3 characters from a-z" }. */
function wrappedRun(source: string): { wrapper: string; inner: string } | undefined {
  const wrapped = /^([a-z]+)\\\((\[[^\]]+\]\{\d+,\d+\})\\\)$/.exec(source);
  const inner = wrapped ? runInWords(wrapped[2]!) : undefined;
  return wrapped && inner ? { wrapper: wrapped[1]!, inner } : undefined;
}

/** Alternatives in words: a run, optionally inside wrappers (`x`, `date(x)`, `url(x)`), or each one. */
function alternativesInWords(alternatives: readonly string[]): string | undefined {
  const [first, ...rest] = alternatives;
  const plain = first === undefined ? undefined : runInWords(first);
  if (!plain) return undefined;
  if (rest.length === 0) return plain;
  const wrappers = rest.map(wrappedRun);
  if (!wrappers.every((w) => w?.inner === plain)) return undefined;
  return `${plain}, optionally inside ${list(
    wrappers.map((w) => `${w!.wrapper}(…)`),
    "or",
  )}`;
}

export function patternInWords(pattern: string, description?: unknown): string {
  const body = /^\^(?:\(\?:(.*)\)|(.*))\$$/.exec(pattern);
  const words = body ? alternativesInWords((body[1] ?? body[2]!).split("|")) : undefined;
  if (words) return `must be ${words}`;
  const why = typeof description === "string" && description.trim() !== "" ? ` (${firstSentence(description)})` : "";
  return `must match ${pattern}${why}`;
}
