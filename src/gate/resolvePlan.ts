import { IsogateError } from '../errors/index.js';
import { withLoadArgs } from './loadArgs.js';
import type { GateConfig, ThresholdOverride } from './GateConfig.js';
import { PRESETS, PRESET_NAMES, type PresetName } from './presets/index.js';
import type { Criterion, Stage, StagePlan } from './StagePlan.js';

function isPreset(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

function applyOverride(c: Criterion, o: ThresholdOverride): Criterion {
  const overriddenFrom = { value: c.value, ...(c.minSamples === undefined ? {} : { minSamples: c.minSamples.value }) };
  if (typeof o === 'number') return { ...c, value: o, overriddenFrom };
  const next: Criterion = { ...c, value: o.value ?? c.value, overriddenFrom };
  if (o.minSamples !== undefined) {
    if (c.minSamples === undefined) {
      throw new IsogateError('ISOGATE_CONFIG_INVALID', `gate.overrides.${c.id}.minSamples: criterion ${c.id} has no sample minimum to override`, {
        hint: 'override only its value, or define the criterion in a plan of your own',
      });
    }
    next.minSamples = { ...c.minSamples, value: o.minSamples };
  }
  return next;
}

/**
 * The plan a gate runs: `--plan` beats the config's `gate.plan`; overrides must each name a
 * criterion of that plan (a typo would otherwise silently keep the preset's threshold).
 */
export function resolvePlan(gate: GateConfig, planFlag?: string): StagePlan {
  let plan: StagePlan;
  if (planFlag !== undefined) {
    if (!isPreset(planFlag)) {
      const customId = typeof gate.plan === 'string' ? undefined : gate.plan.id;
      if (planFlag !== customId) {
        throw new IsogateError('ISOGATE_USAGE', `expected --plan to be one of ${PRESET_NAMES.join(', ')}${customId === undefined ? '' : ` or ${customId} (from the config)`}, found ${JSON.stringify(planFlag)}`, {
          hint: 'name a preset, or define gate.plan in isogate.config.ts',
        });
      }
      plan = gate.plan as StagePlan;
    } else {
      plan = PRESETS[planFlag];
    }
  } else {
    plan = typeof gate.plan === 'string' ? PRESETS[gate.plan] : gate.plan;
  }
  const known = new Set(plan.stages.flatMap((s) => s.criteria.map((c) => c.id)));
  const unknown = Object.keys(gate.overrides).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    throw new IsogateError('ISOGATE_CONFIG_INVALID', `gate.overrides: no criterion ${unknown.map((u) => JSON.stringify(u)).join(', ')} in plan ${plan.id}`, {
      hint: `criterion ids look like ${[...known].slice(0, 3).join(', ')}; \`isogate gate --plan ${plan.id} --list\` prints them all`,
    });
  }
  const stages: Stage[] = plan.stages.map((s) => {
    const criteria = s.criteria.map((c) => {
      const o = gate.overrides[c.id];
      return o === undefined ? c : applyOverride(c, o);
    });
    // The load run is told the limits the gate applies, overrides included: one judge, one limit.
    return { ...s, criteria, runs: s.runs.map((r) => ({ ...r, argv: withLoadArgs(r.argv, criteria, s.arms) })) };
  });
  return { ...plan, stages };
}

export function findStage(plan: StagePlan, stageId: string): { stage: Stage; previous: Stage | undefined } {
  const index = plan.stages.findIndex((s) => s.id === stageId);
  const stage = plan.stages[index];
  if (stage === undefined) {
    throw new IsogateError('ISOGATE_USAGE', `expected --stage to be a stage of plan ${plan.id} (${plan.stages.map((s) => s.id).join(', ')}), found ${JSON.stringify(stageId)}`, {
      hint: `pick one of: ${plan.stages.map((s) => s.id).join(', ')}`,
    });
  }
  return { stage, previous: index > 0 ? plan.stages[index - 1] : undefined };
}
