import type { DrillsConfig } from './DrillsConfig.js';
import type { FlagExposure } from './FlagExposure.js';

/** What every drill gets: its config section, where relative paths start, the run's seed, a log. */
export interface DrillContext {
  config: DrillsConfig;
  /** The config file's directory: module paths in the config are relative to it. */
  baseDir: string;
  seed: number;
  log(line: string): void;
  /** Who has the flag on when the fleet starts (the stage's candidate); absent: everybody. */
  exposure?: FlagExposure;
  /** The arm spec the exposure came from (`new:allow=1`), for the evidence. */
  arm?: string;
}
