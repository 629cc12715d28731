// The worker thread's entry when the harness runs from its TypeScript sources (tests,
// bin/sim-dev.js): it registers tsx in this thread, then loads the worker itself. The
// built harness starts dist/sim/swarm/swarmWorker.js directly and never reads this file.
import { URL } from "node:url";
import { register } from "tsx/esm/api";

register();
await import(new URL("./swarmWorker.ts", import.meta.url).href);
