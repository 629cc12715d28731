import { resolve } from "node:path";
import { WIPE_MODES, type WipeMode } from "../../../src/config/modelConfig.ts";
import { UserError } from "../../../src/errors.ts";
import { EXIT } from "../../exitCodes.ts";
import { formatLedgerReplayReport } from "../../execute/ledgerReplay/formatLedgerReplayReport.ts";
import { ledgerAccessTraceOf } from "../../execute/ledgerReplay/ledgerAccessTrace.ts";
import { ledgerReplayGrid } from "../../execute/ledgerReplay/ledgerReplayGrid.ts";
import { SCENARIO_DEFAULTS } from "../../input/scenario/scenarioDefaults.ts";
import { collectTrace, readTraceItems } from "../../input/trace/parseTrace.ts";
import { atMostLimit, LIMITS, type LimitName } from "../../limits.ts";
import { intOption } from "../commands/intOption.ts";
import type { CliIo } from "../../io/cliIo.ts";
import type { LedgerReplayArgs } from "../commands/ledgerReplay.ts";

/** More values than this in one list is surely a slip: every combination of the lists is one replay. */
const MAX_LIST_VALUES = 64;

/** A comma-separated list of integers >= `min` (and at most `limit`), or undefined when the option is absent. */
function intList(name: string, text: string | undefined, min: number, limit?: LimitName): number[] | undefined {
  if (text === undefined) return undefined;
  const values = String(text)
    .split(",")
    .map((part) => part.trim());
  if (values.length > MAX_LIST_VALUES) throw new UserError(`--${name}: ${values.length} values; give at most ${MAX_LIST_VALUES}`);
  return values.map((part) => {
    const value = Number(part);
    if (part === "" || !Number.isInteger(value) || value < min) throw new UserError(`--${name}: "${part}" is not an integer >= ${min} (give a comma-separated list, e.g. 64,128)`);
    if (limit !== undefined && value > LIMITS[limit]) throw new UserError(`--${name}: ${part}: expected ${atMostLimit(limit)}`);
    return value;
  });
}

/** `sim ledger-replay`: replays a trace's ledger accesses over a grid of settings. */
export async function runLedgerReplay(args: LedgerReplayArgs, io: CliIo): Promise<number> {
  const file = resolve(io.cwd, args.trace);
  const parsed = collectTrace(readTraceItems(file, args.trace), args.trace);
  const own = parsed.header?.ledger;
  const capacities = intList("capacity", args.capacity, 1, "ledgerCapacity") ?? (own ? [own.capacity] : undefined);
  if (capacities === undefined) throw new UserError(`${args.trace} has no run header to take the ledger settings from; give --capacity`);
  const wipeModeTexts = args["wipe-mode"] === undefined ? [own?.wipe_mode ?? "none"] : args["wipe-mode"].split(",").map((m) => m.trim());
  const wipeModes = wipeModeTexts.map((text): WipeMode => {
    const mode = WIPE_MODES.find((known) => known === text);
    if (mode === undefined) throw new UserError(`--wipe-mode: "${text}" is not one of ${WIPE_MODES.join(", ")}`);
    return mode;
  });
  // A trace header's own ring size was checked by parseTrace's schema.
  const ring =
    intOption("recently-evicted-capacity", args["recently-evicted-capacity"], 1, "recentlyEvictedCapacity") ??
    own?.recently_evicted_capacity ??
    SCENARIO_DEFAULTS.ledger.recently_evicted_capacity;
  const report = ledgerReplayGrid(ledgerAccessTraceOf(parsed), {
    capacities,
    staleThresholds: intList("stale-threshold", args["stale-threshold"], 0, "steps") ?? [own?.stale_threshold ?? 0],
    wipeModes,
    wipeIntervals: intList("wipe-interval", args["wipe-interval"], 1, "steps") ?? [own?.wipe_interval ?? 1],
    recentlyEvictedCapacity: ring,
  });
  io.stdout(formatLedgerReplayReport(args.trace, report));
  return EXIT.ok;
}
