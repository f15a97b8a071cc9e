// ECharts line charts of one metric, times shown in Asia/Shanghai.
import { t, fmtDateTime, fmtTime } from '../i18n.js';

// Month and day in Shanghai, for axes spanning days.
const fmtDate = (ms) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', month: '2-digit', day: '2-digit' }).format(new Date(ms));

/** Picks a bucket so that a period holds at most about 500 points; null means raw readings. */
export function bucketFor(milliseconds) {
  const steps = [['10s', 10e3], ['1m', 60e3], ['5m', 300e3], ['15m', 900e3], ['1h', 3600e3], ['6h', 21600e3], ['1d', 86400e3]];
  if (milliseconds <= 3600e3) return null;
  return (steps.find(([, size]) => milliseconds / size <= 500) ?? steps[steps.length - 1])[0];
}

/**
 * Options for a series of history points over a period {from, to} (ms); marks are vertical times ({at, label})
 * and thresholds ({value, label}).
 */
export function lineOptions({ name, points, period, marks = [], thresholds = [], zoom = false }) {
  const data = points.map((p) => [p.ts, p.value]);
  const hasRange = points.some((p) => p.min != null);
  const series = [{
    name,
    type: 'line',
    showSymbol: data.length < 60,
    data,
    markLine: {
      symbol: 'none',
      data: [
        ...marks.map((m) => ({ xAxis: m.at, label: { formatter: m.label }, lineStyle: { color: '#d7191c' } })),
        ...thresholds.map((m) => ({ yAxis: m.value, label: { formatter: m.label, position: 'insideEndTop' }, lineStyle: { type: 'dashed', color: '#f08a24' } })),
      ],
    },
  }];
  if (hasRange) {
    // Downsampled buckets: show the spread between min and max as a band under the mean.
    series.push({ name: 'min', type: 'line', data: points.map((p) => [p.ts, p.min]), lineStyle: { opacity: 0 }, stack: 'band', symbol: 'none', tooltip: { show: false } });
    series.push({ name: 'max', type: 'line', data: points.map((p) => [p.ts, p.max - p.min]), lineStyle: { opacity: 0 }, areaStyle: { opacity: 0.15 }, stack: 'band', symbol: 'none', tooltip: { show: false } });
  }
  return {
    animation: false,
    grid: { left: 50, right: 20, top: 20, bottom: zoom ? 70 : 30 },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (v == null ? '' : Number(v).toFixed(3)), axisPointer: { label: { formatter: (p) => fmtDateTime(new Date(p.value).toISOString()) } } },
    // The whole period shows even where readings are missing; long periods label days, short ones times.
    xAxis: {
      type: 'time',
      min: period.from,
      max: period.to,
      axisLabel: { formatter: (v) => (period.to - period.from > 2 * 86400e3 ? fmtDate(v) : fmtTime(new Date(v).toISOString()).slice(0, 5)) },
    },
    yAxis: { type: 'value', scale: true, name },
    dataZoom: zoom ? [{ type: 'inside' }, { type: 'slider', labelFormatter: (v) => fmtDateTime(new Date(v).toISOString()) }] : [],
    graphic: data.length ? [] : [{ type: 'text', left: 'center', top: 'middle', style: { text: t('alert.noChart'), fill: '#888' } }],
    series,
  };
}

/** One chart per element, resized with its element. */
export function chartIn(element) {
  const chart = echarts.getInstanceByDom(element) ?? echarts.init(element, null, { renderer: 'canvas' });
  new ResizeObserver(() => chart.resize()).observe(element);
  return chart;
}
