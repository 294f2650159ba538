// What every page shares: fetching the API, the header (language button, demo banner), small DOM helpers.
import { applyTexts, lang, servedLang, setLang, t, timeZone } from './i18n.js';

export class HttpError extends Error {
  constructor(status, body) {
    super((body && (body.detail || body.title)) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

export async function api(path, options = {}) {
  let response;
  try {
    response = await fetch(path, { ...options, headers: { Accept: 'application/json', 'Accept-Language': lang, ...(options.headers || {}) } });
  } catch (e) {
    throw new HttpError(0, null);
  }
  let body = null;
  const text = await response.text();
  if (text) {
    try { body = JSON.parse(text); } catch (e) { body = null; }
  }
  if (!response.ok) throw new HttpError(response.status, body);
  return body;
}

/** What went wrong, said in the page's language: by the problem's type when the page knows it, else the server's words. */
export function errorText(e) {
  if (!(e instanceof HttpError)) return t('error.generic');
  if (e.status === 0) return t('error.network');
  const type = String(e.body?.type || '').split('/').pop();
  const key = { 'challenge-required': 'error.challenge', 'too-many-requests': 'error.tooMany', unavailable: 'error.unavailable', 'not-found': 'error.notFound' }[type];
  if (key) return t(key);
  if (e.status >= 500) return t('error.unavailable');
  return e.body?.detail || t('error.generic');
}

/** A GET that answers null instead of throwing when the endpoint does not exist (yet). */
export async function apiOptional(path) {
  try {
    return await api(path);
  } catch (e) {
    if (e instanceof HttpError && (e.status === 404 || e.status === 405)) return null;
    throw e;
  }
}

export function withTz(path) {
  return `${path}${path.includes('?') ? '&' : '?'}tz=${encodeURIComponent(timeZone)}`;
}

/** Creates an element; text is always set with textContent. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c != null) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** A status shown as a dot and words, so colour is never the only signal. */
export function stateBadge(state, regional = false) {
  const key = state === 'ok' && regional ? 'regional' : state;
  return el('span', { class: `badge state-${key}` }, el('span', { class: 'dot', 'aria-hidden': 'true' }), t(`state.${key}`));
}

let statusPromise = null;
export function status(refresh = false) {
  if (!statusPromise || refresh) {
    statusPromise = api('/api/v1/status');
    statusPromise.then(showDemo, () => {});
  }
  return statusPromise;
}

function showDemo(body) {
  const banner = document.getElementById('demo');
  if (banner && body && body.demo) banner.hidden = false;
  showDemoHistory(body && body.demoHistory);
}

let demoHistoryTimer = null;
/** While the demo's history is being written, how much of it is: said on every page, refreshed until it is done. */
function showDemoHistory(history) {
  const line = document.getElementById('demo-history');
  if (!line) return;
  if (!history) {
    line.hidden = true;
    return;
  }
  const p = history.total ? Math.floor((history.written * 100) / history.total) : 0;
  line.dataset.percent = String(p);
  line.textContent = t('demo.history', { p });
  line.hidden = false;
  clearTimeout(demoHistoryTimer);
  demoHistoryTimer = setTimeout(() => status(true).catch(() => {}), 5000);
}

/**
 * Sets up the shared header: texts, language switch, demo banner. The switch is a link to the page in the other
 * language (it works without scripts); here it switches in place, and the address keeps the choice.
 */
export function initPage() {
  const serverWords = document.body.classList.contains('browse') || document.body.classList.contains('notfound');
  if (serverWords && servedLang && servedLang !== lang) {
    // The reader chose the other language earlier: ask the server for the page in it.
    const url = new URL(window.location.href);
    url.searchParams.set('lang', lang);
    window.location.replace(url);
    return;
  }
  applyTexts(document);
  const link = document.getElementById('lang');
  if (link) {
    const label = () => {
      const other = lang === 'fr' ? 'en' : 'fr';
      link.textContent = t('lang.switch');
      link.setAttribute('aria-label', t('lang.switchLabel'));
      link.setAttribute('lang', other);
      link.setAttribute('hreflang', other);
      const url = new URL(window.location.href);
      url.searchParams.set('lang', other);
      link.setAttribute('href', url.pathname + url.search);
    };
    label();
    link.addEventListener('click', (e) => {
      // Pages whose words come from the server (catalog names) load again in the other language; the rest switch here.
      if (serverWords) {
        setLang(lang === 'fr' ? 'en' : 'fr');
        return;
      }
      e.preventDefault();
      setLang(lang === 'fr' ? 'en' : 'fr');
      const url = new URL(window.location.href);
      url.searchParams.set('lang', lang);
      history.replaceState(history.state, '', url);
      label();
    });
  }
  status().catch(() => {});
}

/** Calls fn now and every {@code ms}, pausing while the tab is hidden. */
export function every(ms, fn) {
  let timer = null;
  const run = async () => {
    try { await fn(); } catch (e) { console.warn('refresh failed', e); }
    timer = setTimeout(run, ms);
  };
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && timer) { clearTimeout(timer); run(); }
  });
  return run();
}

export function loadScript(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(s);
  });
}

/**
 * A UUID version 7 (RFC 9562): the time in milliseconds, then random bits. A report sent again with the same id is
 * stored once; ids in time order keep the server's index of ids growing at its end.
 */
export function timeOrderedId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let ms = Date.now();
  for (let i = 5; i >= 0; i--) { bytes[i] = ms % 256; ms = Math.floor(ms / 256); }
  bytes[6] = 0x70 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
