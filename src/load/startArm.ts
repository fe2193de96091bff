import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IsogateError, redactUrl } from '../errors/index.js';
import { startChildProcess } from '../process/index.js';
import { freePort } from '../redis/index.js';
import { formatExposure, type Build, type ResolvedExposure } from './ArmState.js';
import type { ArmSpec } from './LoadConfig.js';

/** A baseline or candidate that answers HTTP; `stop()` ends what isogate started and nothing else. */
export interface RunningArm {
  url: string;
  /** How it was reached, for the record: `url`, `command` or `module`. */
  kind: 'url' | 'command' | 'module';
  stop(): Promise<void>;
  /** Of the tenants it was given, those it turned the flag on for (a module arm may say; its own cohort hash decides). */
  exposedTenants?: readonly string[];
  /** Its running count of requests served by the new code path (a module arm may offer it). */
  newPathRequests?: () => Promise<number>;
}

export interface ArmContext {
  /** Directory relative paths in the spec are resolved against (the config file's). */
  dir: string;
  /** A Redis for arms that need one ({redisUrl}); asked for only when a spec uses it. */
  redisUrl: () => Promise<string>;
  /** The run's Redis namespace ({namespace}); each arm gets `<namespace>:<name>`. Asked for only when used. */
  namespace: () => Promise<string>;
}

/** The build and flag exposure an arm is started with (module: options `build`, `exposure`;
 * command: `{build}`/`{exposure}` and ISOGATE_ARM_BUILD/ISOGATE_ARM_EXPOSURE; a URL cannot be told). */
export interface ArmStart {
  /** Which side of the comparison this arm is (a target may switch a seeded fault on in the candidate only). */
  role: 'baseline' | 'candidate';
  build: Build;
  exposure: ResolvedExposure;
  /** The tenant ids the load sends as (a module arm: option `tenants`; a command: ISOGATE_ARM_TENANTS, comma-separated). */
  tenants?: readonly string[];
}

async function fill(text: string, port: string, name: string, ctx: ArmContext, state?: ArmStart): Promise<string> {
  let out = text.replaceAll('{port}', port);
  if (state !== undefined) out = out.replaceAll('{role}', state.role).replaceAll('{build}', state.build).replaceAll('{exposure}', formatExposure(state.exposure));
  if (out.includes('{namespace}')) out = out.replaceAll('{namespace}', `${await ctx.namespace()}:${name}`);
  if (out.includes('{redisUrl}')) out = out.replaceAll('{redisUrl}', await ctx.redisUrl());
  return out;
}

async function startCommand(spec: Extract<ArmSpec, { command: string[] }>, name: string, ctx: ArmContext, state?: ArmStart): Promise<RunningArm> {
  const port = String(await freePort());
  const argv = await Promise.all(spec.command.map((a) => fill(a, port, name, ctx, state)));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: port };
  if (state !== undefined) Object.assign(env, { ISOGATE_ARM_ROLE: state.role, ISOGATE_ARM_BUILD: state.build, ISOGATE_ARM_EXPOSURE: formatExposure(state.exposure), ISOGATE_ARM_TENANTS: (state.tenants ?? []).join(',') });
  for (const [k, v] of Object.entries(spec.env)) env[k] = await fill(v, port, name, ctx, state);
  const [cmd, ...args] = argv as [string, ...string[]];
  const url = `http://127.0.0.1:${port}`;
  const started = await startChildProcess({ command: cmd, args, cwd: ctx.dir, env, readyUrl: url + spec.readyPath, readyTimeoutMs: spec.startTimeoutMs, capture: 'stderr', killAfterMs: 3000 });
  if (started.kind === 'failed') {
    throw new IsogateError('ISOGATE_SERVICE_START_FAILED', `expected the ${name} command to answer ${spec.readyPath} on port ${port}, but ${started.reason}${started.output ? `; stderr: ${started.output}` : ''}`, {
      hint: `run \`${spec.command.join(' ')}\` by hand with PORT=${port}; it must listen on the {port} or PORT it is given`,
    });
  }
  return { url, kind: 'command', stop: started.child.stop };
}

interface StartedByModule { url: string; stop?: () => Promise<unknown> | void; close?: () => Promise<unknown> | void; exposedTenants?: unknown; newPathRequests?: unknown }

function isStarted(value: unknown): value is StartedByModule {
  return typeof value === 'object' && value !== null && typeof (value as { url?: unknown }).url === 'string';
}

async function startModule(spec: Extract<ArmSpec, { module: string }>, name: string, ctx: ArmContext, state?: ArmStart): Promise<RunningArm> {
  const mod = (await import(pathToFileURL(resolve(ctx.dir, spec.module)).href)) as Record<string, unknown>;
  const factory = mod[spec.export];
  if (typeof factory !== 'function') {
    throw new IsogateError('ISOGATE_TARGET_INVALID', `expected ${spec.module} to export a function ${spec.export}, found ${typeof factory}`);
  }
  const started: unknown = await (factory as (o: unknown) => Promise<unknown>)({
    redisUrl: await ctx.redisUrl(), namespace: `${await ctx.namespace()}:${name}`, ...spec.options, ...(state === undefined ? {} : { role: state.role, build: state.build, exposure: state.exposure, ...(state.tenants === undefined ? {} : { tenants: state.tenants }) }),
  });
  if (!isStarted(started)) {
    throw new IsogateError('ISOGATE_TARGET_INVALID', `expected ${spec.export}() to resolve to { url, stop() }, found something else`);
  }
  const end = started.stop ?? started.close;
  const exposed = Array.isArray(started.exposedTenants) && started.exposedTenants.every((t) => typeof t === 'string') ? started.exposedTenants as string[] : undefined;
  const count = typeof started.newPathRequests === 'function' ? started.newPathRequests as () => Promise<number> : undefined;
  return {
    url: started.url.replace(/\/$/, ''), kind: 'module', stop: async () => { await end?.call(started); },
    ...(exposed === undefined ? {} : { exposedTenants: exposed }), ...(count === undefined ? {} : { newPathRequests: () => count.call(started) }),
  };
}

/** Reaches or starts one arm (`name` is baseline or candidate, used in its namespace and errors). */
export async function startArm(spec: ArmSpec, name: string, ctx: ArmContext, state?: ArmStart): Promise<RunningArm> {
  if ('url' in spec) {
    const url = spec.url.replace(/\/$/, '');
    const host = new URL(url).hostname;
    if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
      // Load is traffic: refuse to aim it at another machine by accident.
      throw new IsogateError('ISOGATE_CONFIG_INVALID', `expected the ${name} URL to be on this machine (127.0.0.1), found ${redactUrl(url)}`, {
        hint: 'isogate load only drives loopback services; run the service locally or forward a port',
      });
    }
    return { url, kind: 'url', stop: async () => undefined };
  }
  if ('command' in spec) return startCommand(spec, name, ctx, state);
  return startModule(spec, name, ctx, state);
}
