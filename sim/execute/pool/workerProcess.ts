/**
 * What a pool's worker process does about signals and its parent (imported first by
 * every worker module). Ctrl-C on a terminal signals the whole process group, workers
 * included: a worker that died of it would look like a crashed config, so a worker
 * ignores SIGINT and leaves the stop to the command, which ends its workers itself (the
 * pool's SIGTERM, then SIGKILL). A worker whose parent is gone (killed with SIGKILL, say)
 * sees its IPC channel close and exits at once, so that nothing runs on as an orphan.
 * Only in a tinypool child process: a test that imports a worker module keeps its
 * process's own signal handling.
 */
const isPoolWorker = (process as { __tinypool_state__?: { isChildProcess?: boolean } }).__tinypool_state__?.isChildProcess === true;
if (isPoolWorker) {
  process.on("SIGINT", () => undefined);
  process.once("disconnect", () => process.exit(1));
}

export {};
