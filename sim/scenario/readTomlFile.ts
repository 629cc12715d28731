import TOML from "@iarna/toml";
import { UserError } from "../../src/errors.ts";
import { type ReadTextFileOptions, readTextFile } from "../io/readTextFile.ts";
import { isTable, toPlainValue, type TomlTable } from "./tomlValue.ts";

/** The shape of @iarna/toml's parse error: `line` and `col` count from 0. */
interface TomlParseError {
  readonly fromTOML: true;
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

function isTomlParseError(error: unknown): error is TomlParseError {
  return typeof error === "object" && error !== null && (error as { fromTOML?: unknown }).fromTOML === true;
}

/**
 * Reads and parses one TOML file into plain data. A file that cannot be read or does not
 * parse is the user's error: the message names the file (as `shown`, when given), the
 * 1-based line and column and the parser's reason, and the parser's own code excerpt
 * follows it. `kind` says what the file is meant to be; a scenario file by default.
 */
export function readTomlFile(file: string, options: Partial<ReadTextFileOptions> = {}): TomlTable {
  const shown = options.shown ?? file;
  return parseTomlText(readTextFile(file, { kind: options.kind ?? "scenario file", shown, readBy: options.readBy }), shown);
}

/** Parses TOML text already read from `shown` into plain data, with readTomlFile's errors. */
export function parseTomlText(text: string, shown: string): TomlTable {
  let parsed: unknown;
  try {
    parsed = TOML.parse(text);
  } catch (error) {
    if (!isTomlParseError(error)) throw error;
    throw new UserError(describeParseError(shown, error));
  }
  const table = toPlainValue(parsed);
  if (!isTable(table)) throw new UserError(`${shown}: the document is not a TOML table`);
  return table;
}

/**
 * The parser's message reads "Reason at row R, col C, pos P:" followed by an excerpt
 * with a caret. We keep the reason and the excerpt, and state the position once, in
 * the `file:line:column` form editors jump to.
 */
function describeParseError(file: string, error: TomlParseError): string {
  const line = error.line + 1;
  const column = error.col + 1;
  const [firstLine = "", ...rest] = error.message.split("\n");
  const reason = firstLine.replace(/ at row \d+, col \d+, pos \d+:?$/, "").trim();
  const excerpt = rest.filter((text) => !/^\s*(\d+:)?\s*$/.test(text)).map((text) => `    ${text}`);
  return [`${file}:${line}:${column}: TOML parse error at line ${line}, column ${column}: ${reason}`, ...excerpt].join("\n");
}
