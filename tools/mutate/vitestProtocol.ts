/** One test killer for a warm vitest (tools/mutate/vitestServer.ts), sent over the child's IPC channel. */
export interface VitestRequest {
  readonly id: number;
  /** The test file, relative to the project copy the server runs in. */
  readonly file: string;
  /** vitest's `-t` pattern, if any. */
  readonly name?: string;
  /** Files of the copy changed since the previous request (relative paths), to re-read before the run. */
  readonly changed: readonly string[];
}

/** The answer: vitest's JSON report text (undefined if it wrote none) and the exit code `vitest run` would have had. */
export interface VitestResponse {
  readonly id: number;
  readonly report: string | undefined;
  readonly exitCode: number;
  /** Set when the server itself failed (the config did not load, say). */
  readonly error?: string;
}
