// Service page: report a problem in three taps, the status banner, the 24-hour chart, problems, map and history.
import { api, apiOptional, clear, el, every, HttpError, initPage, stateBadge, status, timeOrderedId, withTz } from './common.js';
import { fmtDateTime, fmtDuration, fmtNumber, lang, onLangChange, pick, t } from './i18n.js';
import { drawChart } from './chart.js';
import { OutageMap, countryNames, legend, mapData } from './map.js';
import { solveChallenge } from './altcha.js';
import { showServiceOfficial } from './official.js';

initPage();

const slug = decodeURIComponent(window.location.pathname.split('/')[2] || new URLSearchParams(window.location.search).get('slug') || '');
const $ = (id) => document.getElementById(id);
let service = null;
let current = null; // this service's line in /api/v1/status
let outage = null; // its open outage, if any
let outages = [];
let reports = null;
let problemTotals = {};
let notifyWanted = false;

const choice = { problem: null, location: null, lat: null, lon: null, placeLabel: null };

async function start() {
  try {
    service = await api(`/api/v1/services/${encodeURIComponent(slug)}`);
  } catch (e) {
    if (e instanceof HttpError && e.status === 404) {
      $('notfound').hidden = false;
      document.title = `${t('service.notFound')} · Outcry`;
      return;
    }
    throw e;
  }
  $('page').hidden = false;
  renderStatic();
  setupReport();
  every(30_000, refresh);
  every(60_000, () => showServiceOfficial(slug, $('official')));
  startMap();
}

function renderStatic() {
  document.title = `${service.name} · Outcry`;
  $('name').textContent = service.name;
  const links = clear($('links'));
  if (service.statusPage) links.append(el('a', { href: service.statusPage, rel: 'noopener', text: t('service.statusPage', { name: service.name }) }));
  if (service.homepage) links.append(' ', el('a', { href: service.homepage, rel: 'noopener', text: t('service.homepage') }));
  $('report-button').textContent = t('service.report', { name: service.name });
  renderProblemChoices();
}

function problemLabel(kind) {
  const p = (service?.problems || []).find((x) => x.slug === kind);
  return p ? (lang === 'fr' ? p.nameFr : p.nameEn) : kind;
}

// --- reporting -------------------------------------------------------------------------------------------------
function show(step) {
  for (const id of ['step-start', 'step-problem', 'step-place', 'step-done']) $(id).hidden = id !== step;
}

function renderProblemChoices() {
  const box = clear($('problems'));
  for (const p of service.problems || []) {
    box.append(el('button', { type: 'button', class: 'choice', 'data-problem': p.slug, text: lang === 'fr' ? p.nameFr : p.nameEn, onclick: () => pickProblem(p.slug) }));
  }
  box.append(el('button', { type: 'button', class: 'choice secondary', 'data-problem': '', text: t('service.skip'), onclick: () => pickProblem(null) }));
}

function pickProblem(kind) {
  choice.problem = kind;
  show('step-place');
  $('where').focus();
}

function setupReport() {
  $('report-button').addEventListener('click', () => {
    Object.assign(choice, { problem: null, location: null, lat: null, lon: null, placeLabel: null });
    $('place').value = '';
    $('report-error').hidden = true;
    updateSendLabel();
    show('step-problem');
    $('which').focus();
  });
  $('again').addEventListener('click', () => { show('step-start'); $('report-button').focus(); });
  $('works-button').addEventListener('click', () => works().catch((e) => { $('works-thanks').textContent = t('service.failed', { detail: e.message }); }));
  $('send').addEventListener('click', send);
  $('locate').addEventListener('click', locate);
  setupPlaces();
}

function updateSendLabel() {
  $('send').textContent = choice.location || choice.lat != null ? t('service.send') : t('service.sendNoPlace');
}

let placesMissing = false;
let countries = null;
const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

async function placeSuggestions(q) {
  if (!placesMissing) {
    const body = await apiOptional(`/api/v1/places?q=${encodeURIComponent(q)}`);
    if (body) {
      return body.places.slice(0, 8).map((p) => ({
        label: [p.name, pick(p.regionName), p.country].filter(Boolean).join(', '),
        location: p.region || p.country,
      }));
    }
    placesMissing = true;
  }
  countries ??= await countryNames();
  const f = fold(q);
  return countries.filter((c) => fold(c.name.en).includes(f) || fold(c.name.fr || '').includes(f) || c.code.toLowerCase() === f)
    .slice(0, 8).map((c) => ({ label: pick(c.name), location: c.code }));
}

function setupPlaces() {
  const input = $('place');
  const list = $('place-list');
  let seq = 0;
  let timer = null;
  let active = -1;
  const close = () => { clear(list); input.setAttribute('aria-expanded', 'false'); input.removeAttribute('aria-activedescendant'); active = -1; };
  const choose = (s) => {
    Object.assign(choice, { location: s.location, placeLabel: s.label, lat: null, lon: null });
    input.value = s.label;
    close();
    updateSendLabel();
  };
  input.addEventListener('input', () => {
    choice.location = null;
    updateSendLabel();
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) { close(); return; }
    timer = setTimeout(async () => {
      const mine = ++seq;
      const suggestions = await placeSuggestions(q).catch(() => []);
      if (mine !== seq) return;
      close();
      suggestions.forEach((s, i) => {
        list.append(el('li', { id: `place-${i}`, role: 'option', class: 'suggestion', text: s.label, onmousedown: (e) => { e.preventDefault(); choose(s); } }));
        list.lastChild.suggestion = s;
      });
      input.setAttribute('aria-expanded', suggestions.length ? 'true' : 'false');
    }, 150);
  });
  input.addEventListener('keydown', (e) => {
    const items = [...list.children];
    if (!items.length) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      active = (active + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
      items.forEach((li, i) => li.setAttribute('aria-selected', i === active ? 'true' : 'false'));
      input.setAttribute('aria-activedescendant', items[active].id);
    } else if (e.key === 'Enter' && active >= 0) {
      e.preventDefault();
      choose(items[active].suggestion);
    } else if (e.key === 'Escape') {
      close();
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 100));
}

function locate() {
  const error = $('place-error');
  error.hidden = true;
  if (!navigator.geolocation) { error.textContent = t('service.locationDenied'); error.hidden = false; return; }
  navigator.geolocation.getCurrentPosition((pos) => {
    // Two decimals (about 1 km) are plenty to find a region; the server keeps only the region.
    choice.lat = Math.round(pos.coords.latitude * 100) / 100;
    choice.lon = Math.round(pos.coords.longitude * 100) / 100;
    choice.location = null;
    $('place').value = t('service.useLocation') + ' ✓';
    updateSendLabel();
  }, () => { error.textContent = t('service.locationDenied'); error.hidden = false; }, { maximumAge: 600_000, timeout: 10_000 });
}

// When many reports arrive the server asks for a proof of work (428); it is solved here, out of sight, and sent again.
async function postReport(body) {
  const post = (b) => api('/api/v1/reports', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Outcry-Client': 'web' }, body: JSON.stringify(b) });
  try {
    return await post(body);
  } catch (e) {
    if (!(e instanceof HttpError && e.status === 428)) throw e;
    return post({ ...body, altcha: await solveChallenge() });
  }
}

async function send() {
  const button = $('send');
  button.disabled = true;
  button.textContent = t('service.sending');
  $('report-error').hidden = true;
  const body = { service: service.slug, id: timeOrderedId() };
  if (choice.problem) body.problem = choice.problem;
  if (choice.location) body.location = choice.location;
  if (choice.lat != null) { body.lat = choice.lat; body.lon = choice.lon; }
  try {
    const answer = await postReport(body);
    const n = answer.reportersLast15Minutes;
    $('thanks').textContent = answer.counted ? t('service.thanks') : t('service.thanksRepeat');
    $('others').textContent = n <= 1 ? t('service.others1', { name: service.name }) : t('service.others', { n: fmtNumber(n), name: service.name });
    $('others').dataset.count = String(n);
    show('step-done');
    $('thanks').focus();
    refresh().catch(console.warn);
  } catch (e) {
    $('report-error').textContent = t('service.failed', { detail: e.message });
    $('report-error').hidden = false;
  } finally {
    button.disabled = false;
    updateSendLabel();
  }
}

/** "It works for me": a counter-report, deduped and limited like reports, used as evidence but never as a problem. */
async function works() {
  const answer = await api(`/api/v1/services/${encodeURIComponent(slug)}/works`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Outcry-Client': 'web' }, body: JSON.stringify({ id: timeOrderedId() }) });
  $('works-thanks').textContent = t('service.worksThanks', { n: fmtNumber(answer.worksLast15Minutes ?? 1), name: service.name });
}

// --- status, chart, problems, history ------------------------------------------------------------------------------
async function refresh() {
  const [st, rep, base, hist] = await Promise.all([
    status(true),
    api(`/api/v1/services/${encodeURIComponent(slug)}/reports?since=24h&step=15m`),
    api(`/api/v1/services/${encodeURIComponent(slug)}/baseline?since=24h&step=15m`).catch(() => null),
    api(withTz(`/api/v1/outages?service=${encodeURIComponent(slug)}&since=30d`)),
  ]);
  const was = current;
  current = st.services.find((s) => s.slug === slug) || null;
  outages = hist.outages || [];
  outage = current?.outage ? (outages.find((o) => o.id === current.outage) || await api(withTz(`/api/v1/outages/${current.outage}`)).catch(() => null)) : null;
  reports = rep;
  problemTotals = rep.problems || {};
  renderBanner();
  renderProblems();
  renderHistory();
  await drawChart($('chart'), rep, base, outages.filter((o) => !o.scope || o.scope === '*'));
  if (notifyWanted && was && was.state !== 'ok' && current && current.state === 'ok') notifyBack();
  mapRefresh?.();
}

function renderBanner() {
  const banner = clear($('banner'));
  const state = current?.state || 'ok';
  banner.className = `banner state-${state}${current?.regionalProblems ? ' regional' : ''}`;
  banner.append(stateBadge(state, !!current?.regionalProblems));
  const key = state === 'outage' ? 'service.outageBanner' : state === 'possible' ? 'service.possibleBanner' : 'service.okBanner';
  if (current?.regionalProblems) {
    const names = current.regionalProblems.map((code) => {
      const o = outages.find((x) => x.scope === code && !x.endedAt);
      return o?.scopeName ? pick(o.scopeName) : code;
    });
    if (state !== 'ok') banner.append(el('p', { class: 'headline', text: t(key, { name: service.name }) }));
    banner.append(el('p', { class: state === 'ok' ? 'headline' : '', text: t('service.regionalBanner', { name: service.name, areas: names.join(', ') }) }));
  } else {
    banner.append(el('p', { class: 'headline', text: t(key, { name: service.name }) }));
  }
  if (outage) {
    banner.append(el('p', { class: 'explanation', text: pick(outage.explanation) }));
    if (outage.incident) banner.append(el('p', { class: 'explanation', text: pick(outage.incident.explanation) }));
    if (outage.spillover) banner.append(el('p', { class: 'small', text: `${t('spillover.label')} ${pick(outage.spillover.reason)}` }));
    banner.append(el('p', {}, el('a', { href: `/o/${encodeURIComponent(outage.id)}`, text: t('service.seeOutage') })));
  }
  if (current?.worksLast15Minutes) banner.append(el('p', { class: 'small', text: t('service.worksCount', { n: fmtNumber(current.worksLast15Minutes) }) }));
  if (state !== 'ok' && 'Notification' in window) {
    const button = el('button', { type: 'button', class: 'secondary', id: 'notify', text: t('service.notify') });
    const note = el('p', { class: 'small', role: 'status' });
    if (notifyWanted) note.textContent = t('service.notifyOn');
    button.addEventListener('click', async () => {
      const permission = await Notification.requestPermission();
      notifyWanted = permission === 'granted';
      note.textContent = notifyWanted ? t('service.notifyOn') : t('service.notifyDenied');
    });
    banner.append(el('p', {}, button), note);
  }
}

function notifyBack() {
  notifyWanted = false;
  try {
    new Notification(t('service.backTitle', { name: service.name }), { body: t('service.backBody'), tag: `outcry-${slug}` });
  } catch (e) { console.warn(e); }
}

function renderProblems() {
  const list = clear($('top-problems'));
  const entries = Object.entries(problemTotals).sort((a, b) => b[1] - a[1]);
  const total = entries.reduce((a, [, n]) => a + n, 0);
  if (!total) { list.append(el('li', { class: 'muted', text: t('service.problemsNone') })); return; }
  for (const [kind, n] of entries.slice(0, 6)) {
    const share = n / total;
    const bar = el('span', { class: 'bar', 'aria-hidden': 'true' });
    bar.style.width = `${Math.round(share * 100)}%`;
    list.append(el('li', {}, el('span', { class: 'label', text: `${problemLabel(kind)} — ${new Intl.NumberFormat(lang, { style: 'percent' }).format(share)}` }), el('span', { class: 'track' }, bar)));
  }
}

function renderHistory() {
  const list = clear($('history'));
  if (!outages.length) { list.append(el('li', { class: 'muted', text: t('service.historyNone') })); return; }
  for (const o of outages) {
    const duration = o.endedAt ? fmtDuration(o.durationSeconds) : t('history.ongoing');
    const where = o.scope && o.scope !== '*' ? ` · ${o.scopeName ? pick(o.scopeName) : o.scope}` : '';
    list.append(el('li', {}, stateBadge(o.state), ' ', el('a', { href: `/o/${encodeURIComponent(o.id)}`, text: `${fmtDateTime(o.startedAt)} · ${duration}${where}` }), el('p', { class: 'small', text: pick(o.title) })));
  }
}

// --- the map comes last and never blocks the rest -----------------------------------------------------------------
let mapRefresh = null;
function startMap() {
  $('legend').append(legend());
  const map = new OutageMap($('map'), $('areas'), { fit: true });
  map.ready.catch(console.warn);
  mapRefresh = () => mapData(slug).then((data) => {
    $('map-note').hidden = data.complete;
    return map.update(data.features);
  }).catch(console.warn);
  mapRefresh();
}

onLangChange(() => {
  if (!service) return;
  renderStatic();
  updateSendLabel();
  if (current) { renderBanner(); renderProblems(); renderHistory(); }
  $('legend').replaceChildren(legend());
  if (reports) refresh().catch(console.warn);
});

start().catch((e) => { console.warn(e); $('page').hidden = false; $('banner').textContent = t('error.load', { what: slug }); });
