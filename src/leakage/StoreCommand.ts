import type fc from 'fast-check';
import type { StoreModel } from './StoreModel.js';
import type { StoreRun } from './StoreRun.js';
import type { StoreStep } from './StoreStep.js';
import { tenantLabel } from './tenantLabel.js';

/** One step as a fast-check async command; its toString is what a counterexample prints. */
export class StoreCommand implements fc.AsyncCommand<StoreModel, StoreRun> {
  constructor(readonly step: StoreStep) {}

  check(): boolean {
    return true;
  }

  run(model: StoreModel, real: StoreRun): Promise<void> {
    return real.execute(this.step, model);
  }

  toString(): string {
    return describeStep(this.step);
  }
}

function describeOp(op: { kind: string; tenant: number; slot?: number }): string {
  return `${op.kind}(${tenantLabel(op.tenant)}${op.slot === undefined ? '' : `, k${op.slot}`})`;
}

export function describeStep(step: StoreStep): string {
  switch (step.kind) {
    case 'op': return describeOp(step.op);
    case 'concurrent':
      return `concurrently[${step.ops.map(describeOp).join(' ‖ ')}] schedule=${JSON.stringify(step.schedule)}${step.fault === null ? '' : ` +${step.fault}`}`;
    case 'flip': return `flip(${step.flag}, ${step.on ? 'on' : 'off'}, ${step.tenant === null ? 'all' : tenantLabel(step.tenant)})`;
    case 'fault': return `fault(${step.fault})`;
  }
}
