import { Writable } from "node:stream";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { fakeClock } from "../../../sim/io/clock.ts";
import type { ProgressSpec } from "../../../sim/io/progressDisplay.ts";
import { terminalProgress } from "../../../sim/io/terminalProgress.ts";

/** A terminal on stderr as cli-progress sees one: a TTY of 120 columns that keeps what is written. */
function fakeTerminal(): { stream: NodeJS.WriteStream; text: () => string } {
  let written = "";
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString();
      done();
    },
  }) as unknown as NodeJS.WriteStream & { isTTY: boolean; columns: number };
  stream.isTTY = true;
  stream.columns = 120;
  // The ANSI escapes cli-progress moves the cursor with are visible noise here.
  return { stream, text: () => stripVTControlCharacters(written) };
}

/** The last drawn line of a display of `spec` after one update to `done`, and stop. */
function lastLine(spec: ProgressSpec, done: number): string {
  const terminal = fakeTerminal();
  const display = terminalProgress(terminal.stream, fakeClock(), spec);
  display.update(done);
  display.stop();
  return (
    terminal
      .text()
      .split(/[\r\n]/)
      .filter((line) => line.includes(`${done}/`))
      .pop() ?? ""
  );
}

describe("terminalProgress", () => {
  it("fills the bar in proportion to the total, and names the count, the rate and the time left", () => {
    expect(lastLine({ label: "sim sweep x", unit: "configs", total: 4 }, 2)).toMatch(/^sim sweep x \[█{12}░{12}\] 2\/4 configs \| [\d.]+ configs\/s \| ETA \S+/);
  });

  it("keeps the bar empty while the total is unknown, counting what is done in the text", () => {
    expect(lastLine({ label: "sim swarm", unit: "runs", total: 0 }, 42)).toMatch(/^sim swarm \[░{24}\] 42\/\? runs \| [\d.]+ runs\/s \| ETA \?/);
  });

  it("stops once: a second stop writes nothing", () => {
    const terminal = fakeTerminal();
    const display = terminalProgress(terminal.stream, fakeClock(), { label: "x", unit: "things", total: 3 });
    display.update(1);
    display.stop();
    const afterFirst = terminal.text();
    display.stop();
    expect(terminal.text()).toBe(afterFirst);
  });
});
