/**
 * The top-level [[expect]] blocks of a scenario.resolved.toml as the harness writes it
 * (top-level headers at the line's start, each block up to the next top-level header),
 * or undefined when the file does not have that shape (then the whole file is parsed).
 */
function expectBlocksText(text: string): string | undefined {
  const lines = text.split("\n");
  const kept: string[] = [];
  let inExpect = false;
  for (const line of lines) {
    if (line.startsWith("[")) inExpect = line.trimEnd() === "[[expect]]";
    else if (/^expect\s*=/.test(line)) return undefined;
    if (inExpect) kept.push(line);
  }
  return kept.join("\n");
}

/**
 * The part of a scenario.resolved.toml that a run's expectations are built from: its
 * [[expect]] blocks, or the whole text when it does not have the harness's shape. Only
 * [[expect]] shapes them (buildExpectations reads nothing else).
 */
export function expectationsTextOf(scenarioText: string): string {
  return expectBlocksText(scenarioText) ?? scenarioText;
}
