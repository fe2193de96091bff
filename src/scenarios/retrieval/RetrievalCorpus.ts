import { hexToken, pick } from '../../random/index.js';

export interface CanaryDocument {
  id: string;
  tenant: string;
  text: string;
  canary: string;
}

const VOCABULARY = ['invoice', 'rollout', 'quarterly', 'forecast', 'vector', 'latency', 'contract', 'renewal', 'pipeline',
  'incident', 'postmortem', 'budget', 'roadmap', 'customer', 'churn', 'pricing', 'migration', 'schema', 'tenant', 'policy',
  'audit', 'security', 'retention', 'archive', 'search', 'ranking', 'feedback', 'escalation', 'onboarding', 'billing'];

export function words(random: () => number, n: number): string {
  return Array.from({ length: n }, () => pick(random, VOCABULARY)).join(' ');
}

/**
 * Each tenant's documents carry a canary unique to the tenant and the document, so any
 * result that shows one in another tenant's answer is a leak whatever the ranking did.
 */
export function canaryCorpus(random: () => number, tenants: readonly string[], perTenant: number): CanaryDocument[] {
  const docs: CanaryDocument[] = [];
  for (const tenant of tenants) {
    for (let i = 0; i < perTenant; i++) {
      const canary = `cnry-rag-${tenant}-${hexToken(random)}`;
      docs.push({ id: `doc-${tenant}-${i}-${hexToken(random, 6)}`, tenant, canary, text: `${words(random, 6)} ${canary} ${words(random, 6)}` });
    }
  }
  return docs;
}

/** A query: plain words, or a quote of some document (often another tenant's canary text). */
export function randomQuery(random: () => number, docs: readonly CanaryDocument[]): string {
  const roll = random();
  if (roll < 0.3 || docs.length === 0) return words(random, 3);
  const doc = pick(random, docs);
  return roll < 0.85 ? doc.text : doc.canary;
}
