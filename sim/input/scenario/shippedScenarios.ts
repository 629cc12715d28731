import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { UserError } from "../../../src/errors.ts";
import { parseJsonObject } from "../../format/jsonObject.ts";

/**
 * The package's own scenarios and golden files, which ship with it (scenarios/ and
 * golden/ at its root): `scenarioPath("healthy_smoke")` is the absolute path of
 * scenarios/healthy_smoke.toml wherever the package is installed, so that a consumer's
 * test can load it (the README's example) and `goldenPath` its golden file. They are
 * also exported as files: `stream-mixing-sim/scenarios/healthy_smoke.toml`.
 */

/**
 * The package's root: the nearest directory above this module holding a package.json
 * named stream-mixing-sim and a scenarios/ folder. Found by walking up, because this
 * module runs from sim/ (sources), dist/sim/ (the build, whose dist/package.json has
 * the name too) and lib/chunks/ (the published bundle).
 */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && existsSync(join(dir, "scenarios")) && parseJsonObject(readFileSync(manifest, "utf8"))?.name === "stream-mixing-sim") return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`stream-mixing-sim: no package root with scenarios/ above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** The names of the shipped scenarios (their files' names without .toml), sorted. */
export function shippedScenarioNames(): string[] {
  return readdirSync(join(packageRoot(), "scenarios"))
    .filter((file) => file.endsWith(".toml"))
    .map((file) => file.slice(0, -".toml".length))
    .sort();
}

function shippedFile(name: string, folder: string, extension: string): string {
  if (!shippedScenarioNames().includes(name)) {
    throw new UserError(`stream-mixing-sim ships no scenario named ${JSON.stringify(name)}: expected one of ${shippedScenarioNames().join(", ")}`);
  }
  return join(packageRoot(), folder, `${name}${extension}`);
}

/** The absolute path of a shipped scenario's file, `scenarios/<name>.toml`. */
export function scenarioPath(name: string): string {
  return shippedFile(name, "scenarios", ".toml");
}

/** The absolute path of a shipped scenario's golden file, `golden/<name>.jsonl`. */
export function goldenPath(name: string): string {
  return shippedFile(name, "golden", ".jsonl");
}
