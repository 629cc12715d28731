import { WIPE_MODES } from "../../../src/config/modelConfig.ts";
import { SCENARIO_DEFAULTS } from "../../input/scenario/scenarioDefaults.ts";
import { NUMERIC_OPTION } from "./numericOption.ts";
import { declareArgs, type ArgsOf, type CommandDeclaration } from "./simCommand.ts";

const ledgerReplayArgs = declareArgs({
  positionals: {
    trace: { type: "string", demandOption: true, describe: "trace.jsonl of `sim run --trace`, or {step,rank,gid} lines" },
  },
  options: {
    capacity: { type: "string", requiresArg: true, describe: "comma-separated capacities (default: the trace's own)" },
    "stale-threshold": { type: "string", requiresArg: true, describe: "comma-separated stale thresholds" },
    "wipe-mode": { type: "string", requiresArg: true, describe: `comma-separated wipe modes (${WIPE_MODES.join(", ")})` },
    "wipe-interval": { type: "string", requiresArg: true, describe: "comma-separated wipe intervals" },
    "recently-evicted-capacity": { ...NUMERIC_OPTION, describe: `ring size (default: the trace's own, else ${SCENARIO_DEFAULTS.ledger.recently_evicted_capacity})` },
  },
});
export type LedgerReplayArgs = ArgsOf<typeof ledgerReplayArgs>;

/** `sim ledger-replay <trace>`: a trace's ledger accesses under other settings (the work: actions/ledgerReplay.ts, loaded on use). */
export const ledgerReplayCommand: CommandDeclaration<typeof ledgerReplayArgs> = {
  command: "ledger-replay <trace>",
  describe: "Replay a trace's ledger stores at other capacities and stale settings; report evictions, false evictions and the OPT bound",
  example: ["$0 ledger-replay runs/healthy_smoke/trace.jsonl --capacity 64,128,256", "the traced ledger traffic replayed at three capacities"],
  args: ledgerReplayArgs,
};
