import { UserError } from "../../../src/errors.ts";
import { type ReadTextFileOptions, readTextFile } from "../../io/readTextFile.ts";
import { describeCharacter, escapeControlCharacters } from "../../io/showText.ts";
import { parseToml } from "./tomlParser.ts";
import { isTable, toPlainValue, type TomlPath, type TomlTable } from "./tomlValue.ts";

/** A float with an integral value (`10.0`) that a document wrote at `path`. */
export interface IntegralFloatAt {
  readonly path: TomlPath;
  readonly text: string;
}

const integralFloatsByTable = new WeakMap<TomlTable, readonly IntegralFloatAt[]>();

/** The integral floats a parsed document holds (parseTomlText records them), so a loader can refuse them where integers are meant. */
export function integralFloatsOf(table: TomlTable): readonly IntegralFloatAt[] {
  return integralFloatsByTable.get(table) ?? [];
}

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
  return parseTomlText(readTextFile(file, { kind: options.kind ?? "scenario file", shown, readBy: options.readBy, maxBytes: options.maxBytes ?? "scenarioFileBytes" }), shown);
}

/** Parses TOML text already read from `shown` into plain data, with readTomlFile's errors. */
export function parseTomlText(text: string, shown: string): TomlTable {
  let parsed: unknown;
  // A byte order mark is how some editors start a UTF-8 file; it is not part of the TOML.
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  try {
    parsed = parseToml(body);
  } catch (error) {
    if (!isTomlParseError(error)) throw error;
    throw new UserError(describeParseError(shown, error));
  }
  const floats: IntegralFloatAt[] = [];
  const table = toPlainValue(parsed, (path, floatText) => floats.push({ path, text: floatText }));
  if (!isTable(table)) throw new UserError(`${shown}: the document is not a TOML table`);
  integralFloatsByTable.set(table, floats);
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
  // The parser names an unexpected character by its code ("Unknown character \"0\""); show it as U+0000 and its name.
  const reason = firstLine
    .replace(/ at row \d+, col \d+, pos \d+:?$/, "")
    .replace(/Unknown character "(\d+)"/, (_match, code: string) => `unexpected character ${describeCharacter(Number(code))}`)
    .trim();
  const excerpt = rest.filter((text) => !/^\s*(\d+:)?\s*$/.test(text)).map((text) => `    ${escapeControlCharacters(text)}`);
  return [`${file}:${line}:${column}: TOML parse error at line ${line}, column ${column}: ${reason}`, ...excerpt].join("\n");
}
