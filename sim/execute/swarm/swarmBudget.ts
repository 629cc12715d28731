/** How long a swarm runs: a number of runs, or a wall-time budget. */
export type SwarmBudget = { readonly runs: number } | { readonly minutes: number };

/** Runs when neither --runs nor --minutes is given. */
export const DEFAULT_SWARM_RUNS = 100;

/** The budget of `--runs` or `--minutes` (which yargs keeps from being given together), else DEFAULT_SWARM_RUNS runs. */
export function swarmBudgetOf(runs: number | undefined, minutes: number | undefined): SwarmBudget {
  return minutes !== undefined ? { minutes } : { runs: runs ?? DEFAULT_SWARM_RUNS };
}
