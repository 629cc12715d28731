import { describe, expect, it } from "vitest";
import { poolV8Flags, WorkerExitedError, workerErrorOf } from "../../../../sim/execute/pool/workerPool.ts";

/** An Error as node:child_process makes it when a write to the child's channel fails. */
function channelError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe("workerErrorOf", () => {
  it("says a worker ended when tinypool reports its exit", () => {
    const error = workerErrorOf(new Error("Worker exited unexpectedly"));
    expect(error).toBeInstanceOf(WorkerExitedError);
    expect(error.message).toBe("Worker exited unexpectedly: its worker process ended (killed, or out of memory)");
  });

  it("says a worker ended when the task was sent to it as it died (the swarm's Ctrl-C race)", () => {
    for (const code of ["EPIPE", "ECONNRESET", "ERR_IPC_CHANNEL_CLOSED"]) {
      expect(workerErrorOf(channelError(code, `write ${code}`)), code).toBeInstanceOf(WorkerExitedError);
    }
  });

  it("keeps a task's own failure as it is, whatever its code", () => {
    const own = channelError("ENOENT", "cannot read the scenario file");
    expect(workerErrorOf(own)).toBe(own);
    expect(workerErrorOf(new Error("an assertion failed"))).not.toBeInstanceOf(WorkerExitedError);
  });

  it("turns the plain object tinypool copies from a child's error into an Error with its message and name", () => {
    const copied = workerErrorOf({ message: "config c1: bad value", name: "UserError" });
    expect(copied).toBeInstanceOf(Error);
    expect(copied.message).toBe("config c1: bad value");
    expect(copied.name).toBe("UserError");
    expect(workerErrorOf("text").message).toBe("text");
  });
});

describe("poolV8Flags", () => {
  it("keeps V8's garbage collection and optimising compiles on each worker's own thread only when the workers take every core", () => {
    expect(poolV8Flags(2, 2)).toEqual(["--single-threaded-gc", "--no-concurrent-recompilation"]);
    expect(poolV8Flags(3, 2)).toEqual(["--single-threaded-gc", "--no-concurrent-recompilation"]);
    expect(poolV8Flags(1, 2)).toEqual([]);
    expect(poolV8Flags(4, 16)).toEqual([]);
  });
});
