// Every text of the pages, in English and French, and the Intl formatters for the viewer's locale and time zone.

// The texts live in one file that the server's pages read too.
import ALL from '../texts.json' with { type: 'json' };

const TEXTS = { en: ALL.en, fr: ALL.fr };
const ABOUT = ALL.about;

/** The sections of the About page in the current language. */
export function about() { return ABOUT[lang]; }

const KEY = 'outcry.lang';
const listeners = [];

/** The address's ?lang=, then the reader's saved choice, then the language the server chose for the page. */
function initialLang() {
  const asked = new URLSearchParams(window.location.search).get('lang');
  if (asked === 'en' || asked === 'fr') return asked;
  try {
    const saved = localStorage.getItem(KEY);
    if (saved === 'en' || saved === 'fr') return saved;
  } catch (e) { /* storage may be disabled */ }
  const served = document.documentElement.lang;
  if (served === 'en' || served === 'fr') return served;
  const nav = (navigator.language || 'en').toLowerCase();
  return nav.startsWith('fr') ? 'fr' : 'en';
}

/** The language the server wrote the page in, before any switch here. */
export const servedLang = document.documentElement.lang;
export let lang = initialLang();

/** French "de" before a name: "d’Amazon", "de Free". */
export function de(name) {
  return /^[aeiouyàâéèêëîïôöûü]/i.test(name) ? `d’${name}` : `de ${name}`;
}

/**
 * The text of key with its {name} placeholders filled. {de:name} and {in:name} put a name in a French sentence: the
 * values given as 'de:name' and 'in:name' (a service's nameFr.of and nameFr.inSentence, see serviceNames), else
 * "de" elided before the value, and the value itself.
 */
export function t(key, vars = {}) {
  const s = TEXTS[lang][key] ?? TEXTS.en[key] ?? key;
  return s.replace(/\{(de:|in:)?(\w+)\}/g, (m, form, k) => {
    if (!(k in vars)) return m;
    if (form && `${form}${k}` in vars) return String(vars[`${form}${k}`]);
    return form === 'de:' ? de(String(vars[k])) : String(vars[k]);
  });
}

/** A service's name for t(): with its French forms ("le Crédit Agricole", "du Crédit Agricole") when the API gave them. */
export function serviceNames(service, key = 'name') {
  const out = { [key]: service.name };
  if (service.nameFr) {
    out[`in:${key}`] = service.nameFr.inSentence;
    out[`de:${key}`] = service.nameFr.of;
  }
  return out;
}

/** Picks the viewer's language from an {en, fr} object sent by the server. */
export function pick(obj) {
  if (obj == null) return '';
  if (typeof obj === 'string') return obj;
  return obj[lang] ?? obj.en ?? '';
}

export function setLang(next) {
  lang = next;
  try { localStorage.setItem(KEY, next); } catch (e) { /* ignore */ }
  applyTexts(document);
  listeners.forEach((fn) => fn(lang));
}

export function onLangChange(fn) { listeners.push(fn); }

/** Fills every element marked data-i18n (text) and data-i18n-placeholder / data-i18n-label (attributes). */
export function applyTexts(root) {
  document.documentElement.lang = lang;
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-placeholder]').forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
  root.querySelectorAll('[data-i18n-label]').forEach((el) => { el.setAttribute('aria-label', t(el.dataset.i18nLabel)); });
  if (document.body.dataset.titleKey) document.title = `${t(document.body.dataset.titleKey)} · Outcry`;
}

export const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
/** The viewer's own locale when it speaks the chosen language (en-US keeps its date order), else a default. */
function locale() {
  const nav = navigator.language || '';
  return nav.toLowerCase().startsWith(lang) ? nav : (lang === 'fr' ? 'fr-FR' : 'en-GB');
}

export function fmtNumber(n, digits = 0) {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(n);
}
/** A count of people as published: null means fewer than 5, which the node never gives exactly. */
export function fmtPeople(n) {
  return n != null ? fmtNumber(n) : t('count.fewer');
}
/** The usual count in words: "less than one" below 1, else "about n" (one decimal below 10). */
export function fmtUsual(expected) {
  if (expected < 1) return t('usual.lessThanOne');
  return t('usual.about', { n: fmtNumber(expected, expected < 10 ? 1 : 0) });
}
export function fmtTime(iso) {
  return new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(iso));
}
export function fmtDateTime(iso) {
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}
export function fmtDuration(seconds) {
  const minutes = Math.max(1, Math.round(seconds / 60));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const unit = (value, u) => new Intl.NumberFormat(locale(), { style: 'unit', unit: u, unitDisplay: 'short' }).format(value);
  if (h === 0) return unit(m, 'minute');
  return m === 0 ? unit(h, 'hour') : `${unit(h, 'hour')} ${unit(m, 'minute')}`;
}
