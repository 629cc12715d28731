import { UserError } from "../../../../src/errors.ts";
import { parseShard, type Shard } from "../../pool/shard.ts";

/** The shard `--shard auto` found, and where: said on the sweep's first line so a log shows which variables were read. */
export interface AutoShard {
  readonly shard: Shard;
  readonly source: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** A variable's value as a non-negative integer, or undefined when unset. */
function intVariable(env: Env, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text.trim() === "") return undefined;
  if (!/^\d+$/.test(text.trim())) throw new UserError(`--shard auto: ${name}=${JSON.stringify(text)} is not a non-negative integer`);
  return Number(text.trim());
}

function shardFrom(index: number, count: number, source: string): AutoShard {
  return { shard: parseShard(`${index}/${count}`, `--shard auto (${source})`), source };
}

/**
 * `--shard auto`: the shard of this process from the engine that started it, tried in
 * this order (the first whose variables are set wins):
 * - a Slurm job array: SLURM_ARRAY_TASK_ID of SLURM_ARRAY_TASK_COUNT, counted from
 *   SLURM_ARRAY_TASK_MIN (an array `--array=0-3` is shards 1..4, as is `1-4`);
 * - a Kubernetes Indexed Job: JOB_COMPLETION_INDEX (0-based) of `--shards n`, since the
 *   pod is not told the Job's completions;
 * - a CI matrix split by the CI itself: GitLab's CI_NODE_INDEX/CI_NODE_TOTAL (1-based),
 *   CircleCI's CIRCLE_NODE_INDEX/CIRCLE_NODE_TOTAL and Buildkite's
 *   BUILDKITE_PARALLEL_JOB/BUILDKITE_PARALLEL_JOB_COUNT (0-based).
 * None set is bad input naming them all.
 */
export function autoShard(env: Env, shards: number | undefined): AutoShard {
  const slurmId = intVariable(env, "SLURM_ARRAY_TASK_ID");
  if (slurmId !== undefined) {
    const count = intVariable(env, "SLURM_ARRAY_TASK_COUNT");
    if (count === undefined) throw new UserError("--shard auto: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not (Slurm sets both for a job array)");
    const min = intVariable(env, "SLURM_ARRAY_TASK_MIN") ?? 1;
    return shardFrom(slurmId - min + 1, count, `SLURM_ARRAY_TASK_ID=${slurmId} of SLURM_ARRAY_TASK_COUNT=${count} from SLURM_ARRAY_TASK_MIN=${min}`);
  }
  const k8sIndex = intVariable(env, "JOB_COMPLETION_INDEX");
  if (k8sIndex !== undefined) {
    if (shards === undefined)
      throw new UserError(
        "--shard auto: JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job) but the pod is not told the Job's completions: add --shards N with N = spec.completions",
      );
    return shardFrom(k8sIndex + 1, shards, `JOB_COMPLETION_INDEX=${k8sIndex} of --shards ${shards}`);
  }
  const ci: readonly (readonly [string, string, number])[] = [
    ["CI_NODE_INDEX", "CI_NODE_TOTAL", 1],
    ["CIRCLE_NODE_INDEX", "CIRCLE_NODE_TOTAL", 0],
    ["BUILDKITE_PARALLEL_JOB", "BUILDKITE_PARALLEL_JOB_COUNT", 0],
  ];
  for (const [indexName, totalName, base] of ci) {
    const index = intVariable(env, indexName);
    const total = intVariable(env, totalName);
    if (index !== undefined && total !== undefined) return shardFrom(index - base + 1, total, `${indexName}=${index} of ${totalName}=${total}`);
  }
  throw new UserError(
    "--shard auto: no shard in the environment: expected SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT (a Slurm job array), JOB_COMPLETION_INDEX with --shards N (a Kubernetes Indexed Job), CI_NODE_INDEX and CI_NODE_TOTAL (GitLab parallel), CIRCLE_NODE_INDEX and CIRCLE_NODE_TOTAL, or BUILDKITE_PARALLEL_JOB and BUILDKITE_PARALLEL_JOB_COUNT; or give --shard i/n",
  );
}
