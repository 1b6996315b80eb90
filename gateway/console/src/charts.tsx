import { useId } from 'react';
import {
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  Filler,
  Legend,
  LinearScale,
  LineElement,
  PointElement,
  Tooltip,
  type ChartOptions,
} from 'chart.js';
import { Bar, Line } from 'react-chartjs-2';

// Only what the console draws: lines and bars on category × linear axes.
ChartJS.register(CategoryScale, LinearScale, PointElement, LineElement, BarElement, Filler, Tooltip, Legend);

/** Distinguishable on white and for common colour-vision deficiencies (Okabe–Ito). */
export const SERIES_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];

export interface Series {
  label: string;
  values: (number | null)[];
  /** A dashed line (a target, a threshold). */
  dashed?: boolean;
  colour?: string;
}

interface ChartProps {
  /** What the chart shows, said in words: its accessible name. */
  title: string;
  labels: string[];
  series: Series[];
  yTitle?: string;
  /** Format a value for the table read by screen readers (and the tooltip). */
  format?: (value: number) => string;
  yMin?: number;
  yMax?: number;
}

function DataTable({ title, labels, series, format, id }: ChartProps & { id: string }) {
  return (
    <table className="visually-hidden" id={id}>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">Period</th>
          {series.map((s) => (
            <th scope="col" key={s.label}>
              {s.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {labels.map((label, i) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            {series.map((s) => (
              <td key={s.label}>{s.values[i] === null || s.values[i] === undefined ? '—' : format ? format(s.values[i]!) : String(s.values[i])}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function options({ yTitle, format, yMin, yMax }: ChartProps): ChartOptions<'line' | 'bar'> {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: 'index', intersect: false },
    plugins: {
      legend: { position: 'bottom', labels: { boxWidth: 14 } },
      tooltip: format ? { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${ctx.parsed.y === null ? '—' : format(ctx.parsed.y as number)}` } } : {},
    },
    scales: {
      y: { min: yMin, max: yMax, title: yTitle ? { display: true, text: yTitle } : undefined, ticks: format ? { callback: (v) => format(Number(v)) } : {} },
    },
  };
}

/** A line chart (Chart.js) with the same figures as a table for screen readers. */
export function LineChart(props: ChartProps) {
  const tableId = useId();
  const data = {
    labels: props.labels,
    datasets: props.series.map((s, i) => {
      const colour = s.colour ?? SERIES_COLOURS[i % SERIES_COLOURS.length]!;
      return { label: s.label, data: s.values, borderColor: colour, backgroundColor: colour, borderDash: s.dashed ? [6, 4] : undefined, spanGaps: true, pointRadius: s.dashed ? 0 : 3 };
    }),
  };
  return (
    <figure className="chart">
      <div className="chart-box">
        <Line role="img" aria-label={props.title} aria-describedby={tableId} data={data} options={options(props) as ChartOptions<'line'>} />
      </div>
      <figcaption className="muted">{props.title}</figcaption>
      <DataTable {...props} id={tableId} />
    </figure>
  );
}

/** A bar chart (Chart.js) with the same figures as a table for screen readers. */
export function BarChart(props: ChartProps & { stacked?: boolean }) {
  const tableId = useId();
  const data = {
    labels: props.labels,
    datasets: props.series.map((s, i) => {
      const colour = s.colour ?? SERIES_COLOURS[i % SERIES_COLOURS.length]!;
      return { label: s.label, data: s.values, backgroundColor: colour, borderColor: colour };
    }),
  };
  return (
    <figure className="chart">
      <div className="chart-box">
        <Bar role="img" aria-label={props.title} aria-describedby={tableId} data={data} options={options(props) as ChartOptions<'bar'>} />
      </div>
      <figcaption className="muted">{props.title}</figcaption>
      <DataTable {...props} id={tableId} />
    </figure>
  );
}
