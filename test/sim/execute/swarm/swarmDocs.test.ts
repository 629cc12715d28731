import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Rng } from "../../../../src/rng/rng.ts";
import { resolveStreams } from "../../../../src/streamMixing/streamSpec.ts";
import { modelInvariants } from "../../../../sim/execute/swarm/invariants/checkInvariants.ts";
import { deriveSwarmCase } from "../../../../sim/execute/swarm/deriveSwarmCase.ts";
import { SWARM_CHECKS } from "../../../../sim/execute/swarm/swarmCheck.ts";
import { PROJECT_ROOT } from "../../../helpers/runCli.ts";

const SWARM_DOC = readFileSync(join(PROJECT_ROOT, "docs/swarm.md"), "utf8");

describe("docs/swarm.md", () => {
  it("lists every check and every invariant by its id, in a table row of its own", () => {
    const c = deriveSwarmCase(1, 0);
    const ids = modelInvariants({ model: c.model, streams: resolveStreams(c.model.dataset, Rng.fromSeed(c.model.seed).fork("cells")) }).map((i) => i.id);
    for (const name of [...SWARM_CHECKS, ...ids]) expect(SWARM_DOC, name).toContain(`| \`${name}\` |`);
  });
});
