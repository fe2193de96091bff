export { scanProject, STATE_PACKAGES } from './ProjectScan.js';
export type { ProjectScan } from './ProjectScan.js';
export { renderConfig, renderTarget, renderTest } from './InitFiles.js';
export type { InitPaths } from './InitFiles.js';
export { writeInitFiles } from './writeInitFiles.js';
