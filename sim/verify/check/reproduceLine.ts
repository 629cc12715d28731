/**
 * The one command that reproduces a scenario's run, printed under every failure and
 * every run: `npx sim run <file> --seed S`, then any further flags the run was given.
 */
export function reproduceLine(file: string, seed: number, flags: readonly string[] = []): string {
  return [`npx sim run ${file} --seed ${seed}`, ...flags].join(" ");
}
