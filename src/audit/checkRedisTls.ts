import { ts } from 'ts-morph';
import type { RuleContext } from './RuleContext.js';

const PLAIN_REDIS = /\bredis:\/\//;

/** Rule `redis-tls` on a production config file written in TypeScript. */
export function checkRedisTls(ctx: RuleContext): void {
  if (!ctx.settings.productionConfig.matches(ctx.file)) return;
  const visit = (node: ts.Node): void => {
    if ((ts.isStringLiteralLike(node) || ts.isTemplateHead(node)) && PLAIN_REDIS.test(node.text)) {
      ctx.sink.report('redis-tls', node, 'production Redis URL uses redis:// (plain text); production requires rediss:// (TLS)', 'redis-url');
    }
    ts.forEachChild(node, visit);
  };
  visit(ctx.sf);
}

/** Rule `redis-tls` on a production config file of any other kind (.env, .json, .yaml): line by line. */
export function plainRedisUrlLines(text: string): Array<{ line: number; column: number }> {
  const out: Array<{ line: number; column: number }> = [];
  text.split('\n').forEach((line, i) => {
    const m = PLAIN_REDIS.exec(line);
    if (m !== null && !/^\s*#/.test(line)) out.push({ line: i + 1, column: m.index + 1 });
  });
  return out;
}
