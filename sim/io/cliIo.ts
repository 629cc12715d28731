import { type Clock, systemClock } from "./clock.ts";

/**
 * What a command may touch besides the file system: its output streams, the clock,
 * the environment and the working directory. Tests replace it to run a command in
 * memory.
 */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly clock: Clock;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  clock: systemClock,
  env: process.env,
  cwd: process.cwd(),
};
