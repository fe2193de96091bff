import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeEvidence } from '../../src/evidence/index.js';
import { PRESETS, resolvePlan, gateConfigSchema, runGate } from '../../src/gate/index.js';
import { pilotLeaking } from './sampleEvidence.js';

const run = promisify(execFile);

async function findChromium(): Promise<string | undefined> {
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      await run('which', [name]);
      return name;
    } catch {
      // not this one
    }
  }
  return undefined;
}

const chromium = await findChromium();
if (chromium === undefined) console.log('SKIP report.html in Chromium: no `chromium` on PATH (Debian: apt-get install -y chromium)');

let root: string;
let html: string;

function flags(profile: string): string[] {
  return ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`];
}

describe.skipIf(chromium === undefined)('report.html in real headless Chromium', () => {
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'isogate-chromium-'));
    const evidence = join(root, 'evidence');
    for (const e of pilotLeaking()) await writeEvidence(evidence, e);
    const result = await runGate({
      plan: resolvePlan(gateConfigSchema.parse({})), stageId: 'pilot', gate: gateConfigSchema.parse({}), cwd: root,
      env: { GITHUB_SHA: 'd'.repeat(40) }, reportsDir: join(root, 'reports'), config: { path: null, hash: 'none' }, force: true,
      evidenceDir: evidence, progress: () => undefined,
    });
    html = result.files.html;
  });
  afterAll(async () => {
    if (process.env['ISOGATE_KEEP_SCREENSHOT'] !== '1') await rm(root, { recursive: true, force: true });
  });

  it('renders the verdict banner and every criterion, with no network', async () => {
    const profile = join(root, 'profile-dom');
    await mkdir(profile);
    const { stdout } = await run(chromium ?? 'chromium', [...flags(profile), '--dump-dom', pathToFileURL(html).href], { timeout: 45_000, maxBuffer: 16 << 20 });
    expect(stdout).toMatch(/<div class="banner NO-GO" id="verdict" data-verdict="NO-GO">/);
    expect(stdout).toContain('<h1>NO-GO</h1>');
    const criteria = PRESETS['tenant-scoped-state'].stages[1]?.criteria ?? [];
    expect(stdout).toContain(`NO-GO: 1 of ${criteria.length} criteria failed (pilot.no-leaks)`);
    for (const c of criteria) expect(stdout).toContain(`<code>${c.id}</code>`);
    expect(stdout.match(/<tr class="(pass|fail|inconclusive)">/g)).toHaveLength(criteria.length);
    expect(stdout).toContain('<svg');
    const source = await readFile(html, 'utf8');
    expect(source).not.toMatch(/<script|<link|src=|href="https?:/);
  }, 50_000);

  it('saves a screenshot of the report', async () => {
    const profile = join(root, 'profile-shot');
    await mkdir(profile);
    const png = join(root, 'report.png');
    await run(chromium ?? 'chromium', [...flags(profile), `--screenshot=${png}`, '--window-size=1280,1600', pathToFileURL(html).href], { timeout: 45_000 });
    const bytes = await readFile(png);
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    // not timing: a byte size (a blank page compresses far smaller than a rendered report)
    expect((await stat(png)).size).toBeGreaterThan(20_000);
    console.log(`screenshot: ${png}${process.env['ISOGATE_KEEP_SCREENSHOT'] === '1' ? '' : ' (removed after the test; ISOGATE_KEEP_SCREENSHOT=1 keeps it)'}`);
  }, 50_000);
});
