/**
 * Runs `task` over `items` with at most `jobs` in flight and returns the results in the
 * items' order. Once `signal` aborts, no new item starts; running ones finish (their own
 * processes see the same signal) and the items never started are left out.
 */
export async function runPool<T, R>(items: readonly T[], jobs: number, signal: AbortSignal, task: (item: T, index: number) => Promise<R>): Promise<(R | undefined)[]> {
  const results: (R | undefined)[] = items.map(() => undefined);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !signal.aborted) {
      const index = next++;
      results[index] = await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
  return results;
}
