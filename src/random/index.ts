export { seededRandom, pick, hexToken } from './SeededRandom.js';
export type { SeededRandom } from './SeededRandom.js';
