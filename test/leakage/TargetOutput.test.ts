import { describe, expect, it } from 'vitest';
import { TargetOutput } from '../../src/leakage/TargetOutput.js';

/** The test runner's own listeners, from before any capture: not ours to call. */
const runnerListeners = process.listeners('unhandledRejection');

describe('the target\'s own output during a search', () => {
  it('is captured and summarised, while isogate\'s progress goes through', () => {
    const seen: string[] = [];
    const original = process.stdout.write;
    // Stands in for the terminal, to see what would have been printed.
    process.stdout.write = ((chunk: string) => { seen.push(String(chunk)); return true; }) as typeof process.stdout.write;
    try {
      const before = process.listeners('uncaughtException');
      const output = new TargetOutput();
      output.start();
      const ours = process.listeners('uncaughtException').filter((l) => !before.includes(l));
      // What an EventEmitter with no 'error' listener does from a socket callback.
      expect(ours).toHaveLength(1);
      for (const l of ours) l(new Error('connect ECONNREFUSED'), 'uncaughtException');

      for (let i = 0; i < 30; i++) console.log(`[ioredis] Unhandled error event: Error: connect ECONNREFUSED ${i}`);
      process.stderr.write('a warning\n');
      output.bypass(() => process.stdout.write('progress: run 10/100\n'));
      const summary = output.stop();
      expect(summary.lines).toBe(32);
      expect(summary.first).toContain('uncaught in the target: Error: connect ECONNREFUSED');
      expect(summary.first[1]).toMatch(/Unhandled error event/);
      expect(summary.first.length).toBeLessThanOrEqual(20);
      expect(seen).toEqual(['progress: run 10/100\n']);
      process.stdout.write('after\n');
      expect(seen).toContain('after\n');
    } finally {
      process.stdout.write = original;
    }
  });

  it('handles an error that surfaces after the search ended (a closed connection\'s command) instead of crashing', async () => {
    const output = new TargetOutput();
    output.start();
    const summary = await output.drain();
    expect(summary.lines).toBe(0);
    // Still listened for once the search is over: Node would otherwise end the process.
    const listeners = process.listeners('unhandledRejection').filter((l) => !runnerListeners.includes(l));
    expect(listeners).toHaveLength(1);
    const written: string[] = [];
    const original = process.stderr.write;
    process.stderr.write = ((chunk: string) => { written.push(String(chunk)); return true; }) as typeof process.stderr.write;
    try {
      for (const l of listeners) l(new Error('Connection is closed.'), Promise.resolve());
    } finally {
      process.stderr.write = original;
    }
    expect(written.join('')).toMatch(/uncaught in a target after its search \(kept going\): Error: Connection is closed\./);
  });
});
