// Live map: full screen, filter by service, refreshed every 30 seconds and on every live event, never reloaded.
import { api, el, every, initPage } from './common.js';
import { fmtTime, onLangChange, t } from './i18n.js';
import { OutageMap, legend, mapData } from './map.js';

initPage();
const $ = (x) => document.getElementById(x);
const filter = $('filter');
const params = new URLSearchParams(window.location.search);
const map = new OutageMap($('map'), $('areas'));
map.ready.then(() => map.map.on('zoomend', () => refresh().catch(console.warn))).catch(console.warn);
$('legend').append(legend());
let lastUpdate = null;

api('/api/v1/services').then((body) => {
  for (const s of [...body.services].sort((a, b) => a.name.localeCompare(b.name))) filter.append(el('option', { value: s.slug, text: s.name }));
  if (params.get('service')) filter.value = params.get('service');
}).catch(console.warn);

async function refresh() {
  // The world view draws countries; region shapes come with a service, or once the map is zoomed in on a country.
  const data = await mapData(filter.value, { regions: !!filter.value || (map.map?.getZoom() ?? 0) >= 4 });
  $('map-note').hidden = data.complete;
  await map.update(data.features);
  lastUpdate = new Date().toISOString();
  $('updated').textContent = t('map.updated', { time: fmtTime(lastUpdate) });
}

filter.addEventListener('change', () => {
  const url = new URL(window.location.href);
  if (filter.value) url.searchParams.set('service', filter.value); else url.searchParams.delete('service');
  history.replaceState(null, '', url);
  refresh().catch(console.warn);
});

if (params.get('service')) filter.value = params.get('service');
every(30_000, refresh);

// Live events when the server streams them; the 30-second poll above stays as the fallback.
async function listen() {
  // Probe first: opening an EventSource on a missing endpoint would only fail noisily.
  const probe = new AbortController();
  const response = await fetch('/api/v1/stream', { signal: probe.signal, headers: { Accept: 'text/event-stream' } });
  const streams = response.ok && (response.headers.get('Content-Type') || '').startsWith('text/event-stream');
  probe.abort();
  if (!streams) return;
  const stream = new EventSource('/api/v1/stream');
  let pending = null;
  const soon = () => { clearTimeout(pending); pending = setTimeout(() => refresh().catch(console.warn), 500); };
  for (const type of ['outage.opened', 'outage.confirmed', 'outage.updated', 'outage.resolved', 'status']) stream.addEventListener(type, soon);
  stream.onerror = () => { if (stream.readyState === EventSource.CLOSED) stream.close(); };
}
if ('EventSource' in window) listen().catch(() => {});

onLangChange(() => {
  $('legend').replaceChildren(legend());
  if (lastUpdate) $('updated').textContent = t('map.updated', { time: fmtTime(lastUpdate) });
  const all = filter.querySelector('option[value=""]');
  if (all) all.textContent = t('map.all');
});
