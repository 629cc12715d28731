import { parentPort } from "node:worker_threads";
import { runSwarmCase } from "./runSwarmCase.ts";

/**
 * A worker thread of `sim swarm --jobs N`: it runs one case per message and posts the
 * result back. Cases are independent and derived from (seed, index) alone, so where a
 * case runs never changes what it finds.
 */
const port = parentPort;
if (port !== null) {
  port.on("message", (message: { swarmSeed: number; runIndex: number }) => {
    try {
      port.postMessage({ ok: true, result: runSwarmCase(message.swarmSeed, message.runIndex) });
    } catch (error) {
      port.postMessage({ ok: false, runIndex: message.runIndex, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  });
}
