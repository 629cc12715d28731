import { canonicalJson, sha256Hex } from "../run/scenarioHash.ts";
import type { TomlValue } from "../../input/scenario/tomlValue.ts";
import type { SweepPoint } from "./sweepPoint.ts";

/** What of a config makes a sweep what it is: its name, its point, its scenario's hash and its steps. */
export interface SweepIdentityConfig {
  readonly name: string;
  readonly point: SweepPoint;
  readonly scenario_sha256: string;
  readonly steps: number;
}

/**
 * sweep.json's `sweep_sha256`: sha256 of its configs' names, points (as [key, value]
 * pairs, in the sweep's declared key order), scenario hashes and steps. Taken when the
 * sweep is loaded, and again from sweep.json when it is read back, so an edited or cut
 * sweep.json (a config removed, say) no longer matches its own hash.
 */
export function sweepSha256Of(configs: readonly SweepIdentityConfig[]): string {
  return sha256Hex(canonicalJson(configs.map((c) => ({ name: c.name, point: c.point, scenario_sha256: c.scenario_sha256, steps: c.steps }))));
}

/** A manifest config's point as the pairs sweepSha256Of takes (JSON keeps an object's key order). */
export function pointOfManifest(point: Readonly<Record<string, TomlValue>>): SweepPoint {
  return Object.entries(point);
}
