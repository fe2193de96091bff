/**
 * Globs as the config writes them (`src/**`, `*.ts`, `{a,b}`), matched against paths relative
 * to the config file with `/`. A pattern without a glob character also matches a directory
 * prefix, so `src/gateway` covers the files under it.
 */
export class GlobSet {
  private readonly patterns: RegExp[];

  constructor(globs: readonly string[]) {
    this.patterns = globs.map(globToRegExp);
  }

  get empty(): boolean {
    return this.patterns.length === 0;
  }

  matches(relPath: string): boolean {
    return this.patterns.some((p) => p.test(relPath));
  }
}

function globToRegExp(glob: string): RegExp {
  const g = glob.replace(/^\.\//, '').replace(/\/$/, '');
  let out = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i] as string;
    if (c === '*' && g[i + 1] === '*') {
      const slash = g[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') {
      const end = g.indexOf('}', i);
      const options = g.slice(i + 1, end).split(',').map(escape);
      out += `(?:${options.join('|')})`;
      i = end;
    } else out += escape(c);
  }
  const literal = !/[*?{]/.test(g);
  return new RegExp(`^${out}${literal ? '(?:/.*)?' : ''}$`);
}

function escape(s: string): string {
  return s.replace(/[.+^$()|[\]\\]/g, '\\$&');
}
