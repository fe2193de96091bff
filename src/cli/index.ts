export { main } from './main.js';
export { EXIT } from './Command.js';
export type { Command, CommandIO } from './Command.js';
export { parseCommandArgs, intOption } from './parseCommandArgs.js';
