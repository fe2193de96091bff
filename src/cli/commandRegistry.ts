import type { Command } from './Command.js';
import { auditCommand } from './commands/auditCommand.js';
import { doctorCommand } from './commands/doctorCommand.js';
import { initCommand } from './commands/initCommand.js';
import { leakCommand } from './commands/leakCommand.js';
import { replayCommand } from './commands/replayCommand.js';
import { scenarioCommand } from './commands/scenarioCommand.js';
import { loadCommand } from './commands/loadCommand.js';
import { drillCommand } from './commands/drillCommand.js';
import { gateCommand } from './commands/gateCommand.js';
import { signoffCommand } from './commands/signoffCommand.js';
import { productionCommand } from './commands/productionCommand.js';

/** Every `isogate <name>`; a pillar adds its command here and nowhere else. */
export const commands: readonly Command[] = [
  initCommand,
  doctorCommand,
  auditCommand,
  leakCommand,
  replayCommand,
  scenarioCommand,
  loadCommand,
  drillCommand,
  gateCommand,
  signoffCommand,
  productionCommand,
];
