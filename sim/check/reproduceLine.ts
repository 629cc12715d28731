/** The one command that reproduces a scenario's run, printed under every failure. */
export function reproduceLine(file: string, seed: number): string {
  return `npx sim run ${file} --seed ${seed}`;
}
