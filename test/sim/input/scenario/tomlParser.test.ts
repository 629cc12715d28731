import { describe, expect, it } from "vitest";
import { integralFloatsOf, parseTomlText } from "../../../../sim/input/scenario/readTomlFile.ts";

describe("parseTomlText: floats and integers as written", () => {
  it("records every float with an integral value, with its path and text, and gives plain numbers", () => {
    const table = parseTomlText("a = 10.0\nb = 10\nc = 0.5\n[t]\nd = [1e3, 2.5]\ne = { f = 3.0 }\n", "x.toml");
    expect(table).toEqual({ a: 10, b: 10, c: 0.5, t: { d: [1000, 2.5], e: { f: 3 } } });
    expect(integralFloatsOf(table)).toEqual([
      { path: ["a"], text: "10.0" },
      { path: ["t", "d", 0], text: "1e3" },
      { path: ["t", "e", "f"], text: "3.0" },
    ]);
  });

  it("reads arrays mixing integers and floats, as TOML 1.0 allows, marking an integral float wherever it stands", () => {
    // The last element of a list was once recorded after the parser had left the list (a TypeError).
    const table = parseTomlText("a = [100, 200.0]\nb = [4, 4.0, 5]\nc = [[1], [2.0]]\nd = [1.5, 2]\n", "x.toml");
    expect(table).toEqual({ a: [100, 200], b: [4, 4, 5], c: [[1], [2]], d: [1.5, 2] });
    expect(integralFloatsOf(table)).toEqual([
      { path: ["a", 1], text: "200.0" },
      { path: ["b", 1], text: "4.0" },
      { path: ["c", 1, 0], text: "2.0" },
    ]);
  });

  it("refuses an integer outside the 64-bit range at its line instead of wrapping it", () => {
    expect(() => parseTomlText("a = 9223372036854775808\n", "x.toml")).toThrow(/^x\.toml:1:\d+: .*Integer 9223372036854775808 is outside the 64-bit range/);
    expect(() => parseTomlText("a = -9223372036854775809\n", "x.toml")).toThrow(/outside the 64-bit range/);
    expect(parseTomlText("a = 9223372036854775807\n", "x.toml").a).toBe(9223372036854775807n);
  });

  it("skips a byte order mark and names an unexpected character by code point", () => {
    expect(parseTomlText("\uFEFFa = 1\n", "x.toml")).toEqual({ a: 1 });
    expect(() => parseTomlText("a = 1\n\u0001\n", "x.toml")).toThrow(/unexpected character U\+0001/);
  });
});
