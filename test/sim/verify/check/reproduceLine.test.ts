import { describe, expect, it } from "vitest";
import { reproduceLine } from "../../../../sim/verify/check/reproduceLine.ts";

describe("reproduceLine", () => {
  it("names the file and the seed, then the flags in the order given", () => {
    expect(reproduceLine("scenarios/x.toml", 7)).toBe("npx sim run scenarios/x.toml --seed 7");
    expect(reproduceLine("runs/x/scenario.resolved.toml", 7, ["--steps 40", "--trace"])).toBe("npx sim run runs/x/scenario.resolved.toml --seed 7 --steps 40 --trace");
  });
});
