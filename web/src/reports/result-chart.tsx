import '@mantine/charts/styles.css';
import { BarChart, LineChart, PieChart, ScatterChart } from '@mantine/charts';
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ColumnView } from '../../../common/api/reports.js';
import { type ChartShape, chartShape } from './chart-shape.js';

const COLORS = ['blue.6', 'teal.6', 'orange.6', 'grape.6', 'red.6', 'indigo.6', 'lime.6', 'cyan.6'];

function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

function seriesData(columns: ColumnView[], rows: unknown[][], x: number, series: number[]) {
  return rows.map((row) => {
    const point: Record<string, string | number> = { [columns[x]?.name ?? 'x']: String(row[x] ?? '') };
    for (const i of series) point[columns[i]?.name ?? String(i)] = toNumber(row[i]);
    return point;
  });
}

function Chart({ shape, columns, rows }: { shape: ChartShape; columns: ColumnView[]; rows: unknown[][] }) {
  if (shape.kind === 'pie') {
    const data = rows.map((row, i) => ({
      name: String(row[shape.label] ?? ''),
      value: toNumber(row[shape.value]),
      color: COLORS[i % COLORS.length] ?? 'blue.6',
    }));
    return <PieChart data={data} withLabels withTooltip size={260} />;
  }
  if (shape.kind === 'scatter') {
    const [xName, yName] = [columns[shape.x]?.name ?? 'x', columns[shape.y]?.name ?? 'y'];
    const data = [
      {
        color: 'blue.6',
        name: yName,
        data: rows.map((r) => ({ [xName]: toNumber(r[shape.x]), [yName]: toNumber(r[shape.y]) })),
      },
    ];
    return (
      <ScatterChart
        h={320}
        data={data}
        dataKey={{ x: xName, y: yName }}
        xAxisLabel={xName}
        yAxisLabel={yName}
      />
    );
  }
  if (shape.kind === 'line' || shape.kind === 'bar') {
    const data = seriesData(columns, rows, shape.x, shape.series);
    const series = shape.series.map((i, n) => ({
      name: columns[i]?.name ?? String(i),
      color: COLORS[n % COLORS.length] ?? 'blue.6',
    }));
    const dataKey = columns[shape.x]?.name ?? 'x';
    return shape.kind === 'line' ? (
      <LineChart h={320} data={data} dataKey={dataKey} series={series} withLegend curveType="linear" />
    ) : (
      <BarChart h={320} data={data} dataKey={dataKey} series={series} withLegend />
    );
  }
  return null;
}

/** The chart the result's shape calls for, or a line saying it has none. */
export function ResultChart({ columns, rows }: { columns: ColumnView[]; rows: unknown[][] }) {
  const { t } = useTranslation();
  const shape = chartShape(columns);
  if (shape.kind === 'none') return <Text c="dimmed">{t('reports.noChart')}</Text>;
  return (
    <div data-testid="report-chart" data-chart={shape.kind}>
      <Chart shape={shape} columns={columns} rows={rows} />
    </div>
  );
}
