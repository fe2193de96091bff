import type { Command } from './Command.js';
import { doctorCommand } from './commands/doctorCommand.js';

/** Every `isogate <name>`; a pillar adds its command here and nowhere else. */
export const commands: readonly Command[] = [
  doctorCommand,
];
