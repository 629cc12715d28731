/**
 * Text from a user's file shown back in a message. A file may hold anything (binary,
 * escape sequences, a byte order mark): echoed raw it would garble or drive the
 * terminal, so control and invisible characters are shown as escapes.
 */

const NAMES: Readonly<Record<number, string>> = {
  0x00: "NUL",
  0x09: "tab",
  0x0a: "line feed",
  0x0d: "carriage return",
  0x1b: "escape",
  0x7f: "delete",
  0xfeff: "byte order mark",
  0xfffd: "replacement character, from bytes that are not UTF-8",
};

/** `U+FEFF (byte order mark)`: a character by its code point, with its name when it is a common invisible one. */
export function describeCharacter(codePoint: number): string {
  const hex = codePoint.toString(16).toUpperCase().padStart(4, "0");
  const name = NAMES[codePoint];
  if (name !== undefined) return `U+${hex} (${name})`;
  if (codePoint >= 0x20 && codePoint !== 0x7f && !(codePoint >= 0x80 && codePoint < 0xa0)) return `U+${hex} "${String.fromCodePoint(codePoint)}"`;
  return `U+${hex}`;
}

/** The text with C0/C1 control characters, the BOM and U+FFFD written as \xNN or \uNNNN escapes. */
export function escapeControlCharacters(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffd]/g, (char) => {
    const code = char.charCodeAt(0);
    if (char === "\t") return "\\t";
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** One line of a file as a message quotes it: escaped, and cut at `maxChars`. */
export function quoteLine(line: string, maxChars = 200): string {
  const cut = line.length > maxChars ? line.slice(0, maxChars) + "..." : line;
  return escapeControlCharacters(cut);
}
