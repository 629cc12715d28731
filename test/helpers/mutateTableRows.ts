/**
 * The rows of `sim mutate`'s printed table, as [id, status, killer]: the time column is
 * left out, since it varies from run to run.
 */
export function mutateTableRows(stdout: string): string[][] {
  const lines = stdout.split("\n");
  const end = lines.findIndex((l, i) => i > 1 && l.trim() === "");
  return lines.slice(2, end).map((l) => l.split(/\s{2,}/).slice(0, 3));
}
