// Service page: report a problem in one tap, the status banner, the 24-hour chart, problems, map and history.
import { api, apiOptional, clear, el, errorText, every, HttpError, initPage, stateBadge, status, timeOrderedId, withTz } from './common.js';
import { fmtDateTime, fmtDuration, fmtNumber, fmtPeople, fmtTime, fmtUsual, lang, onLangChange, pick, serviceNames, t } from './i18n.js';
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
let reportsWindow = null;

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

/** The title answers the question, as the server wrote it, in the page's language and with the latest state. */
function renderTitle() {
  const state = current?.state || 'ok';
  const key = state === 'outage' ? 'title.serviceOutage' : state === 'possible' ? 'title.servicePossible'
    : current?.regionalProblems ? 'title.serviceRegional' : 'title.serviceOk';
  document.title = `${t(key, { name: service.name, time: outage ? fmtTime(outage.startedAt) : '' })} · Outcry`;
}

function renderStatic() {
  $('name').textContent = service.name;
  const category = $('links').querySelector('a.category');
  const links = clear($('links'));
  if (service.statusPage) links.append(el('a', { href: service.statusPage, rel: 'noopener', text: t('service.statusPage', serviceNames(service)) }));
  if (service.homepage) links.append(' ', el('a', { href: service.homepage, rel: 'noopener', text: t('service.homepage') }));
  if (category) {
    category.textContent = (lang === 'fr' ? category.dataset.nameFr : category.dataset.nameEn) || category.textContent;
    links.append(' ', category);
  }
  $('report-button').textContent = t('service.report', serviceNames(service));
  renderProblemChoices();
}

function problemLabel(kind) {
  const p = (service?.problems || []).find((x) => x.slug === kind);
  return p ? (lang === 'fr' ? p.nameFr : p.nameEn) : kind;
}

// --- reporting: one tap sends; the problem kind and the place are optional refinements of the report sent -------
function show(step) {
  for (const id of ['step-start', 'step-done']) $(id).hidden = id !== step;
}

function renderProblemChoices() {
  const box = clear($('problems'));
  for (const p of service.problems || []) {
    const pressed = sent?.problem === p.slug;
    box.append(el('button', { type: 'button', class: 'choice', 'data-problem': p.slug, 'aria-pressed': pressed ? 'true' : 'false',
      disabled: !!sent?.problem, text: lang === 'fr' ? p.nameFr : p.nameEn, onclick: () => refine({ problem: p.slug }) }));
  }
}

/** The report just sent, open to refinement: its id, and what was added to it. */
let sent = null;

function setupReport() {
  $('step-start').addEventListener('submit', (e) => { e.preventDefault(); send(); });
  $('again').addEventListener('click', () => { show('step-start'); $('report-button').focus(); });
  $('works-button').addEventListener('click', () => works().catch((e) => { $('works-thanks').textContent = t('service.failed', { detail: errorText(e) }); }));
  $('locate').addEventListener('click', locate);
  setupPlaces();
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
    input.value = s.label;
    close();
    refine({ location: s.location }, s.label);
  };
  input.addEventListener('input', () => {
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
    refine({ lat: Math.round(pos.coords.latitude * 100) / 100, lon: Math.round(pos.coords.longitude * 100) / 100 }, t('service.useLocation'));
  }, () => { error.textContent = t('service.locationDenied'); error.hidden = false; }, { maximumAge: 600_000, timeout: 10_000 });
}

const JSON_POST = { 'Content-Type': 'application/json', 'X-Outcry-Client': 'web' };

/**
 * Sends a report or a "works for me": when many reports arrive the server asks for a proof of work (428); it is solved
 * here, out of sight, and the same body (same id) is sent again.
 */
async function postWithChallenge(path, body) {
  const post = (b) => api(path, { method: 'POST', headers: JSON_POST, body: JSON.stringify(b) });
  try {
    return await post(body);
  } catch (e) {
    if (!(e instanceof HttpError && e.status === 428)) throw e;
    return post({ ...body, altcha: await solveChallenge() });
  }
}

/** One tap: the report leaves at once, located by the server; the page then offers to add the kind and the place. */
async function send() {
  const button = $('report-button');
  button.disabled = true;
  $('report-error').hidden = true;
  try {
    const id = timeOrderedId();
    const answer = await postWithChallenge('/api/v1/reports', { service: service.slug, id });
    sent = { id: answer.counted ? id : answer.id, problem: answer.problem || null, placed: !!answer.location?.region, repeat: !answer.counted };
    // Under 5 the answer gives no count (Anonymity): "fewer than 5, you included".
    const n = answer.reportersLast15Minutes;
    $('thanks').textContent = answer.counted ? t('service.thanks') : t('service.thanksRepeat');
    $('others').textContent = n == null ? t('service.others1', serviceNames(service)) : t('service.others', { n: fmtNumber(n), ...serviceNames(service) });
    $('others').dataset.count = n == null ? answer.reportersLast15MinutesLabel || '' : String(n);
    $('place').value = '';
    $('refined').textContent = '';
    renderProblemChoices();
    show('step-done');
    $('thanks').focus();
    refresh().catch(console.warn);
  } catch (e) {
    $('report-error').textContent = t('service.failed', { detail: errorText(e) });
    $('report-error').hidden = false;
  } finally {
    button.disabled = false;
  }
}

/** Adds the problem kind or the place to the report just sent. */
async function refine(what, label) {
  if (!sent) return;
  $('place-error').hidden = true;
  try {
    const answer = await api(`/api/v1/reports/${sent.id}`, { method: 'PATCH', headers: JSON_POST, body: JSON.stringify({ service: service.slug, ...what }) });
    if (what.problem) {
      sent.problem = answer.problemAdded ? what.problem : sent.problem || what.problem;
      renderProblemChoices();
      $('refined').textContent = answer.problemAdded ? t('service.refinedProblem', { problem: problemLabel(what.problem) }) : t('service.refinedAlready');
    } else {
      $('refined').textContent = answer.placeAdded ? t('service.refinedPlace', { place: label || '' }) : t('service.refinedPlaceNot');
    }
    $('refined').dataset.state = answer.problemAdded || answer.placeAdded ? 'added' : 'kept';
    refresh().catch(console.warn);
  } catch (e) {
    $('place-error').textContent = t('service.refineFailed', { detail: errorText(e) });
    $('place-error').hidden = false;
  }
}

/** "It works for me": a counter-report, deduped and limited like reports, used as evidence but never as a problem. */
async function works() {
  const button = $('works-button');
  button.disabled = true;
  try {
    const answer = await postWithChallenge(`/api/v1/services/${encodeURIComponent(slug)}/works`, { id: timeOrderedId() });
    $('works-thanks').textContent = answer.worksLast15Minutes == null ? t('service.worksThanksFew', serviceNames(service))
      : t('service.worksThanks', { n: fmtNumber(answer.worksLast15Minutes), ...serviceNames(service) });
  } finally {
    button.disabled = false;
  }
}

// --- status, chart, problems, history ------------------------------------------------------------------------------
async function refresh() {
  const [st, rep, base, hist] = await Promise.all([
    status(true),
    api(`/api/v1/services/${encodeURIComponent(slug)}/reports?since=24h&step=15m`),
    api(`/api/v1/services/${encodeURIComponent(slug)}/baseline?since=24h&step=15m`).catch(() => null),
    api(withTz(`/api/v1/outages?service=${encodeURIComponent(slug)}&since=30d`)),
  ]);
  current = st.services.find((s) => s.slug === slug) || null;
  reportsWindow = st.windowMinutes;
  outages = hist.outages || [];
  outage = current?.outage ? (outages.find((o) => o.id === current.outage) || await api(withTz(`/api/v1/outages/${current.outage}`)).catch(() => null)) : null;
  reports = rep;
  problemTotals = rep.problems || {};
  renderBanner();
  renderProblems();
  renderHistory();
  await drawChart($('chart'), rep, base, outages.filter((o) => !o.scope || o.scope === '*'));
  mapRefresh?.();
}

/** The state in one line, above the report button: a dot and words, and the count against the usual. */
function renderStateLine() {
  const line = clear($('state-line'));
  const state = current?.state || 'ok';
  const regional = !!current?.regionalProblems;
  line.append(stateBadge(state, regional));
  if (current && reportsWindow) {
    line.append(' ', el('span', { class: 'count', text: t('service.stateLine', { n: fmtPeople(current.observed), m: reportsWindow, e: fmtUsual(current.expected ?? 0) }) }));
  }
  line.dataset.state = state;
}

function renderBanner() {
  renderStateLine();
  renderTitle();
  const banner = clear($('banner'));
  const state = current?.state || 'ok';
  banner.className = `banner state-${state}${current?.regionalProblems ? ' regional' : ''}`;
  const key = state === 'outage' ? 'service.outageBanner' : state === 'possible' ? 'service.possibleBanner' : 'service.okBanner';
  if (current?.regionalProblems) {
    // Each area with its own reports against its own usual level, over the same window as the state line.
    const names = (current.regionalOutages || []).map((r) => t('service.regionalArea', { area: pick(r.name), n: r.observed != null ? fmtNumber(r.observed) : t('map.fewer'), m: reportsWindow, e: fmtUsual(r.expected) }));
    if (state !== 'ok') banner.append(el('p', { class: 'headline', text: t(key, serviceNames(service)) }));
    banner.append(el('p', { class: state === 'ok' ? 'headline' : '', text: t('service.regionalBanner', { ...serviceNames(service), areas: names.join(', ') }) }));
  } else {
    banner.append(el('p', { class: 'headline', text: t(key, serviceNames(service)) }));
  }
  if (outage) {
    banner.append(el('p', { class: 'explanation', text: pick(outage.explanation) }));
    if (outage.incident) banner.append(el('p', { class: 'explanation', text: pick(outage.incident.explanation) }));
    if (outage.spillover) banner.append(el('p', { class: 'small', text: `${t('spillover.label')} ${pick(outage.spillover.reason)}` }));
    banner.append(el('p', {}, el('a', { href: `/o/${encodeURIComponent(outage.id)}`, text: t('service.seeOutage') })));
  }
  if (current?.worksLast15Minutes) banner.append(el('p', { class: 'small', text: t('service.worksCount', { n: fmtNumber(current.worksLast15Minutes) }) }));
  if ('serviceWorker' in navigator && 'PushManager' in window) banner.append(pushControls());
}

/**
 * "Tell me when it starts or ends": a Web Push subscription for this service, everywhere or in one affected area. It
 * works after the tab is closed; the server keeps only the browser's push address and keys, no account.
 */
function pushControls() {
  const box = el('div', { class: 'push' });
  const areas = (current?.regionalProblems || []).map((code) => {
    const o = outages.find((x) => x.scope === code && !x.endedAt);
    return { code, name: o?.scopeName ? pick(o.scopeName) : code };
  });
  const select = el('select', { id: 'push-area', 'aria-label': t('push.area') },
    el('option', { value: '*', text: t('push.everywhere') }), ...areas.map((a) => el('option', { value: a.code, text: a.name })));
  const button = el('button', { type: 'button', class: 'secondary', id: 'notify', text: t(current?.state === 'ok' ? 'push.subscribe' : 'service.notify') });
  const note = el('p', { class: 'small', role: 'status', id: 'push-note' });
  button.addEventListener('click', async () => {
    try {
      if (await Notification.requestPermission() !== 'granted') { note.textContent = t('service.notifyDenied'); return; }
      const registration = await navigator.serviceWorker.register('/sw.js');
      const { publicKey } = await api('/api/v1/push/key');
      const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: fromBase64Url(publicKey) });
      await api('/api/v1/push/subscriptions', { method: 'POST', headers: JSON_POST, body: JSON.stringify({ service: slug, area: select.value, subscription: subscription.toJSON() }) });
      note.textContent = t('push.on');
    } catch (e) {
      console.warn(e);
      note.textContent = t('push.failed');
    }
  });
  box.append(el('p', { class: 'row' }, button, areas.length ? select : null), note);
  return box;
}

function fromBase64Url(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
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
  if (current) { renderBanner(); renderProblems(); renderHistory(); }
  $('legend').replaceChildren(legend());
  if (reports) refresh().catch(console.warn);
});

start().catch((e) => { console.warn(e); $('page').hidden = false; $('banner').textContent = t('error.load', { what: slug }); });
