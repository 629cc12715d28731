import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { shownPath, shownPathsIn } from "../../../sim/io/shownPath.ts";

describe("shownPath", () => {
  const cwd = join("/", "work", "project");

  it("shows a path under the working directory relative to it, as the user would type it", () => {
    expect(shownPath(cwd, join(cwd, "runs", "healthy"))).toBe(join("runs", "healthy"));
  });

  it("shows the working directory itself as .", () => {
    expect(shownPath(cwd, cwd)).toBe(".");
  });

  it("shows a path outside the working directory in full, not as a climb of ../", () => {
    expect(shownPath(cwd, join("/", "tmp", "out"))).toBe(join("/", "tmp", "out"));
    expect(shownPath(cwd, join("/", "work", "other"))).toBe(join("/", "work", "other"));
  });

  it("does not take a sibling whose name starts with the directory's for a path under it", () => {
    expect(shownPath(cwd, join("/", "work", "project-b", "x"))).toBe(join("/", "work", "project-b", "x"));
  });
});

describe("shownPathsIn", () => {
  it("shortens every path under the working directory in a text, and leaves the others and the sibling", () => {
    const cwd = join("/", "work", "project");
    const text = `run at ${join(cwd, "a", "b")}, not at ${join("/", "tmp", "c")} or ${join("/", "work", "project-b")}\n`;
    expect(shownPathsIn(cwd, text)).toBe(`run at ${join("a", "b")}, not at ${join("/", "tmp", "c")} or ${join("/", "work", "project-b")}\n`);
  });
});
