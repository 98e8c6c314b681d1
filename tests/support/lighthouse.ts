// Lighthouse on one page of ours, offline: Debian's Chromium started by chrome-launcher, Lighthouse's
// default phone (simulated throttling), its four categories; what it found, as plain figures and as
// text that says what to fix.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launch } from 'chrome-launcher';
import lighthouse, { generateReport, type Flags, type Result } from 'lighthouse';
import { checkChromium, chromiumPath } from './chromium.ts';

export const categories = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
export type Category = (typeof categories)[number];

export interface FailingAudit {
  id: string;
  title: string;
  /** The categories it belongs to, with its weight in each (0: a hint that costs no points). */
  weights: Partial<Record<Category, number>>;
  /** 0 to 1, or null when the audit could not run. */
  score: number | null;
  displayValue?: string;
  /** Its findings, one line each: which element, script or request, and why. */
  details: string[];
}

export interface RequestRecord {
  url: string;
  resourceType: string;
  mimeType: string;
  status: number;
  /** Bytes on the wire (headers and the body as sent, compressed when it was). */
  transferBytes: number;
  /** The body's bytes once decoded. */
  resourceBytes: number;
}

export interface LighthouseRun {
  /** 0 to 100, as the report shows them. */
  scores: Record<Category, number>;
  failing: FailingAudit[];
  totalBlockingTimeMs: number;
  /** The main thread's long tasks, as Lighthouse simulated them on its phone. */
  longTasks: { url: string; startMs: number; durationMs: number }[];
  /** Main-thread time by script (Lighthouse's "JavaScript execution time"). */
  scriptTime: { url: string; totalMs: number; scriptingMs: number; parseMs: number }[];
  requests: RequestRecord[];
  transferBytes: number;
  /** Requests to anywhere but the page's own origin: there must be none. */
  elsewhere: string[];
  /**
   * Lighthouse's measure of this machine's speed. The simulated phone's main thread is this
   * machine's, slowed four times: a busy machine scores lower on performance.
   */
  benchmarkIndex: number;
  /** What Lighthouse warns of about the run itself (a slow machine, a page that kept changing). */
  warnings: string[];
  /** How long the run took here, Chromium's start included. */
  runMs: number;
  lhr: Result;
}

/**
 * Besides the check of each request the page made, Chromium resolves no name but the tested host:
 * neither the page nor the browser's own services (its account and update checks) can look up, let
 * alone reach, anywhere else.
 */
const chromeFlags = (host: string) => ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', `--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE ${host}`];

const flags: Flags = {
  output: 'json',
  logLevel: 'error',
  onlyCategories: [...categories],
  formFactor: 'mobile',
  throttlingMethod: 'simulate',
  // A picture of the whole page is for the HTML report only: a long thread makes it slow and large.
  disableFullPageScreenshot: true,
};

/** Runs Lighthouse once against `url` in a Chromium of its own, closed afterwards. */
export async function runLighthouse(url: string): Promise<LighthouseRun> {
  checkChromium();
  const started = Date.now();
  const chrome = await launch({ chromePath: chromiumPath, chromeFlags: chromeFlags(new URL(url).hostname), logLevel: 'silent', handleSIGINT: false });
  let lhr: Result;
  try {
    const result = await lighthouse(url, { ...flags, port: chrome.port });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    lhr = result.lhr;
  } finally {
    chrome.kill();
  }
  if (lhr.runtimeError) throw new Error(`Lighthouse could not test ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const requests = tableItems(lhr, 'network-requests').map((item) => ({
    url: String(item['url']),
    resourceType: String(item['resourceType'] ?? ''),
    mimeType: String(item['mimeType'] ?? ''),
    status: Number(item['statusCode'] ?? 0),
    transferBytes: Number(item['transferSize'] ?? 0),
    resourceBytes: Number(item['resourceSize'] ?? 0),
  }));
  const origin = new URL(url).origin;
  return {
    scores: Object.fromEntries(categories.map((id) => [id, Math.round((lhr.categories[id]?.score ?? 0) * 100)])) as Record<Category, number>,
    failing: failingAudits(lhr),
    totalBlockingTimeMs: Math.round(lhr.audits['total-blocking-time']?.numericValue ?? Number.NaN),
    longTasks: tableItems(lhr, 'long-tasks').map((item) => ({ url: String(item['url']), startMs: Math.round(Number(item['startTime'])), durationMs: Math.round(Number(item['duration'])) })),
    scriptTime: tableItems(lhr, 'bootup-time').map((item) => ({
      url: String(item['url']),
      totalMs: Math.round(Number(item['total'])),
      scriptingMs: Math.round(Number(item['scripting'])),
      parseMs: Math.round(Number(item['scriptParseCompile'])),
    })),
    requests,
    transferBytes: requests.reduce((sum, request) => sum + request.transferBytes, 0),
    elsewhere: requests.map((request) => request.url).filter((address) => !/^(data|blob):/.test(address) && new URL(address).origin !== origin),
    benchmarkIndex: Math.round(lhr.environment.benchmarkIndex),
    warnings: lhr.runWarnings.map(String),
    runMs: Date.now() - started,
    lhr,
  };
}

type Item = Record<string, unknown>;

function tableItems(lhr: Result, auditId: string): Item[] {
  const details = lhr.audits[auditId]?.details;
  return details && 'items' in details && Array.isArray(details.items) ? (details.items as Item[]) : [];
}

/** Every audit of the four categories that did not pass, weightiest first within its category. */
function failingAudits(lhr: Result): FailingAudit[] {
  const found = new Map<string, FailingAudit>();
  for (const category of categories) {
    const refs = [...(lhr.categories[category]?.auditRefs ?? [])].sort((a, b) => b.weight - a.weight);
    for (const ref of refs) {
      const audit = lhr.audits[ref.id];
      if (!audit) continue;
      const failed = audit.scoreDisplayMode === 'error' || (['binary', 'numeric', 'metricSavings'].includes(audit.scoreDisplayMode) && audit.score !== null && audit.score < 1);
      if (!failed) continue;
      const entry = found.get(ref.id) ?? {
        id: ref.id,
        title: audit.title,
        weights: {},
        score: audit.score,
        ...(audit.displayValue ? { displayValue: audit.displayValue } : {}),
        details: audit.scoreDisplayMode === 'error' ? [`could not run: ${audit.errorMessage ?? 'no reason given'}`] : describeDetails(audit.details),
      };
      entry.weights[category] = ref.weight;
      found.set(ref.id, entry);
    }
  }
  return [...found.values()];
}

const itemsShown = 12;

/** One line per finding of an audit's table, list or checklist. */
function describeDetails(details: unknown): string[] {
  if (!details || typeof details !== 'object') return [];
  const d = details as { type?: string; items?: unknown; headings?: { key: string | null; label: unknown }[] };
  if (d.type === 'list' && Array.isArray(d.items)) return d.items.flatMap((part) => describeDetails(part));
  if (d.type === 'debugdata') return [];
  if (d.type === 'list-section') {
    const section = details as { title?: unknown; value?: unknown };
    const lines = describeDetails(section.value);
    return lines.length > 0 && section.title ? [String(section.title), ...lines] : lines;
  }
  if (d.type === 'network-tree') return describeChains((details as { chains: NetworkNode }).chains, '');
  if (d.type === 'checklist' && d.items && typeof d.items === 'object') {
    return Object.values(d.items as Record<string, { value: boolean; label: unknown }>).filter((check) => !check.value).map((check) => `not met: ${String(check.label)}`);
  }
  if (!Array.isArray(d.items)) return [];
  const headings = (d.headings ?? []).filter((heading): heading is { key: string; label: unknown } => heading.key !== null);
  const lines = (d.items as Item[]).slice(0, itemsShown).map((item) => {
    const keys = headings.length > 0 ? headings : Object.keys(item).filter((key) => key !== 'debugData' && key !== 'subItems').map((key) => ({ key, label: key }));
    const cells = keys.map(({ key, label }) => (item[key] === undefined ? '' : `${String(label) || key}: ${describeValue(item[key])}`)).filter(Boolean);
    const sub = (item['subItems'] as { items?: Item[] } | undefined)?.items ?? [];
    return [cells.join('; '), ...sub.slice(0, 4).map((subItem) => `  · ${Object.values(subItem).map(describeValue).join('; ')}`)].join('\n');
  });
  if (d.items.length > itemsShown) lines.push(`… and ${d.items.length - itemsShown} more`);
  return lines;
}

type NetworkNode = Record<string, { url: string; navStartToEndTime: number; transferSize: number; isLongest?: boolean; children?: NetworkNode }>;

/** A chain of requests, each under the one that started it, with when it ended. */
function describeChains(chains: NetworkNode, indent: string): string[] {
  return Object.values(chains).flatMap((node) => [
    `${indent}${node.url}: ended at ${Math.round(node.navStartToEndTime)} ms, ${node.transferSize} bytes${node.isLongest ? ' (longest chain)' : ''}`,
    ...describeChains(node.children ?? {}, `${indent}  `),
  ]);
}

function describeValue(value: unknown): string {
  if (typeof value === 'number') return String(Math.round(value * 10) / 10);
  if (!value || typeof value !== 'object') return String(value);
  const v = value as Record<string, unknown>;
  switch (v['type']) {
    case 'node':
      return [v['selector'], v['snippet'], v['explanation']].filter(Boolean).join(' ');
    case 'source-location':
      return `${String(v['url'])}:${Number(v['line']) + 1}:${Number(v['column']) + 1}`;
    case 'url':
    case 'code':
    case 'text':
    case 'numeric':
      return String(v['value']);
    case 'link':
      return `${String(v['text'])} (${String(v['url'])})`;
    default:
      return JSON.stringify(value);
  }
}

/** The failing audits as a report's reader would want them: title, figure, then each finding. */
export function describeFailures(run: LighthouseRun): string {
  const scores = categories.map((category) => `${category} ${run.scores[category]}`).join(', ');
  const audits = run.failing.map((audit) => {
    const weights = Object.entries(audit.weights).map(([category, weight]) => `${category} weight ${weight}`).join(', ');
    const score = audit.score === null ? 'no score' : `score ${audit.score}`;
    return [`- ${audit.title} [${audit.id}; ${score}; ${weights}]${audit.displayValue ? `: ${audit.displayValue}` : ''}`, ...audit.details.map((line) => `    ${line}`)].join('\n');
  });
  return [`Scores: ${scores}`, 'Failing audits:', ...audits].join('\n');
}

/** Writes the run's report, as Lighthouse's own HTML page and as JSON, to `dir`/`name`.html and .json. */
export async function saveReport(run: LighthouseRun, dir: string, name: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${name}.html`), generateReport(run.lhr, 'html'));
  await writeFile(join(dir, `${name}.json`), JSON.stringify(run.lhr, null, 2));
}
