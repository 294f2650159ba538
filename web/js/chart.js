// The reports chart: people reporting per step against the usual band, outage periods shaded (uPlot).
import { clear, el } from './common.js';
import { fmtNumber, fmtTime, fmtDateTime, t } from './i18n.js';

let uPlotModule = null;
function loadUPlot() {
  uPlotModule ??= import('/webjars/uplot/1.6.30/dist/uPlot.esm.js').then((m) => m.default);
  return uPlotModule;
}

/**
 * Draws reports and baseline points (same times) into container. outages: [{startedAt, endedAt}].
 * Returns the uPlot instance; the container gets data-reporters (the total drawn) for tests and assistive tech.
 */
export async function drawChart(container, reports, baseline, outages = []) {
  const uPlot = await loadUPlot();
  // Redraws replace the previous chart; its resize watcher goes with it.
  container.outcryResize?.disconnect();
  container.outcryPlot?.destroy();
  clear(container);
  const points = reports?.points || [];
  const xs = points.map((p) => Date.parse(p.t) / 1000);
  // A step under 5 reports comes without its count: no bar there, and it adds nothing to the total.
  const reporters = points.map((p) => p.reporters ?? null);
  const band = new Map((baseline?.points || []).map((p) => [Date.parse(p.t) / 1000, p]));
  const expected = xs.map((x) => band.get(x)?.expected ?? null);
  const lower = xs.map((x) => band.get(x)?.lower ?? null);
  const upper = xs.map((x) => band.get(x)?.upper ?? null);
  const total = reporters.reduce((a, b) => a + (b ?? 0), 0);
  container.dataset.reporters = String(total);
  container.dataset.points = String(points.length);
  const periods = outages.map((o) => [Date.parse(o.startedAt) / 1000, o.endedAt ? Date.parse(o.endedAt) / 1000 : Infinity]);

  const shade = (u) => {
    const { ctx } = u;
    const { top, height, left, width } = u.bbox;
    ctx.save();
    ctx.fillStyle = 'rgba(185, 28, 28, 0.12)';
    for (const [from, to] of periods) {
      const x0 = Math.max(left, u.valToPos(from, 'x', true));
      const x1 = Math.min(left + width, u.valToPos(Math.min(to, xs[xs.length - 1] || to), 'x', true));
      if (x1 > x0) ctx.fillRect(x0, top, x1 - x0, height);
    }
    ctx.restore();
  };
  const width = () => Math.max(280, container.clientWidth || 320);
  // Axis and grid colours follow the page's light or dark scheme.
  const css = getComputedStyle(document.documentElement);
  const axis = css.getPropertyValue('--chart-axis').trim() || '#3b4754';
  const grid = css.getPropertyValue('--chart-grid').trim() || '#e3e7eb';
  const none = t('chart.noValue');
  const bars = uPlot.paths.bars({ size: [0.7, 40] });
  const opts = {
    width: width(),
    height: 220,
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(4, max * 1.1)] } },
    axes: [
      { values: (u, splits) => splits.map((v) => fmtTime(v * 1000)), stroke: axis, grid: { stroke: grid } },
      { values: (u, splits) => splits.map((v) => fmtNumber(v)), stroke: axis, grid: { stroke: grid }, size: 40 },
    ],
    series: [
      { label: t('chart.time'), value: (u, v) => (v == null ? none : fmtDateTime(v * 1000)) },
      { label: t('service.chartLegendReports'), stroke: '#1d4ed8', fill: 'rgba(29, 78, 216, 0.55)', paths: bars, points: { show: false }, value: (u, v, si, i) => (v != null ? fmtNumber(v) : points[i]?.reportersLabel ? t('map.fewer') : none) },
      { label: t('service.chartLegendUsual'), stroke: '#4b5563', width: 1, dash: [4, 3], points: { show: false }, value: (u, v) => (v == null ? none : fmtNumber(v, 1)) },
      { label: t('service.chartLegendLow'), stroke: 'rgba(107, 114, 128, 0.5)', width: 0.5, points: { show: false }, value: (u, v) => (v == null ? none : fmtNumber(v, 1)) },
      { label: t('service.chartLegendHigh'), stroke: 'rgba(107, 114, 128, 0.5)', width: 0.5, points: { show: false }, value: (u, v) => (v == null ? none : fmtNumber(v, 1)) },
    ],
    bands: [{ series: [4, 3], fill: 'rgba(107, 114, 128, 0.18)' }],
    hooks: { drawClear: [shade] },
  };
  const plot = new uPlot(opts, [xs, reporters, expected, lower, upper], container);
  // Steps under 5 reports come without a count (the API never publishes one): no bar, and a note that says why.
  const hidden = points.filter((p) => p.reporters == null && p.reportersLabel).length;
  container.dataset.hidden = String(hidden);
  if (total === 0) container.append(el('p', { class: 'muted', text: t('service.chartEmpty') }));
  if (hidden) container.append(el('p', { class: 'muted small chart-fewer', text: t('chart.fewer') }));
  const resize = new ResizeObserver(() => plot.setSize({ width: width(), height: 220 }));
  resize.observe(container);
  container.outcryPlot = plot;
  container.outcryResize = resize;
  plot.root.setAttribute('role', 'img');
  plot.root.setAttribute('aria-label', `${t('service.chart')}: ${fmtNumber(total)}`);
  return plot;
}
