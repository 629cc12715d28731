import { type FSWatcher, watch } from "chokidar";

/**
 * Watches a set of files and calls `onChange` once a burst of changes has settled for
 * `debounceMs`: an editor's save is often several events (a write, or a temporary file
 * renamed over the original; chokidar follows the renamed file), and one run per save is
 * wanted. The set can grow as a scenario's extends chain and baseline become known.
 */
export class DebouncedWatcher {
  private readonly watcher: FSWatcher;
  private readonly watched = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    files: readonly string[],
    private readonly debounceMs: number,
    private readonly onChange: () => void,
  ) {
    for (const file of files) this.watched.add(file);
    this.watcher = watch([...files], { ignoreInitial: true, atomic: true });
    this.watcher.on("all", () => this.changed());
  }

  /** Watches these files too (absolute paths); files already watched are left alone. */
  add(files: readonly string[]): void {
    const fresh = files.filter((file) => !this.watched.has(file));
    for (const file of fresh) this.watched.add(file);
    if (fresh.length > 0) this.watcher.add(fresh);
  }

  /** Resolves once chokidar has set up its watches, so that a change after it is seen. */
  ready(): Promise<void> {
    return new Promise((resolve) => this.watcher.once("ready", () => resolve()));
  }

  private changed(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onChange();
    }, this.debounceMs);
  }

  async close(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.watcher.close();
  }
}
