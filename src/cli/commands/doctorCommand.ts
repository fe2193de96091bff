import { loadConfig } from '../../config/index.js';
import { isIsogateError } from '../../errors/index.js';
import { chooseRedisRoute, probeDockerEngine } from '../../redis/index.js';
import { EXIT, type Command } from '../Command.js';
import { parseCommandArgs } from '../parseCommandArgs.js';

const usage = 'isogate doctor [--config F]';

/** What isogate would do on this machine, and why; exit 0 when it can run here. */
export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'show Node, the Redis route isogate would take and why, Docker, and whether the config is valid',
  usage,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { config: { type: 'string' } }, usage);
    let healthy = true;
    const major = Number(process.versions.node.split('.')[0]);
    io.out(`node      ${process.versions.node}${major >= 20 ? '' : '  (isogate needs Node 20 or later)'}`);
    if (major < 20) healthy = false;
    const route = await chooseRedisRoute(io.env);
    io.out(`redis     ${route.route}: ${route.why}`);
    if (route.route === 'none') healthy = false;
    const docker = await probeDockerEngine(io.env);
    io.out(`docker    ${docker.answers ? `answers at ${docker.endpoint}` : `not available (${docker.reason}); testcontainers path unused`}`);
    try {
      const loaded = await loadConfig(values.config, io.cwd);
      const targets = Object.keys(loaded.config.targets);
      io.out(`config    valid: ${loaded.path} (${targets.length} target${targets.length === 1 ? '' : 's'}: ${targets.join(', ') || 'none'})`);
    } catch (error) {
      if (!isIsogateError(error)) throw error;
      healthy = false;
      io.out(`config    ${error.code}: ${error.message}`);
    }
    io.out(healthy ? 'ok        isogate can run here' : 'not ok    fix the lines above');
    return healthy ? EXIT.ok : EXIT.usage;
  },
};
