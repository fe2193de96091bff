import type { AuditSettings } from '../AuditSettings.js';
import { computeTaint, type Taint } from '../TaintSet.js';
import { wordPattern } from '../TextPrefilter.js';
import { TOKEN_PREFIX } from '../tokenNames.js';
import type { AuditFile } from './AuditFile.js';
import type { FileAnalyser } from './FileAnalyser.js';

/**
 * The taint fixpoint: names bound from state names are state too. A file ruled out by the
 * prefilter is parsed after all when it imports a module whose exports lead to state (the import
 * graph: however it names what it takes) or mentions a project-wide tainted name (a member, a
 * value handed over without an import), until no more are.
 */
export function taintFixpoint(settings: AuditSettings, files: AuditFile[], analyser: FileAnalyser): { files: AuditFile[]; taint: Taint } {
  let current = files;
  let taint = computeTaint(settings, current.map((f) => [f.abs, f.facts] as const));
  for (let seen = 0; taint.global.size > seen;) {
    seen = taint.global.size;
    // A token is mentioned by its text: the string literal or the constant's name.
    const mentions = new RegExp(wordPattern([...taint.global].map((n) => (n.startsWith(TOKEN_PREFIX) ? n.slice(TOKEN_PREFIX.length) : n))));
    let more = 0;
    current = current.map((f) => {
      if (f.facts.unparsed !== true || !(f.facts.deps.some((d) => taint.global.has(`module:${d}`)) || mentions.test(f.text))) return f;
      more++;
      return analyser.parse(f);
    });
    if (more > 0) taint = computeTaint(settings, current.map((f) => [f.abs, f.facts] as const));
  }
  return { files: current, taint };
}
