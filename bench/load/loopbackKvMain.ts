// Child-process entry: `tsx bench/load/loopbackKvMain.ts <port> [spinUs]`; prints its URL, stops on SIGTERM.
import { startLoopbackKvService } from './startLoopbackKvService.js';

const service = await startLoopbackKvService({ port: Number(process.argv[2] ?? 0), spinUs: Number(process.argv[3] ?? 0) });
process.stdout.write(`listening ${service.url}\n`);
process.on('SIGTERM', () => { void service.close().then(() => process.exit(0)); });
