import { WIPE_MODES } from "../../src/config/modelConfig.ts";
import { SCENARIO_DEFAULTS } from "../scenario/scenarioDefaults.ts";
import type { LedgerReplayArgs } from "./actions/ledgerReplay.ts";
import type { SimCommand } from "./simCommand.ts";

/** `sim ledger-replay <trace>`: a trace's ledger accesses under other settings (the work: actions/ledgerReplay.ts, loaded on use). */
export const ledgerReplayCommand: SimCommand<LedgerReplayArgs> = {
  command: "ledger-replay <trace>",
  describe: "Replay a trace's ledger stores at other capacities and stale settings; report evictions, false evictions and the OPT bound",
  builder: (yargs) =>
    yargs
      .positional("trace", { type: "string", demandOption: true, describe: "trace.jsonl of `sim run --trace`, or {step,rank,gid} lines" })
      .option("capacity", { type: "string", requiresArg: true, describe: "comma-separated capacities (default: the trace's own)" })
      .option("stale-threshold", { type: "string", requiresArg: true, describe: "comma-separated stale thresholds" })
      .option("wipe-mode", { type: "string", requiresArg: true, describe: `comma-separated wipe modes (${WIPE_MODES.join(", ")})` })
      .option("wipe-interval", { type: "string", requiresArg: true, describe: "comma-separated wipe intervals" })
      .option("recently-evicted-capacity", { type: "string", requiresArg: true, describe: `ring size (default: the trace's own, else ${SCENARIO_DEFAULTS.ledger.recently_evicted_capacity})` }) as never,
  run: async (args, io) => (await import("./actions/ledgerReplay.ts")).runLedgerReplay(args, io),
};
