import { escapeControlCharacters } from "./showText.ts";

/** Where and why JSON.parse refused a text, in the words a message uses. */
export interface JsonErrorDescription {
  /** 1-based line and column, when the parser said where. */
  readonly line?: number;
  readonly column?: number;
  /** True only when the text ended inside a value: a truncated file, not a wrong one. */
  readonly truncated: boolean;
  /** The parser's reason with control characters escaped (it quotes the text it refused). */
  readonly reason: string;
}

/** The 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Describes a JSON.parse error of `text`. Node names a position for some errors and not
 * for others ("Unexpected token 'h', "hello" is not valid JSON"); only running out of
 * input ("Unexpected end of JSON input", or an error at the very end) means truncated.
 */
export function describeJsonError(text: string, error: unknown): JsonErrorDescription {
  const message = error instanceof Error ? error.message : String(error);
  const reason = escapeControlCharacters(message);
  const match = /position (\d+)/.exec(message);
  const endOfInput = /end of JSON input/i.test(message);
  if (match === null) {
    return endOfInput ? { ...lineAndColumn(text, text.length), truncated: true, reason } : { truncated: false, reason };
  }
  const offset = Number(match[1]);
  return { ...lineAndColumn(text, offset), truncated: endOfInput || offset >= text.trimEnd().length, reason };
}
