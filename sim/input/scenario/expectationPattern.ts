import { isKeyPattern } from "../../format/keyPattern.ts";
import type { Expectation } from "./scenario.ts";

/**
 * Which of an expectation's keys is a pattern (`metric` first), if any. A pattern on
 * either side matches several keys per step, so the expectation needs `combine` to fold
 * them; without one, neither side may have it.
 */
export function patternFieldOf(expectation: Pick<Expectation, "metric" | "minus">): "metric" | "minus" | undefined {
  if (isKeyPattern(expectation.metric)) return "metric";
  if (expectation.minus !== undefined && isKeyPattern(expectation.minus)) return "minus";
  return undefined;
}
