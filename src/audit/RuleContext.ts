import type { ts } from 'ts-morph';
import type { AuditSettings } from './AuditSettings.js';
import type { FindingSink } from './FindingSink.js';
import type { StateResolver } from './StateResolver.js';

/** What a rule sees of one file. */
export interface RuleContext {
  sf: ts.SourceFile;
  /** Path relative to the root, with `/`. */
  file: string;
  settings: AuditSettings;
  sink: FindingSink;
  isWrapper: boolean;
}

/** What a rule that needs the type checker sees. */
export interface CheckedRuleContext extends RuleContext {
  resolver: StateResolver;
  /** Names the syntax pass found may lead to state. */
  tainted: ReadonlySet<string>;
}
