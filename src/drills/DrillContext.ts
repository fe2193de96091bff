import type { DrillsConfig } from './DrillsConfig.js';

/** What every drill gets: its config section, where relative paths start, the run's seed, a log. */
export interface DrillContext {
  config: DrillsConfig;
  /** The config file's directory: module paths in the config are relative to it. */
  baseDir: string;
  seed: number;
  log(line: string): void;
}
