/**
 * Metric key patterns, shared by golden tolerance rules and expectation metrics. A `*`
 * matches any run of characters, `/` included, so `stream_mixing/*` covers every key
 * under that prefix; every other character matches itself.
 */
export function isKeyPattern(text: string): boolean {
  return text.includes("*");
}

/** Whether `key` matches `pattern` as a whole (not a substring of it). */
export function matchesKeyPattern(pattern: string, key: string): boolean {
  return keyPatternRegExp(pattern).test(key);
}

const compiled = new Map<string, RegExp>();

function keyPatternRegExp(pattern: string): RegExp {
  let regExp = compiled.get(pattern);
  if (regExp === undefined) {
    const body = pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*");
    regExp = new RegExp(`^${body}$`, "s");
    compiled.set(pattern, regExp);
  }
  return regExp;
}
