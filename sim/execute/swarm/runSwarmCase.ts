import { deriveSwarmCase } from "./deriveSwarmCase.ts";
import { runSwarmChecks } from "./runChecks.ts";
import { scenarioOfDerivedCase } from "./scenarioOfCase.ts";
import { formatSwarmCaseToml, type SwarmCase } from "./swarmCase.ts";
import { SWARM_CHECKS, type SwarmCheckFailure, type SwarmCheckName } from "./swarmCheck.ts";
import { shrinkCase, type StillFails } from "./shrinkCase.ts";

/** A failed run after shrinking: the check, the derived and the minimal case, and why the minimal one fails. */
export interface SwarmFailure {
  readonly runIndex: number;
  readonly check: SwarmCheckName;
  /** The derived case's failure message. */
  readonly message: string;
  /** The minimal case's failure message (the same check). */
  readonly minimalMessage: string;
  readonly derivedToml: string;
  readonly minimal: SwarmCase;
  readonly minimalToml: string;
  readonly shrinkAttempts: number;
}

/** What one run gives back to the swarm (plain data, so that it crosses a worker boundary). */
export interface SwarmCaseResult {
  readonly runIndex: number;
  readonly checks: number;
  readonly failure?: SwarmFailure;
}

/** The checks of a run: all of them, or (for the shrinker's test) a stand-in. */
export type CheckRunner = (scenario: Parameters<StillFails>[0], snapshotStep: number, checks?: readonly SwarmCheckName[]) => SwarmCheckFailure | undefined;

/**
 * Derives run `runIndex` of the swarm seeded `swarmSeed`, checks it, and on a failure
 * shrinks it to the minimal case that still fails the same check (re-running only that
 * check on each candidate).
 */
export function runSwarmCase(swarmSeed: number, runIndex: number, runChecks: CheckRunner = runSwarmChecks): SwarmCaseResult {
  const derived = deriveSwarmCase(swarmSeed, runIndex);
  const failure = runChecks(scenarioOfDerivedCase(derived), derived.snapshotStep);
  if (failure === undefined) return { runIndex, checks: SWARM_CHECKS.length };
  const only = [failure.check];
  const { minimal, attempts } = shrinkCase(derived, (scenario, snapshotStep) => runChecks(scenario, snapshotStep, only) !== undefined);
  const minimalFailure = runChecks(scenarioOfDerivedCase(minimal), minimal.snapshotStep, only);
  return {
    runIndex,
    checks: SWARM_CHECKS.indexOf(failure.check) + 1,
    failure: {
      runIndex,
      check: failure.check,
      message: failure.message,
      minimalMessage: minimalFailure?.message ?? failure.message,
      derivedToml: formatSwarmCaseToml(derived),
      minimal,
      minimalToml: formatSwarmCaseToml(minimal),
      shrinkAttempts: attempts,
    },
  };
}
