import { type FileIntegralFloat, integralFloatProblems } from "../../input/scenario/integralFloatProblems.ts";
import type { parseScenarioKeyPath } from "./scenarioKeyPath.ts";

type KeyPath = ReturnType<typeof parseScenarioKeyPath>;

/**
 * The floats with an integral value (`4.0`) that a [sweep] table gives where the scenario
 * schema takes only integers (`"ledger.capacity" = [8, 4.0]`, a group's `cells`, a seed):
 * refused as they are in a scenario file. A point's values reach its scenario as plain
 * numbers, so they are checked here, as written: each float's place in the [sweep] table
 * (`sweep.axes."ledger.capacity"[1]`, or the nested `sweep.axes.ledger.capacity[1]`) is
 * turned into the scenario key it sets. `paths` holds every swept key's parsed path.
 */
export function sweptIntegralFloatProblems(floats: readonly FileIntegralFloat[], paths: ReadonlyMap<string, KeyPath>): string[] {
  const inScenario: FileIntegralFloat[] = [];
  for (const float of floats) {
    const [top, part, ...rest] = float.path;
    if (top !== "sweep") continue;
    if (part === "seeds") inScenario.push({ ...float, path: ["run", "seed"] });
    if (part !== "axes" && part !== "zip") continue;
    for (const [key, keyPath] of paths) {
      // The key as one quoted table key, or as nested tables.
      const writtenAs = key.includes(".") ? [[key], key.split(".")] : [[key]];
      const prefix = writtenAs.find((parts) => parts.every((p, j) => rest[j] === p) && typeof rest[parts.length] === "number");
      if (prefix === undefined) continue;
      inScenario.push({ ...float, path: [...keyPath.map((segment) => ("key" in segment ? segment.key : segment.index)), ...rest.slice(prefix.length + 1)] });
    }
  }
  return inScenario.flatMap((float) => integralFloatProblems([float], () => float.file));
}
