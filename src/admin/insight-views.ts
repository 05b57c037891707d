import { csvLineOf } from '../readers/reader-csv.ts';
import type { Cell, ChartTable, ColumnFormat } from '../insights/insight-charts.ts';

/**
 * The insights page's charts as the admin theme draws them: SVG geometry computed here (the
 * template only places it, escaping every label), the table under it and its CSV, all from one
 * ChartTable.
 */
const chartWidth = 720;
const labelWidth = 230;
const valueGap = 90;
const barHeight = 12;
const longestLabel = 34;

export type BarsDrawing = {
  kind: 'bars';
  height: number;
  legend: { label: string; series: number; x: number }[];
  rows: { label: string; labelY: number; bars: { series: number; x: number; y: number; width: number; valueText: string; valueX: number }[] }[];
};
export type LineDrawing = {
  kind: 'line';
  height: number;
  points: string;
  dots: { x: number; y: number }[];
  labels: { text: string; x: number; y: number; anchor: 'start' | 'end' }[];
  axis: { x1: number; y1: number; x2: number; y2: number };
};
export type HeatmapDrawing = {
  kind: 'heatmap';
  height: number;
  columns: { text: string; x: number }[];
  rows: { text: string; y: number; cells: { x: number; y: number; opacity: string; text: string }[] }[];
};
export type Drawing = BarsDrawing | LineDrawing | HeatmapDrawing;

export type ChartView = {
  key: string;
  title: string;
  summary: string;
  width: number;
  drawing: Drawing | null;
  headers: string[];
  rows: { cells: string[] }[];
  /** A long table (a day a row) folds under its chart, so the page stays readable; it is in the page all the same. */
  isFolded: boolean;
  csvUrl: string;
};

const longestOpenTable = 15;

/** A cell as the table shows it; an empty measure (no rate without readers) is a dash. */
export function formatCell(value: Cell, format: ColumnFormat, locale: string): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  switch (format) {
    case 'percent':
      return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
    case 'money':
      return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value / 100);
    default:
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
  }
}

/** A cell as the CSV has it: plain numbers a spreadsheet reads, rates as fractions, amounts in the currency's main unit. */
function csvCell(value: Cell, format: ColumnFormat): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (format === 'money') return (value / 100).toFixed(2);
  if (format === 'percent') return value.toFixed(4);
  return String(value);
}

function formatOf(chart: ChartTable, row: number, column: number): ColumnFormat {
  const own = chart.columns[column]?.format ?? 'text';
  return own !== 'text' ? (chart.rowFormats?.[row] ?? own) : own;
}

export function chartCsv(chart: ChartTable): string {
  return (
    csvLineOf(chart.columns.map((column) => column.label)) +
    chart.rows.map((row, rowIndex) => csvLineOf(row.map((cell, column) => csvCell(cell, formatOf(chart, rowIndex, column))))).join('')
  );
}

const shorten = (text: string) => (text.length > longestLabel ? `${text.slice(0, longestLabel - 1)}…` : text);
const numberOf = (cell: Cell | undefined) => (typeof cell === 'number' ? cell : 0);

function drawBars(chart: ChartTable, valueColumns: readonly number[], locale: string): BarsDrawing {
  const seriesHeight = barHeight + 4;
  const rowHeight = valueColumns.length * seriesHeight + 12;
  const top = valueColumns.length > 1 ? 28 : 8;
  const largest = Math.max(1, ...chart.rows.flatMap((row) => valueColumns.map((column) => numberOf(row[column]))));
  const span = chartWidth - labelWidth - valueGap;
  return {
    kind: 'bars',
    height: top + chart.rows.length * rowHeight + 4,
    legend:
      valueColumns.length > 1
        ? valueColumns.map((column, series) => ({ label: chart.columns[column]?.label ?? '', series, x: labelWidth + series * 240 }))
        : [],
    rows: chart.rows.map((row, rowIndex) => {
      const rowTop = top + rowIndex * rowHeight;
      return {
        label: shorten(String(row[0] ?? '')),
        labelY: rowTop + (valueColumns.length * seriesHeight) / 2 + 4,
        bars: valueColumns.map((column, series) => {
          const width = Math.round((numberOf(row[column]) / largest) * span);
          return {
            series,
            x: labelWidth,
            y: rowTop + series * seriesHeight,
            width,
            valueText: formatCell(row[column] ?? null, formatOf(chart, rowIndex, column), locale),
            valueX: labelWidth + width + 6,
          };
        }),
      };
    }),
  };
}

function drawLine(chart: ChartTable, valueColumn: number, locale: string): LineDrawing {
  const [left, right, top, bottom, height] = [60, 20, 16, 28, 220];
  const values = chart.rows.map((row) => numberOf(row[valueColumn]));
  const largest = Math.max(1, ...values);
  const step = values.length > 1 ? (chartWidth - left - right) / (values.length - 1) : 0;
  const dots = values.map((value, index) => ({
    x: Math.round(left + index * step),
    y: Math.round(top + (1 - value / largest) * (height - top - bottom)),
  }));
  const format = chart.columns[valueColumn]?.format ?? 'count';
  return {
    kind: 'line',
    height,
    points: dots.map((dot) => `${dot.x},${dot.y}`).join(' '),
    dots: values.length <= 62 ? dots : [],
    axis: { x1: left, y1: height - bottom, x2: chartWidth - right, y2: height - bottom },
    labels: [
      { text: formatCell(largest, format, locale), x: left - 6, y: top + 4, anchor: 'end' },
      { text: formatCell(0, format, locale), x: left - 6, y: height - bottom, anchor: 'end' },
      { text: String(chart.rows[0]?.[0] ?? ''), x: left, y: height - 8, anchor: 'start' },
      { text: String(chart.rows.at(-1)?.[0] ?? ''), x: chartWidth - right, y: height - 8, anchor: 'end' },
    ],
  };
}

function drawHeatmap(chart: ChartTable, firstValueColumn: number, locale: string): HeatmapDrawing {
  const [rowLabelWidth, cellWidth, cellHeight, top] = [90, 48, 24, 22];
  return {
    kind: 'heatmap',
    height: top + chart.rows.length * cellHeight + 4,
    columns: chart.columns
      .slice(firstValueColumn)
      .map((column, index) => ({ text: column.label.replace('Month ', 'M'), x: rowLabelWidth + index * cellWidth + cellWidth / 2 })),
    rows: chart.rows.map((row, rowIndex) => {
      const y = top + rowIndex * cellHeight;
      return {
        text: String(row[0] ?? ''),
        y: y + cellHeight / 2 + 4,
        cells: row
          .slice(firstValueColumn)
          .flatMap((cell, index) =>
            typeof cell === 'number'
              ? [{ x: rowLabelWidth + index * cellWidth, y, opacity: (0.08 + 0.5 * cell).toFixed(2), text: formatCell(cell, 'percent', locale) }]
              : [],
          ),
      };
    }),
  };
}

function drawingOf(chart: ChartTable, locale: string): Drawing | null {
  if (chart.rows.length === 0) return null;
  switch (chart.drawing.kind) {
    case 'bars':
      return drawBars(chart, chart.drawing.valueColumns, locale);
    case 'line':
      return drawLine(chart, chart.drawing.valueColumn, locale);
    case 'heatmap':
      return drawHeatmap(chart, chart.drawing.firstValueColumn, locale);
    case 'none':
      return null;
  }
}

export function chartViewOf(chart: ChartTable, { locale, csvUrl }: { locale: string; csvUrl: string }): ChartView {
  return {
    key: chart.key,
    title: chart.title,
    summary: chart.summary,
    width: chartWidth,
    drawing: drawingOf(chart, locale),
    headers: chart.columns.map((column) => column.label),
    rows: chart.rows.map((row, rowIndex) => ({ cells: row.map((cell, column) => formatCell(cell, formatOf(chart, rowIndex, column), locale)) })),
    isFolded: chart.rows.length > longestOpenTable,
    csvUrl,
  };
}
