import type { ExpectationOp } from "../../input/scenario/scenario.ts";

/** `actual op value`, exactly: `==` on floats means equal bits of value, as written. */
export function compareOp(actual: number, op: ExpectationOp, value: number): boolean {
  switch (op) {
    case "==":
      return actual === value;
    case "!=":
      return actual !== value;
    case "<":
      return actual < value;
    case "<=":
      return actual <= value;
    case ">":
      return actual > value;
    case ">=":
      return actual >= value;
  }
}
