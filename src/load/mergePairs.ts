import { emptyArmSamples, mergeArmSamples } from './ArmSamples.js';
import type { Measurement } from './measureLoad.js';

/** Block ids of different pairs never meet: a pair's blocks are its own. */
const BLOCKS_PER_PAIR = 1e9;

/** Fresh process pairs laid end to end: one measurement, each pair's time blocks kept apart. */
export function mergePairs(pairs: readonly Measurement[]): Measurement {
  const first = pairs[0];
  if (first === undefined) throw new RangeError('expected at least one measured pair, found none');
  const baseline = emptyArmSamples();
  const candidate = emptyArmSamples();
  let offsetMs = 0;
  pairs.forEach((m, i) => {
    mergeArmSamples(baseline, m.baseline, offsetMs, i * BLOCKS_PER_PAIR);
    mergeArmSamples(candidate, m.candidate, offsetMs, i * BLOCKS_PER_PAIR);
    offsetMs += [m.baseline.atMs, m.candidate.atMs].reduce((hi, xs) => xs.reduce((a, x) => (x > a ? x : a), hi), 0) + 1;
  });
  const counted = pairs.every((m) => m.newPathRequests !== undefined);
  const mean = (f: (m: Measurement) => number): number => pairs.reduce((a, m) => a + f(m), 0) / pairs.length;
  return {
    baseline, candidate, rounds: pairs.flatMap((m) => m.rounds), problems: pairs.flatMap((m) => m.problems),
    placement: { ...first.placement, rounds: pairs.reduce((a, m) => a + m.placement.rounds, 0), countOnlyRounds: pairs.reduce((a, m) => a + m.placement.countOnlyRounds, 0), askedRpsPerArm: mean((m) => m.placement.askedRpsPerArm),
      achievedRpsPerArm: { baseline: mean((m) => m.placement.achievedRpsPerArm.baseline), candidate: mean((m) => m.placement.achievedRpsPerArm.candidate) } },
    ...(counted ? { newPathRequests: pairs.reduce((a, m) => a + (m.newPathRequests ?? 0), 0) } : {}),
  };
}
