import { existsSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { prepareWorkspace } from "../../../tools/mutate/2-prepare-workspace.ts";
import { makeTinyProject } from "./tinyProject.ts";

let cleanupProject: (() => void) | undefined;
afterEach(() => cleanupProject?.());

describe("prepareWorkspace (phase 2)", () => {
  it("registers the exit-time cleanup while the copy is fresh, before the type check, and release() removes the copy and unregisters", async () => {
    const project = makeTinyProject("");
    cleanupProject = project.cleanup;
    const events: string[] = [];
    let exitCleanup: (() => void) | undefined;
    const prepared = await prepareWorkspace(project.dir, {
      signal: new AbortController().signal,
      // The type check reads the clock when it starts and when it ends.
      monotonicMs: () => (events.push("clock"), 0),
      onCleanupNeeded: (cleanup) => {
        exitCleanup = cleanup;
        events.push("registered");
        return () => events.push("unregistered");
      },
    });
    expect(events).toEqual(["registered", "clock", "clock"]);
    expect(prepared.typeCheckMs).toBe(0);
    expect(existsSync(prepared.workspace.pristineDir)).toBe(true);
    prepared.release();
    expect(events).toEqual(["registered", "clock", "clock", "unregistered"]);
    expect(existsSync(prepared.workspace.root)).toBe(false);
    // The registered cleanup is the same removal, safe to run after release.
    expect(() => exitCleanup?.()).not.toThrow();
  }, 60_000);
});
