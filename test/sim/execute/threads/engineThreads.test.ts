import { describe, expect, it } from "vitest";
import { coresPerJob, engineThreads } from "../../../../sim/execute/threads/engineThreads.ts";
import { workerBlockPeers } from "../../../../sim/execute/threads/workerBlockPeers.ts";
import { baseConfig } from "../../../src/config/baseConfig.ts";

describe("engineThreads", () => {
  it("starts no thread for one, and the worker threads for more", () => {
    const config = { ...baseConfig(), world_size: 8 };
    expect(engineThreads(config, 1)).toEqual({ threads: 1 });
    expect(engineThreads(config, 3)).toEqual({ threads: 3, blockPeers: workerBlockPeers });
    expect(engineThreads(config, undefined, 4)).toEqual({ threads: 1 });
    expect(engineThreads({ ...config, world_size: 65_536 }, undefined, 4)).toEqual({ threads: 4, blockPeers: workerBlockPeers });
  });
});

describe("coresPerJob", () => {
  it("shares the cores among a pool's workers, at least one each", () => {
    expect(coresPerJob(1, 8)).toBe(8);
    expect(coresPerJob(2, 8)).toBe(4);
    expect(coresPerJob(3, 8)).toBe(2);
    expect(coresPerJob(16, 8)).toBe(1);
  });
});
