import type { RecordedRun } from "../recordRun.ts";
import { activeSetFollowsTrace } from "./activeSetFollowsTrace.ts";
import { clusterIsReductionOfRanks } from "./clusterReduction.ts";
import type { Invariant, InvariantContext } from "./invariant.ts";
import { ledgerFollowsTrace } from "./ledgerFollowsTrace.ts";
import {
  activeKeysTogether,
  countsAreNaturals,
  falseEvictionsBounded,
  fanOutBounded,
  finiteValues,
  remainingBounds,
  stepsSincePickBounded,
  sumModeMaxBounded,
  wipeCountFollowsCadence,
} from "./rowInvariants.ts";

/** Every invariant, fresh for one run, in the order they are checked (and listed in docs/swarm.md). */
export function modelInvariants(context: InvariantContext): Invariant[] {
  return [
    finiteValues(),
    countsAreNaturals(),
    activeKeysTogether(),
    remainingBounds(),
    stepsSincePickBounded(),
    fanOutBounded(context),
    sumModeMaxBounded(context),
    wipeCountFollowsCadence(context),
    falseEvictionsBounded(context),
    clusterIsReductionOfRanks(),
    activeSetFollowsTrace(context),
    ledgerFollowsTrace(context),
  ];
}

/** The first broken invariant of a recorded run, as `<id>: <what broke, where>`; undefined when all hold at every step. */
export function checkInvariants(run: RecordedRun, context: InvariantContext): string | undefined {
  const invariants = modelInvariants(context);
  for (const step of run.steps) {
    for (const invariant of invariants) {
      const problem = invariant.observe(step);
      if (problem !== undefined) return `${invariant.id}: ${problem}`;
    }
  }
  return undefined;
}
