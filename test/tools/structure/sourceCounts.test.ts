import { describe, expect, it } from "vitest";
import { sourceCounts } from "../../../tools/structure/sourceCounts.ts";

const lines = (count: number): string => Array.from({ length: count }, (_, i) => `  const v${i} = ${i};`).join("\n");

describe("sourceCounts", () => {
  it("names each function, method and arrow function longer than the limit, with its first line and length, and counts a nested one on its own", () => {
    const text = [
      "export function short(): void {}", // line 1
      "export function long(): void {", // lines 2 to 9: 8 lines
      lines(3),
      "  const inner = () => {", // lines 6 to 8: 3 lines
      "    return 1;",
      "  };",
      "}",
      "class C {",
      "  method(): number {", // lines 11 to 16: 6 lines
      lines(3),
      "    return 0;",
      "  }",
      "}",
      "",
    ].join("\n");
    expect(sourceCounts("x.ts", text, 4).longFunctions).toEqual([
      { name: "long", line: 2, lines: 8 },
      { name: "method", line: 11, lines: 6 },
    ]);
    expect(sourceCounts("x.ts", text, 2).longFunctions.map((f) => f.name)).toEqual(["long", "inner", "method"]);
  });

  it("counts `as` and angle-bracket casts but not `as const`", () => {
    const text = "const a = 1 as number;\nconst b = <string>(x as unknown);\nconst c = [1, 2] as const;\nconst d = { k: 1 } satisfies object;\n";
    expect(sourceCounts("x.ts", text, 70).casts).toBe(3);
  });

  it("counts a file's lines without a line after its final newline", () => {
    expect(sourceCounts("x.ts", "a;\nb;\n", 70).lines).toBe(2);
    expect(sourceCounts("x.ts", "a;\nb;", 70).lines).toBe(2);
  });
});
