import { decimalLength, writeDecimal } from "./decimalText.ts";
import { lineLayout } from "./jsonl.ts";
import { NUMBER_TEXTS } from "./numberTextCache.ts";
import { RowColumns } from "./rowColumns.ts";

type Row = Readonly<Record<string, number>>;

/**
 * The longest text of a number: 25 characters, a negative one of 17 significant digits
 * just above 1e-6 in magnitude, the smallest written without an exponent
 * ("-0.0000010370242504514822"); the exponent forms ("-1.7976931348623157e+308") have 24.
 */
const MAX_NUMBER_CHARS = 25;
const CLOSE = Buffer.from("}\n");

/** A line's layout for one list of row keys: the columns in the line's order and the bytes before each value. */
interface LineLayout {
  /** The row's columns (RowColumns positions) in the line's order: `step` first, then the other keys sorted. */
  readonly order: Int32Array;
  /** Before each value: `{"step":`, then `,"key":` (`{"key":` for the first when there is no step). */
  readonly prefixes: readonly Buffer[];
  /** The line's bytes at most: its fixed text and the longest text of each value. */
  readonly maxBytes: number;
  /** 1 when the line opens with a "{" of its own (a row with no keys: "{}"), else 0 (the first prefix has it). */
  readonly open: number;
}

/**
 * metrics.jsonl's line of a row (formatRow's text and "\n") encoded straight into a
 * file's batch of bytes (appendOnlyFile.ts), for a run's stream of rows. Building each
 * line as a string (a Number-to-String per value, concatenations, then UTF-8 encoding the
 * batch) and collecting the strings' garbage was most of a long run's cost of writing
 * metrics.jsonl. So the row is read once in its own order (RowColumns), and the last
 * line's bytes are kept: a value equal to the last one's is left as it is, a text as long
 * as the last one's is written over it (an integer's digits with no string made for
 * them, another number's text from the cache of recent ones, numberTextCache.ts), a text
 * of another length moves the rest of the line (one native copy), and the
 * line reaches the batch in one copy. A test holds the bytes equal to formatRow's on
 * random rows.
 */
export class RowLineEncoder {
  private readonly columns = new RowColumns<LineLayout>(layOut);
  private layout: LineLayout | undefined;
  /** The last line's bytes, `line[0, lineEnd)`, for `lastLayout`; per value in the line's order, its number and its text's length. */
  private line = Buffer.allocUnsafe(4096);
  private lineEnd = 0;
  private lastLayout: LineLayout | undefined;
  private readonly lastValues: number[] = [];
  private readonly lastTextLengths: number[] = [];

  /** Reads a row and returns its line's size in bytes at most; `encodeInto` then writes the line. */
  load(row: Row): number {
    this.layout = this.columns.read(row);
    return this.layout.maxBytes;
  }

  /** As `load`, for a row already read as columns (RowColumns' `keys` and `values`, which must stay as they are until `encodeInto`). */
  loadColumns(keys: readonly string[], values: readonly number[]): number {
    this.layout = this.columns.adopt(keys, values);
    return this.layout.maxBytes;
  }

  /** Writes the last loaded row's line at `target[at]`, which has `load`'s bytes of room; returns the offset after it. */
  encodeInto(target: Buffer, at: number): number {
    const layout = this.layout as LineLayout;
    if (layout !== this.lastLayout) this.writeWhole(layout);
    else this.writeChanges(layout);
    this.line.copy(target, at, 0, this.lineEnd);
    return at + this.lineEnd;
  }

  /** The line of a row with the last one's keys, over the last one's bytes. */
  private writeChanges(layout: LineLayout): void {
    const { order, prefixes } = layout;
    const { lastValues, lastTextLengths } = this;
    const values = this.columns.values;
    let at = layout.open;
    for (let i = 0; i < order.length; i++) {
      at += (prefixes[i] as Buffer).length;
      const value = values[order[i] as number] as number;
      const lastLength = lastTextLengths[i] as number;
      // The same value has the same text (-0 and 0 both "0"), already in place.
      if (value === lastValues[i]) {
        at += lastLength;
        continue;
      }
      lastValues[i] = value;
      const integer = Number.isSafeInteger(value);
      const length = integer ? decimalLength(value) : NUMBER_TEXTS.find(value);
      if (length !== lastLength) {
        // The rest of the line moves by the change of length.
        if (this.lineEnd + length > this.line.length) this.grow(this.lineEnd + length);
        this.line.copyWithin(at + length, at + lastLength, this.lineEnd);
        this.lineEnd += length - lastLength;
        lastTextLengths[i] = length;
      }
      at = integer ? writeDecimal(this.line, at, value, length) : NUMBER_TEXTS.copyInto(this.line, at, length);
    }
  }

  /** The line of a row with other keys than the last one's, written whole. */
  private writeWhole(layout: LineLayout): void {
    const { order, prefixes } = layout;
    if (layout.maxBytes > this.line.length) this.grow(layout.maxBytes);
    const line = this.line;
    const values = this.columns.values;
    let at = 0;
    if (layout.open === 1) line[at++] = 0x7b;
    for (let i = 0; i < order.length; i++) {
      const prefix = prefixes[i] as Buffer;
      prefix.copy(line, at);
      at += prefix.length;
      const value = values[order[i] as number] as number;
      const integer = Number.isSafeInteger(value);
      const length = integer ? decimalLength(value) : NUMBER_TEXTS.find(value);
      at = integer ? writeDecimal(line, at, value, length) : NUMBER_TEXTS.copyInto(line, at, length);
      this.lastValues[i] = value;
      this.lastTextLengths[i] = length;
    }
    line[at++] = CLOSE[0] as number;
    line[at++] = CLOSE[1] as number;
    this.lineEnd = at;
    this.lastLayout = layout;
  }

  private grow(bytes: number): void {
    const grown = Buffer.allocUnsafe(Math.max(bytes, this.line.length * 2));
    this.line.copy(grown, 0, 0, this.lineEnd);
    this.line = grown;
  }
}

function layOut(keys: readonly string[]): LineLayout {
  const { order: lineKeys, prefixes: texts } = lineLayout(keys);
  const prefixes = texts.map((text) => Buffer.from(text, "utf8"));
  const open = lineKeys.length === 0 ? 1 : 0;
  const fixedBytes = prefixes.reduce((sum, prefix) => sum + prefix.length, 0) + open + CLOSE.length;
  // Each key's column through a map: an indexOf per key was quadratic in the keys, 0.24 s of
  // CPU for a row of 16,394 keys (one longer than a step ring's slot), where this is 5 ms.
  const columnOf = new Map<string, number>();
  keys.forEach((key, column) => void (columnOf.has(key) || columnOf.set(key, column)));
  return { order: Int32Array.from(lineKeys, (key) => columnOf.get(key) ?? -1), prefixes, open, maxBytes: fixedBytes + MAX_NUMBER_CHARS * lineKeys.length };
}
