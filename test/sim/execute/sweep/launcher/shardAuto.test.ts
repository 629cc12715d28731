import { describe, expect, it } from "vitest";
import { UserError } from "../../../../../src/errors.ts";
import { autoShard } from "../../../../../sim/execute/sweep/launcher/shardAuto.ts";

describe("autoShard", () => {
  it("reads a Slurm array's task of its count, counted from the array's first task", () => {
    expect(autoShard({ SLURM_ARRAY_TASK_ID: "2", SLURM_ARRAY_TASK_COUNT: "3", SLURM_ARRAY_TASK_MIN: "1" }, undefined)).toEqual({
      shard: { index: 2, count: 3 },
      source: "SLURM_ARRAY_TASK_ID=2 of SLURM_ARRAY_TASK_COUNT=3 from SLURM_ARRAY_TASK_MIN=1",
    });
    expect(autoShard({ SLURM_ARRAY_TASK_ID: "0", SLURM_ARRAY_TASK_COUNT: "4", SLURM_ARRAY_TASK_MIN: "0" }, undefined).shard).toEqual({ index: 1, count: 4 });
  });

  it("reads a Kubernetes Indexed Job's 0-based JOB_COMPLETION_INDEX of --shards, and asks for --shards without it", () => {
    expect(autoShard({ JOB_COMPLETION_INDEX: "3" }, 4)).toEqual({ shard: { index: 4, count: 4 }, source: "JOB_COMPLETION_INDEX=3 of --shards 4" });
    expect(() => autoShard({ JOB_COMPLETION_INDEX: "3" }, undefined)).toThrow(/add --shards N with N = spec.completions/);
    expect(() => autoShard({ JOB_COMPLETION_INDEX: "4" }, 4)).toThrow(UserError);
  });

  it("reads GitLab's 1-based and CircleCI's and Buildkite's 0-based parallel job variables", () => {
    expect(autoShard({ CI_NODE_INDEX: "1", CI_NODE_TOTAL: "2" }, undefined).shard).toEqual({ index: 1, count: 2 });
    expect(autoShard({ CIRCLE_NODE_INDEX: "1", CIRCLE_NODE_TOTAL: "2" }, undefined).shard).toEqual({ index: 2, count: 2 });
    expect(autoShard({ BUILDKITE_PARALLEL_JOB: "0", BUILDKITE_PARALLEL_JOB_COUNT: "5" }, undefined)).toEqual({
      shard: { index: 1, count: 5 },
      source: "BUILDKITE_PARALLEL_JOB=0 of BUILDKITE_PARALLEL_JOB_COUNT=5",
    });
  });

  it("prefers Slurm's variables, and refuses an environment without any or with a broken one", () => {
    expect(autoShard({ SLURM_ARRAY_TASK_ID: "1", SLURM_ARRAY_TASK_COUNT: "2", JOB_COMPLETION_INDEX: "1" }, 2).source).toMatch(/^SLURM_ARRAY_TASK_ID/);
    expect(() => autoShard({}, undefined)).toThrow(/no shard in the environment: expected SLURM_ARRAY_TASK_ID/);
    expect(() => autoShard({ SLURM_ARRAY_TASK_ID: "x", SLURM_ARRAY_TASK_COUNT: "2" }, undefined)).toThrow(/SLURM_ARRAY_TASK_ID="x" is not a non-negative integer/);
    expect(() => autoShard({ SLURM_ARRAY_TASK_ID: "1" }, undefined)).toThrow(/SLURM_ARRAY_TASK_COUNT is not/);
  });
});
