import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import { resolvedScenarioSha256 } from "../../execute/run/scenarioHash.ts";
import { fixedWallTime } from "../../execute/run/wallTime.ts";
import type { Scenario } from "../../input/scenario/scenario.ts";
import { fileSha256 } from "../../io/fileSha256.ts";
import { DEFAULT_WANDB_PROJECT } from "../../execute/wandb/wandbLayout.ts";
import { WandbRunWriter } from "../../execute/wandb/wandbRunWriter.ts";

/** One run's written output, digested as its rows are written. */
export interface RunDigester {
  writeRow(row: MetricsRow): void;
  /** Ends the output and gives its digest; call once. */
  digest(): string;
  /** Removes what was written; safe to call at any time, and again. */
  discard(): void;
}

/** Starts the digest of one run's output (the determinism audit starts two; tests inject one that differs). */
export type RunDigest = (scenario: Scenario) => RunDigester;

/**
 * The W&B offline run a run of the scenario writes (wandb/ as `sim run` writes it on the
 * fixed clock), written a row at a time to a temporary directory, and digested as the
 * sha256 of every file's relative path and bytes in path order, each file read a chunk at
 * a time. The determinism audit compares it between its two runs, so that a writer that
 * read the clock or iterated an unordered structure is caught even when the rows agree.
 * The directory is removed by digest or discard.
 */
export const wandbRunDigest: RunDigest = (scenario) => wandbRunDigestIn(tmpdir())(scenario);

/** wandbRunDigest with its temporary directories made in `parent` (a test's own). */
export const wandbRunDigestIn =
  (parent: string): RunDigest =>
  (scenario) => {
    const root = mkdtempSync(join(parent, "sim-audit-wandb-"));
    const dir = join(root, "wandb");
    let writer: WandbRunWriter | undefined;
    const discard = (): void => {
      if (writer !== undefined) {
        const open = writer;
        writer = undefined;
        open.close();
      }
      rmSync(root, { recursive: true, force: true });
    };
    try {
      writer = new WandbRunWriter({
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
    } catch (error) {
      discard();
      throw error;
    }
    return {
      writeRow(row) {
        (writer as WandbRunWriter).writeRow(row);
      },
      digest() {
        try {
          const open = writer as WandbRunWriter;
          writer = undefined;
          try {
            open.finish(0);
          } finally {
            open.close();
          }
          const hash = createHash("sha256");
          const files = readdirSync(dir, { recursive: true, withFileTypes: true })
            .filter((entry) => entry.isFile())
            .map((entry) => join(entry.parentPath, entry.name))
            .sort();
          for (const file of files)
            hash
              .update(relative(dir, file).split(sep).join("/"))
              .update("\0")
              .update(fileSha256(file, { kind: "audit's W&B file" }))
              .update("\0");
          return hash.digest("hex");
        } finally {
          discard();
        }
      },
      discard,
    };
  };
