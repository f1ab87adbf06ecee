/**
 * The demo's chart: traffic share by version over time (a stacked area per second, failed
 * requests in red on top), phase boundaries as labelled lines, and the load itself (requests
 * per second, a black line on its own right-hand scale) so a dip in the load is not mistaken
 * for a shift. Rendered as SVG by hand (no
 * charting package here) and turned into a PNG by headless Chromium's screenshot.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';

export interface ChartInput {
  /** One row per second: version → requests answered by it (and `FAILED`). */
  seconds: { epochS: number; counts: Map<string, number> }[];
  /** Versions in order of first appearance. */
  versions: string[];
  phases: { name: string; startedAt: number }[];
  title: string;
}

const COLORS = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#b07aa1',
  '#76b7b2',
  '#edc948',
  '#9c755f',
  '#bab0ac',
  '#ff9da7',
];
const W = 1400;
const H = 560;
const M = { left: 80, right: 270, top: 50, bottom: 50 };
/** The legend's left edge: right of the requests/s scale. */
const LEGEND_X = W - M.right + 60;

export function trafficChartSvg(input: ChartInput): string {
  const { seconds, versions } = input;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const n = Math.max(1, seconds.length - 1);
  const t0 = seconds[0]?.epochS ?? 0;
  const x = (i: number) => M.left + (i / n) * plotW;
  const y = (share: number) => M.top + (1 - share) * plotH;
  const series = [...versions, 'FAILED'];
  const shares = seconds.map(({ counts }) => {
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    return series.map((v) => (total ? (counts.get(v) ?? 0) / total : 0));
  });
  const parts: string[] = [];
  const below = seconds.map(() => 0);
  series.forEach((version, k) => {
    const top = shares.map((row, i) => below[i]! + row[k]!);
    const points = [
      ...top.map((s, i) => `${x(i).toFixed(1)},${y(s).toFixed(1)}`),
      ...below.map((s, i) => `${x(i).toFixed(1)},${y(s).toFixed(1)}`).reverse(),
    ];
    const color = version === 'FAILED' ? '#e15759' : COLORS[k % COLORS.length];
    parts.push(`<polygon points="${points.join(' ')}" fill="${color}" stroke="none"/>`);
    top.forEach((s, i) => (below[i] = s));
    const ly = M.top + 20 + k * 22;
    parts.push(
      `<rect x="${LEGEND_X}" y="${ly - 12}" width="14" height="14" fill="${color}"/>`,
      `<text x="${LEGEND_X + 20}" y="${ly}" font-size="13">${escapeXml(version)}</text>`,
    );
  });
  const totals = seconds.map(({ counts }) => [...counts.values()].reduce((a, b) => a + b, 0));
  // The last second is partial (the load stopped within it): left out of the scale.
  const peak = Math.max(1, ...totals.slice(0, -1));
  const rateY = (perSecond: number) => M.top + (1 - Math.min(1, perSecond / peak)) * plotH;
  parts.push(
    `<polyline points="${totals.map((t, i) => `${x(i).toFixed(1)},${rateY(t).toFixed(1)}`).join(' ')}" fill="none" stroke="#111" stroke-width="1.2"/>`,
  );
  for (const fraction of [0, 0.5, 1]) {
    const perSecond = Math.round(peak * fraction);
    parts.push(
      `<text x="${M.left + plotW + 6}" y="${rateY(perSecond) + 4}" font-size="11">${perSecond}/s</text>`,
    );
  }
  const ly = M.top + 20 + series.length * 22;
  parts.push(
    `<line x1="${LEGEND_X}" y1="${ly - 5}" x2="${LEGEND_X + 14}" y2="${ly - 5}" stroke="#111" stroke-width="1.2"/>`,
    `<text x="${LEGEND_X + 20}" y="${ly}" font-size="13">requests/s (right scale)</text>`,
  );
  for (const phase of input.phases) {
    // The first phase starts before the load does (the load needs the service's URL): its
    // mark goes at the left edge.
    const i = Math.max(0, Math.floor(phase.startedAt / 1000) - t0);
    if (i > n) continue;
    parts.push(
      `<line x1="${x(i)}" y1="${M.top}" x2="${x(i)}" y2="${M.top + plotH}" stroke="#333" stroke-dasharray="4 3"/>`,
      `<text x="${x(i) + 3}" y="${M.top + plotH + 16}" font-size="11" transform="rotate(20 ${x(i) + 3} ${M.top + plotH + 16})">${escapeXml(phase.name)}</text>`,
    );
  }
  for (const share of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(
      `<line x1="${M.left - 4}" y1="${y(share)}" x2="${M.left}" y2="${y(share)}" stroke="#333"/>`,
      `<text x="${M.left - 8}" y="${y(share) + 4}" font-size="11" text-anchor="end">${share * 100} %</text>`,
    );
  }
  const step = Math.max(10, Math.ceil(n / 12 / 10) * 10);
  for (let i = 0; i <= n; i += step)
    parts.push(
      `<text x="${x(i)}" y="${M.top - 8}" font-size="11" text-anchor="middle">${i} s</text>`,
    );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif">
<rect width="${W}" height="${H}" fill="white"/>
<text x="${M.left}" y="22" font-size="16" font-weight="bold">${escapeXml(input.title)}</text>
<text x="${M.left - 62}" y="${M.top + plotH / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 ${M.left - 62} ${M.top + plotH / 2})">share of requests answered</text>
<text x="${M.left + plotW}" y="22" font-size="12" text-anchor="end">x: seconds since the load started</text>
<rect x="${M.left}" y="${M.top}" width="${plotW}" height="${plotH}" fill="#f4f4f4"/>
${parts.join('\n')}
</svg>
`;
}

/** Writes the SVG and, when Chromium is installed, the PNG next to it. Returns the PNG path or null. */
export function writeChart(svg: string, svgPath: string, pngPath: string): string | null {
  writeFileSync(svgPath, svg);
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  if (!chromium) return null;
  const shot = spawnSync(
    chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--hide-scrollbars',
      `--window-size=${W},${H}`,
      `--screenshot=${pngPath}`,
      `file://${svgPath}`,
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  return shot.status === 0 && existsSync(pngPath) ? pngPath : null;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
