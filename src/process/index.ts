export { startChildProcess } from './startChildProcess.js';
export type { ChildProcessSpec, ChildStart, StartedChildProcess } from './startChildProcess.js';
