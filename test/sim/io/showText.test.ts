import { describe, expect, it } from "vitest";
import { describeCharacter, escapeControlCharacters, quoteLine } from "../../../sim/io/showText.ts";
import { describeJsonError } from "../../../sim/io/jsonError.ts";

describe("showText", () => {
  it("escapes control characters, the BOM and U+FFFD, and keeps the rest", () => {
    expect(escapeControlCharacters("a\u001b[2J\u0000b\tc\uFEFF\uFFFDé")).toBe("a\\x1b[2J\\x00b\\tc\\ufeff\\ufffdé");
    expect(quoteLine("x".repeat(300))).toBe("x".repeat(200) + "...");
  });

  it("describes a character by code point, with a name for the invisible ones", () => {
    expect(describeCharacter(0xfeff)).toBe("U+FEFF (byte order mark)");
    expect(describeCharacter(0x41)).toBe('U+0041 "A"');
    expect(describeCharacter(0x01)).toBe("U+0001");
  });
});

describe("describeJsonError", () => {
  const errorOf = (text: string): unknown => {
    try {
      JSON.parse(text);
    } catch (error) {
      return error;
    }
    throw new Error("parsed");
  };
  it("calls a text truncated only when the input ran out", () => {
    expect(describeJsonError('{"a": 1', errorOf('{"a": 1'))).toMatchObject({ truncated: true });
    expect(describeJsonError("hello", errorOf("hello"))).toMatchObject({ truncated: false });
    expect(describeJsonError('{"a": 1}\n x', errorOf('{"a": 1}\n x'))).toMatchObject({ truncated: false, line: 2 });
  });
});
