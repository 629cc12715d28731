import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { firstInvalidUtf8Offset, lineAndByteColumn } from "../../../sim/io/utf8.ts";

describe("firstInvalidUtf8Offset", () => {
  it("finds nothing in any string's UTF-8 encoding", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme" }), (text) => firstInvalidUtf8Offset(Buffer.from(text, "utf8")) === undefined));
  });

  it("finds the first byte that is not well-formed UTF-8, whatever valid text surrounds it, as a fatal decoder refuses it", () => {
    const bad = fc.constantFrom([0xe9], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xff], [0x80]);
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), bad, fc.string({ unit: "grapheme" }), (before, bytes, after) => {
        const head = Buffer.from(before, "utf8");
        const all = Buffer.concat([head, Buffer.from(bytes), Buffer.from(after, "utf8")]);
        expect(() => new TextDecoder("utf-8", { fatal: true }).decode(all)).toThrow();
        return firstInvalidUtf8Offset(all) === head.length;
      }),
    );
  });

  it("gives 1-based lines and byte columns", () => {
    expect(lineAndByteColumn(Buffer.from("ab\ncd\nef"), 4)).toEqual({ line: 2, column: 2 });
    expect(lineAndByteColumn(Buffer.from("ab"), 0)).toEqual({ line: 1, column: 1 });
  });
});
