// Home: search, problems right now, the live world map, popular services.
import { api, clear, el, every, initPage, stateBadge, status, withTz } from './common.js';
import { fmtPeople, fmtUsual, onLangChange, pick, t } from './i18n.js';
import { LEVELS, OutageMap, legend, mapData } from './map.js';

initPage();

const results = document.getElementById('results');
const input = document.getElementById('q');
let services = [];
let lastStatus = null;

function serviceLink(s, extra) {
  return el('a', { href: `/s/${encodeURIComponent(s.slug)}`, class: 'service-link' }, el('span', { class: 'name', text: s.name }), extra);
}

let searchSeq = 0;
async function search() {
  const q = input.value.trim();
  const seq = ++searchSeq;
  if (!q) { clear(results); return; }
  const body = await api(`/api/v1/services?q=${encodeURIComponent(q)}`);
  if (seq !== searchSeq) return;
  clear(results);
  if (!body.services.length) {
    results.append(el('li', { class: 'muted', text: t('search.none', { q }) }));
    return;
  }
  for (const s of body.services.slice(0, 8)) results.append(el('li', {}, serviceLink(s)));
}
let debounce = null;
input.addEventListener('input', () => { clearTimeout(debounce); debounce = setTimeout(() => search().catch(console.warn), 150); });
document.getElementById('search').addEventListener('submit', async (e) => {
  e.preventDefault();
  await search();
  const first = results.querySelector('a');
  if (first) window.location.href = first.href;
});

/** Per service with problems: its last 24 hours by the hour (drawn small) and the countries with most reports. */
const sparks = new Map();
let placesBySlug = new Map();

function renderNow() {
  const list = document.getElementById('now');
  clear(list);
  if (!lastStatus) return;
  const troubled = lastStatus.services.filter((s) => s.state !== 'ok' || s.regionalProblems);
  if (!troubled.length) {
    list.append(el('li', { class: 'muted', text: t('now.none') }));
    return;
  }
  for (const s of troubled.slice(0, 12)) {
    const spark = el('div', { class: 'spark', 'aria-hidden': 'true' });
    const places = el('p', { class: 'small places' });
    const lines = cardLines(s).map((text) => el('p', { class: 'small numbers', text }));
    list.append(el('li', { class: `card state-${s.state}`, 'data-slug': s.slug }, serviceLink(s), stateBadge(s.state, !!s.regionalProblems), ...lines, spark, places));
    // A card of regional problems draws its first area's last 24 hours, the numbers it names.
    const area = s.state === 'ok' && s.regionalOutages?.length ? s.regionalOutages[0].code : '';
    drawSpark(spark, s.slug, area).catch(console.warn);
    showPlaces(places, s.slug);
  }
}


/** The world's reports against the usual; or, when only some areas have problems, each one's own (two at most). */
function cardLines(s) {
  const m = lastStatus.windowMinutes;
  if (s.state !== 'ok' || !(s.regionalOutages || []).length) return [t('now.reporters', { n: fmtPeople(s.observed), m, e: fmtUsual(s.expected) })];
  return s.regionalOutages.slice(0, 2).map((r) => t('now.regionReporters', { area: pick(r.name), n: fmtPeople(r.observed), m, e: fmtUsual(r.expected) }));
}

async function drawSpark(box, slug, area) {
  const key = `${slug}|${area}`;
  if (!sparks.has(key)) sparks.set(key, api(`/api/v1/services/${encodeURIComponent(slug)}/reports?since=24h&step=1h${area ? `&area=${encodeURIComponent(area)}` : ''}`));
  const body = await sparks.get(key);
  const values = (body.points || []).map((p) => p.reporters ?? 0);
  const max = Math.max(1, ...values);
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', `0 0 ${values.length * 5} 30`);
  svg.setAttribute('preserveAspectRatio', 'none');
  values.forEach((v, i) => {
    const h = Math.max(v > 0 ? 1 : 0, Math.round((v / max) * 28));
    const bar = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
    for (const [k, val] of Object.entries({ x: i * 5, y: 30 - h, width: 4, height: h })) bar.setAttribute(k, val);
    svg.append(bar);
  });
  box.replaceChildren(svg);
  box.dataset.points = String(values.length);
}

function showPlaces(node, slug) {
  const names = placesBySlug.get(slug) || [];
  node.textContent = names.length ? t('now.places', { places: names.slice(0, 3).join(', ') }) : '';
}

function renderPopular() {
  const list = document.getElementById('popular');
  clear(list);
  const states = new Map((lastStatus?.services || []).map((s) => [s.slug, s]));
  for (const s of [...services].sort((a, b) => b.popularity - a.popularity).slice(0, 24)) {
    const st = states.get(s.slug);
    list.append(el('li', {}, serviceLink(s, st ? stateBadge(st.state, !!st.regionalProblems) : stateBadge('unknown'))));
  }
}

const map = new OutageMap(document.getElementById('map'), document.getElementById('areas'));
map.ready.catch(console.warn);
document.getElementById('legend').append(legend());

/** Outages that happen together, with their likely common cause, in words. */
let lastIncidents = [];
function renderIncidents() {
  const list = clear(document.getElementById('incidents'));
  const shown = lastIncidents.filter((i) => (i.members || []).length > 1);
  document.getElementById('incidents-box').hidden = !shown.length;
  for (const i of shown.slice(0, 5)) {
    const first = i.members[0];
    list.append(el('li', { class: 'card' }, el('p', { text: pick(i.explanation) }),
      el('a', { href: `/o/${encodeURIComponent(first.id)}`, text: t('service.seeOutage') })));
  }
}

/** Service → the names of the countries where it has the most reports above usual, most severe first. */
function placesOf(features) {
  const out = new Map();
  const ranked = features.filter((f) => (f.properties.level || 'none') !== 'none')
    .sort((a, b) => LEVELS.indexOf(b.properties.level) - LEVELS.indexOf(a.properties.level) || (b.properties.excess || 0) - (a.properties.excess || 0));
  for (const f of ranked) {
    for (const s of f.properties.services || []) {
      if (!out.has(s.slug)) out.set(s.slug, []);
      const name = map.areaName(f.properties.code || f.id);
      if (!out.get(s.slug).includes(name)) out.get(s.slug).push(name);
    }
  }
  return out;
}

async function refresh() {
  sparks.clear();
  api(withTz('/api/v1/incidents?active=true')).then((body) => { lastIncidents = body.incidents || []; renderIncidents(); }).catch(console.warn);
  lastStatus = await status(true);
  renderNow();
  renderPopular();
  const data = await mapData('', { regions: false });
  document.getElementById('map-note').hidden = data.complete;
  await map.update(data.features);
  placesBySlug = placesOf(data.features);
  document.querySelectorAll('#now [data-slug]').forEach((card) => showPlaces(card.querySelector('.places'), card.dataset.slug));
}

api('/api/v1/services').then((body) => { services = body.services; renderPopular(); }).catch(console.warn);
every(30_000, refresh);
onLangChange(() => { renderIncidents(); renderNow(); renderPopular(); document.getElementById('legend').replaceChildren(legend()); });
