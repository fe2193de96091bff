/**
 * Processes and temp dirs isogate started must not outlive it, even when the run is interrupted.
 * Each resource registers a synchronous cleanup; on exit or on SIGINT/SIGTERM every one runs,
 * then the signal is re-raised so the process still ends the way the sender asked.
 */
type Cleanup = () => void;

const cleanups = new Set<Cleanup>();
let installed = false;

function runAll(): void {
  for (const cleanup of [...cleanups]) {
    try {
      cleanup();
    } catch {
      // best effort: one failed cleanup must not stop the others
    }
  }
  cleanups.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  runAll();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

export function registerCleanup(cleanup: Cleanup): () => void {
  if (!installed) {
    installed = true;
    process.on('exit', runAll);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}
