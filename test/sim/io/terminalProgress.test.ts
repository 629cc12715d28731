import { Writable } from "node:stream";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { fakeClock } from "../../../sim/io/clock.ts";
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

describe("terminalProgress", () => {
  it("fills the bar in proportion to the total, and names the count, the rate and the time left", () => {
    const terminal = fakeTerminal();
    const display = terminalProgress(terminal.stream, fakeClock(), { label: "sim sweep x", unit: "configs", total: 4 });
    display.update(2);
    display.stop();
    const line = terminal.text().split(/[\r\n]/).filter((l) => l.includes("2/4")).pop() ?? "";
    expect(line).toMatch(/^sim sweep x \[█{12}░{12}\] 2\/4 configs \| [\d.]+ configs\/s \| ETA \S+/);
  });

  it("keeps the bar empty while the total is unknown, counting what is done in the text", () => {
    const terminal = fakeTerminal();
    const display = terminalProgress(terminal.stream, fakeClock(), { label: "sim swarm", unit: "runs", total: 0 });
    display.update(42);
    display.stop();
    const line = terminal.text().split(/[\r\n]/).filter((l) => l.includes("42/?")).pop() ?? "";
    expect(line).toMatch(/^sim swarm \[░{24}\] 42\/\? runs \| [\d.]+ runs\/s \| ETA \?/);
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
