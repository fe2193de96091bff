import { z } from 'zod';

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 } as const;

/** A Prometheus duration of one unit (`90s`, `30m`, `48h`, `7d`), the form range selectors take. */
export const promDurationSchema = z.string().regex(/^\d+[smhdw]$/, 'expected a duration like 30s, 15m, 48h or 7d');

export function durationSeconds(text: string): number {
  const unit = text.slice(-1) as keyof typeof UNIT_SECONDS;
  return Number(text.slice(0, -1)) * UNIT_SECONDS[unit];
}
