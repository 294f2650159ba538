// Outage permalink: what happened, the chart around it, where, and why Outcry calls it an outage.
import { api, clear, el, HttpError, initPage, stateBadge, withTz } from './common.js';
import { fmtDateTime, fmtDuration, fmtNumber, fmtPeople, fmtTime, fmtUsual, onLangChange, pick, t } from './i18n.js';
import { drawChart } from './chart.js';
import { OutageMap, legend } from './map.js';
import { showOutageOfficial } from './official.js';

initPage();
const id = decodeURIComponent(window.location.pathname.split('/')[2] || '');
const $ = (x) => document.getElementById(x);
let outage = null;
let series = null;

async function start() {
  try {
    outage = await api(withTz(`/api/v1/outages/${encodeURIComponent(id)}`));
  } catch (e) {
    if (e instanceof HttpError && (e.status === 404 || e.status === 400)) { $('notfound').hidden = false; return; }
    throw e;
  }
  $('page').hidden = false;
  render();
  showOutageOfficial(id, $('official')).catch((e) => console.warn(e));
  const start = Date.parse(outage.startedAt);
  // The series API runs from `since` to now: start six hours before the outage, coarser steps for old ones.
  const from = new Date(start - 6 * 3600_000);
  const step = Date.now() - from.getTime() > 36 * 3600_000 ? '1h' : '15m';
  const q = `since=${encodeURIComponent(from.toISOString())}&step=${step}`;
  const slug = encodeURIComponent(outage.service);
  // A regional or national outage's chart shows its own area's counts and usual band, not the world's.
  const area = outage.scope && outage.scope !== '*' ? `&area=${encodeURIComponent(outage.scope)}` : '';
  const [rep, base] = await Promise.all([
    api(`/api/v1/services/${slug}/reports?${q}${area}`),
    api(`/api/v1/services/${slug}/baseline?${q}${area}`).catch(() => null),
  ]);
  series = { rep, base };
  await drawChart($('chart'), rep, base, [outage]);
  $('legend').append(legend());
  const map = new OutageMap($('map'), $('areas'), { fit: true });
  await map.update(mapFeatures());
}

/** The map level of a state: an outage red, possible problems orange, back to normal uncoloured. */
const LEVEL_OF = { outage: 'outage', resolved: 'outage', possible: 'elevated', dismissed: 'elevated', ok: 'none' };

/** The outage's own area in its state, each of its regions in its own state with its own numbers. */
function mapFeatures() {
  const features = [];
  if (outage.scope && outage.scope !== '*') {
    // Its own numbers are the peak's, said above with their time; the map gives the regions' of the same window.
    features.push({ id: outage.scope, properties: { code: outage.scope, name: outage.scopeName, level: LEVEL_OF[outage.state] || 'elevated', outage: null } });
  }
  for (const a of outage.breakdown?.areas || []) {
    features.push({ id: a.code, properties: { code: a.code, name: a.name, level: LEVEL_OF[a.state] || 'none', outage: null, observed: a.observed, observedLabel: a.observedLabel, expected: a.expected } });
  }
  return features;
}

/** Each region in words: its name, its own state, its reports against its usual level over the breakdown's window. */
function renderRegions() {
  const b = outage.breakdown;
  const areas = b?.areas || [];
  $('regions-box').hidden = !areas.length;
  if (!areas.length) return;
  $('regions-note').textContent = t(outage.endedAt ? 'outage.regionsPeak' : 'outage.regionsNow', { m: b.windowMinutes, time: fmtTime(b.until) });
  const list = clear($('regions'));
  for (const a of areas) {
    const state = a.state === 'ok' ? t('region.ok') : t(`state.${a.state}`).toLocaleLowerCase(document.documentElement.lang);
    const n = a.observed != null ? fmtNumber(a.observed) : t('map.fewer');
    const li = el('li', { class: `area-item region-${a.state}`, 'data-code': a.code, 'data-state': a.state }, el('span', { class: 'line', text: t('outage.regionRow', { name: pick(a.name), state, n, e: fmtUsual(a.expected) }) }));
    // A region with an outage record of its own (confirmed down under a country of possible problems) links it.
    if (a.outage) li.append(' ', el('a', { href: `/o/${encodeURIComponent(a.outage)}`, text: t('outage.regionLink', { name: pick(a.name) }) }));
    list.append(li);
  }
}

function render() {
  document.title = `${pick(outage.title)} · Outcry`;
  clear($('state')).append(stateBadge(outage.state));
  $('title').textContent = pick(outage.title);
  $('explanation').textContent = pick(outage.explanation);
  const together = clear($('together'));
  if (outage.incident) together.append(el('p', { class: 'explanation', text: pick(outage.incident.explanation) }));
  if (outage.spillover) together.append(el('p', { class: 'small', text: `${t('spillover.label')} ${pick(outage.spillover.reason)}` }));
  const facts = clear($('facts'));
  const fact = (k, v) => facts.append(el('dt', { text: t(k) }), el('dd', { text: v }));
  fact('outage.scope', outage.scope === '*' ? t('outage.world') : (outage.scopeName ? pick(outage.scopeName) : outage.scope));
  fact('outage.started', fmtDateTime(outage.startedAt));
  if (outage.confirmedAt) fact('outage.confirmed', fmtDateTime(outage.confirmedAt));
  fact('outage.ended', outage.endedAt ? fmtDateTime(outage.endedAt) : t('outage.ongoing'));
  if (outage.durationSeconds != null) fact('outage.duration', fmtDuration(outage.durationSeconds));
  if (outage.peak) fact('outage.peak', t(outage.peak.windowMinutes === 1 ? 'outage.peakValue1' : 'outage.peakValue', { o: fmtPeople(outage.peak.observed), m: outage.peak.windowMinutes, time: fmtTime(outage.peak.at), e: fmtUsual(outage.peak.expected) }));
  fact('outage.reporters', t('outage.reportersValue', { n: fmtPeople(outage.reporters) }));
  renderRegions();
  $('chart-title').textContent = outage.scope && outage.scope !== '*' ? t('outage.chartArea', { area: pick(outage.scopeName) || outage.scope }) : t('outage.chart');
  const link = $('service-link');
  link.href = `/s/${encodeURIComponent(outage.service)}`;
  link.textContent = t('outage.service', { name: outage.serviceName || outage.service });
  const list = clear($('top-problems'));
  for (const p of outage.problems || []) {
    const bar = el('span', { class: 'bar', 'aria-hidden': 'true' });
    bar.style.width = `${Math.round(p.share * 100)}%`;
    list.append(el('li', {}, el('span', { class: 'label', text: `${pick(p.label) || p.kind} — ${new Intl.NumberFormat(document.documentElement.lang, { style: 'percent' }).format(p.share)}` }), el('span', { class: 'track' }, bar)));
  }
  if (!(outage.problems || []).length) list.append(el('li', { class: 'muted', text: t('service.problemsNone') }));
}

$('share').addEventListener('click', async () => {
  const url = window.location.href;
  try {
    if (navigator.share) await navigator.share({ title: document.title, url });
    else { await navigator.clipboard.writeText(url); $('copied').textContent = t('outage.copied'); }
  } catch (e) { console.warn(e); }
});

onLangChange(async () => {
  if (!outage) return;
  outage = await api(withTz(`/api/v1/outages/${encodeURIComponent(id)}`)).catch(() => outage);
  render();
  $('legend').replaceChildren(legend());
  if (series) await drawChart($('chart'), series.rep, series.base, [outage]);
});

start().catch((e) => { console.warn(e); $('page').hidden = false; $('explanation').textContent = t('error.load', { what: id }); });
