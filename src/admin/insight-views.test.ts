import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChartTable } from '../insights/insight-charts.ts';
import { chartCsv, chartViewOf, formatCell } from './insight-views.ts';

const funnel: ChartTable = {
  key: 'funnel',
  title: 'From reading to paying',
  summary: 'Readers at each step.',
  columns: [
    { label: 'Step', format: 'text' },
    { label: 'Readers', format: 'count' },
    { label: 'Of the step before', format: 'percent' },
  ],
  rows: [
    ['Readers', 1200, null],
    ['Metered, "counted"', 300, 0.25],
  ],
  drawing: { kind: 'bars', valueColumns: [1] },
};
const view = (chart: ChartTable) => chartViewOf(chart, { locale: 'en-US', csvUrl: '/admin/insights.csv?chart=x' });

describe("the insights' charts as the newsroom sees them", () => {
  it('formats counts, rates and amounts for the reader of the table, and an empty measure as a dash', () => {
    assert.equal(formatCell(1234567, 'count', 'en-US'), '1,234,567');
    assert.equal(formatCell(0.12345, 'percent', 'en-US'), '12.3%');
    assert.equal(formatCell(123456, 'money', 'en-US'), '1,234.56');
    assert.equal(formatCell(123456, 'money', 'de-DE'), '1.234,56');
    assert.equal(formatCell(null, 'percent', 'en-US'), '—');
    assert.equal(formatCell('Search', 'count', 'en-US'), 'Search');
  });

  it('writes the CSV with plain numbers, rates as fractions, amounts in main units, and quotes where needed', () => {
    assert.equal(chartCsv(funnel), 'Step,Readers,Of the step before\r\nReaders,1200,\r\n"Metered, ""counted""",300,0.2500\r\n');
    const figures: ChartTable = {
      ...funnel,
      columns: [
        { label: 'Measure', format: 'text' },
        { label: 'This period', format: 'count' },
      ],
      rows: [
        ['Churn rate', 0.05],
        ['Charged (USD)', 150050],
      ],
      rowFormats: ['percent', 'money'],
      drawing: { kind: 'none' },
    };
    assert.equal(chartCsv(figures), 'Measure,This period\r\nChurn rate,0.0500\r\nCharged (USD),1500.50\r\n');
    assert.deepEqual(
      view(figures).rows.map((row) => row.cells),
      [
        ['Churn rate', '5%'],
        ['Charged (USD)', '1,500.50'],
      ],
    );
    assert.equal(view(figures).drawing, null);
  });

  it('draws bars in proportion to the largest, each labelled with its value', () => {
    const drawing = view(funnel).drawing;
    assert.equal(drawing?.kind, 'bars');
    if (drawing?.kind !== 'bars') return;
    const [first, second] = drawing.rows.map((row) => row.bars[0]);
    assert.equal(first?.width, 400);
    assert.equal(second?.width, 100);
    assert.equal(first?.valueText, '1,200');
    assert.deepEqual(drawing.legend, []);
    assert.equal(drawing.rows[1]?.label, 'Metered, "counted"');
  });

  it('draws a line through every day, the highest at the top, and names the first and last day', () => {
    const days: ChartTable = {
      ...funnel,
      columns: [
        { label: 'Day', format: 'text' },
        { label: 'Readers', format: 'count' },
      ],
      rows: [
        ['2026-11-01', 0],
        ['2026-11-02', 50],
        ['2026-11-03', 100],
      ],
      drawing: { kind: 'line', valueColumn: 1 },
    };
    const drawing = view(days).drawing;
    assert.equal(drawing?.kind, 'line');
    if (drawing?.kind !== 'line') return;
    assert.equal(drawing.points, '60,192 380,104 700,16');
    assert.deepEqual(
      drawing.labels.map((label) => label.text),
      ['100', '0', '2026-11-01', '2026-11-03'],
    );
  });

  it('shades each cohort cell by its share and leaves months not yet come empty', () => {
    const cohorts: ChartTable = {
      ...funnel,
      columns: [
        { label: 'Started in', format: 'text' },
        { label: 'Subscriptions', format: 'count' },
        { label: 'Month 0', format: 'percent' },
        { label: 'Month 1', format: 'percent' },
      ],
      rows: [
        ['2026-10', 10, 1, 0.5],
        ['2026-11', 4, 1, null],
      ],
      drawing: { kind: 'heatmap', firstValueColumn: 2 },
    };
    const drawing = view(cohorts).drawing;
    assert.equal(drawing?.kind, 'heatmap');
    if (drawing?.kind !== 'heatmap') return;
    assert.deepEqual(
      drawing.rows.map((row) => row.cells.map((cell) => [cell.opacity, cell.text])),
      [
        [
          ['0.58', '100%'],
          ['0.33', '50%'],
        ],
        [['0.58', '100%']],
      ],
    );
    assert.deepEqual(
      drawing.columns.map((column) => column.text),
      ['M0', 'M1'],
    );
  });

  it('draws nothing for a chart without rows, and folds a table of more than 15 rows under its chart', () => {
    assert.equal(view({ ...funnel, rows: [] }).drawing, null);
    assert.equal(view(funnel).isFolded, false);
    assert.equal(view({ ...funnel, rows: Array.from({ length: 16 }, (_, index) => [`Day ${index}`, index, null]) }).isFolded, true);
  });
});
