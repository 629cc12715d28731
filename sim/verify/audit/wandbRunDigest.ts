import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import { resolvedScenarioSha256 } from "../../execute/run/scenarioHash.ts";
import { fixedWallTime } from "../../execute/run/wallTime.ts";
import type { Scenario } from "../../input/scenario/scenario.ts";
import { DEFAULT_WANDB_PROJECT } from "../../analyse/wandb/wandbLayout.ts";
import { WandbRunWriter } from "../../analyse/wandb/wandbRunWriter.ts";

/**
 * The sha256 of the W&B offline run a run of `rows` writes (wandb/ as `sim run` writes it
 * on the fixed clock: every file's relative path and bytes, in path order). The
 * determinism audit compares it between its two runs, so that a writer that read the
 * clock or iterated an unordered structure is caught even when the rows agree. The run
 * is written to a temporary directory, removed before returning.
 */
export function wandbRunDigest(scenario: Scenario, rows: Iterable<MetricsRow>): string {
  const root = mkdtempSync(join(tmpdir(), "sim-audit-wandb-"));
  try {
    const dir = join(root, "wandb");
    const writer = new WandbRunWriter({
      dir,
      project: DEFAULT_WANDB_PROJECT,
      name: scenario.name,
      tags: [scenario.name, ...scenario.expectations.filter((e) => e.signature).map((e) => e.name)],
      resolved: scenario.resolved,
      scenarioSha256: resolvedScenarioSha256(scenario.resolved),
      seed: scenario.model.seed,
      steps: scenario.steps,
      metricsEvery: scenario.metricsEvery,
      firstStep: 1,
      wallTime: fixedWallTime(1),
    });
    try {
      for (const row of rows) writer.writeRow(row);
      writer.finish(0);
    } finally {
      writer.close();
    }
    const hash = createHash("sha256");
    const files = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name))
      .sort();
    for (const file of files) hash.update(relative(dir, file).split(sep).join("/")).update("\0").update(readFileSync(file)).update("\0");
    return hash.digest("hex");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
