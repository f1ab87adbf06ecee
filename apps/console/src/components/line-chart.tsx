import { useId } from 'react';

export interface Series {
  name: string;
  /** A CSS class giving the line its colour (primary / canary / retired). */
  tone: string;
  /** One value per second, oldest first; null: no data that second. */
  values: (number | null)[];
}

const W = 600;
const H = 150;
const PAD = { left: 44, right: 8, top: 8, bottom: 20 };

function niceMax(max: number): number {
  if (max <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * magnitude).find((m) => m >= max)!;
}

function pathOf(values: (number | null)[], yMax: number): string {
  const step = (W - PAD.left - PAD.right) / Math.max(1, values.length - 1);
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    const x = PAD.left + i * step;
    const y = PAD.top + (H - PAD.top - PAD.bottom) * (1 - Math.min(v, yMax) / yMax);
    d += `${pen ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`;
    pen = true;
  });
  return d;
}

/** One metric over the window, a line per version, drawn as inline SVG (no chart library). */
export function LineChart(props: {
  title: string;
  unit: string;
  series: Series[];
  windowS: number;
  latest: (s: Series) => string;
}) {
  const titleId = useId();
  const max = niceMax(
    Math.max(0, ...props.series.flatMap((s) => s.values.filter((v): v is number => v !== null))),
  );
  const summary = props.series.map((s) => `${s.name}: ${props.latest(s)}`).join(' · ');
  return (
    <figure className="chart">
      <figcaption id={titleId}>
        <strong>{props.title}</strong>{' '}
        <span className="chart-latest">{summary || 'no traffic'}</span>
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby={titleId}
        preserveAspectRatio="none"
      >
        {[0, 0.5, 1].map((f) => {
          const y = PAD.top + (H - PAD.top - PAD.bottom) * (1 - f);
          return (
            <g key={f}>
              <line className="grid" x1={PAD.left} x2={W - PAD.right} y1={y} y2={y} />
              <text className="axis" x={PAD.left - 4} y={y + 4} textAnchor="end">
                {+(max * f).toPrecision(3)}
              </text>
            </g>
          );
        })}
        <text className="axis" x={PAD.left} y={H - 4}>
          −{props.windowS} s
        </text>
        <text className="axis" x={W - PAD.right} y={H - 4} textAnchor="end">
          now ({props.unit})
        </text>
        {props.series.map((s) => (
          <path key={s.name} className={`line ${s.tone}`} d={pathOf(s.values, max)} />
        ))}
      </svg>
    </figure>
  );
}
