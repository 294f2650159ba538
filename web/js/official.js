// Official status beside the crowd's: the service page's line and figures, the outage page's timeline.
import { api, clear, el, withTz } from './common.js';
import { fmtDateTime, fmtNumber, fmtTime, pick } from './i18n.js';

const TEXT = {
  checked: { en: 'checked at {time}', fr: 'vérifié à {time}' },
  link: { en: 'Official status page', fr: 'Page de statut officielle' },
  figures: { en: 'The crowd against the official page, last {days} days', fr: 'La foule face à la page officielle, {days} derniers jours' },
  lead: { en: 'Median lead of the crowd: {value} min ({n} outages)', fr: 'Avance médiane de la foule : {value} min ({n} pannes)' },
  leadOne: { en: 'Median lead of the crowd: {value} min (1 outage)', fr: 'Avance médiane de la foule : {value} min (1 panne)' },
  leadNone: { en: 'Median lead of the crowd: no outage seen by both yet', fr: 'Avance médiane de la foule : aucune panne vue des deux côtés' },
  unseen: { en: 'Official incidents the crowd never saw: {value} of {n}', fr: 'Incidents officiels jamais vus par la foule : {value} sur {n}' },
  unacked: { en: 'Crowd outages never acknowledged: {value} of {n}', fr: 'Pannes de la foule jamais reconnues : {value} sur {n}' },
  minutes: { en: 'Minutes of outage per 30 days: crowd {crowd}, official {official}', fr: 'Minutes de panne par 30 jours : foule {crowd}, officiel {official}' },
  timeline: { en: 'Crowd and official page', fr: 'La foule et la page officielle' },
  crowd: { en: 'Crowd', fr: 'Foule' },
  official: { en: 'Official', fr: 'Officiel' },
};

function say(key, vars = {}) {
  return pick(TEXT[key]).replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
}

/** Fills {@code box} with the service's official status line, its link and the reliability figures. */
export async function showServiceOfficial(slug, box) {
  const s = encodeURIComponent(slug);
  const [line, figures] = await Promise.all([
    api(withTz(`/api/v1/services/${s}/official`)),
    api(`/api/v1/services/${s}/reliability`).catch(() => null),
  ]);
  clear(box);
  box.hidden = line.state === 'none';
  if (box.hidden) return;
  const p = el('p', { class: `official-line official-${line.state}`, 'data-state': line.state },
    el('span', { class: 'official-text', text: pick(line.text) }));
  const meta = el('span', { class: 'official-meta' });
  if (line.checkedAt && line.state !== 'unavailable') meta.append(el('span', { class: 'official-checked', text: say('checked', { time: fmtTime(line.checkedAt) }) }));
  if (line.link) meta.append(meta.childNodes.length ? ' · ' : '', el('a', { href: line.link, rel: 'noopener', target: '_blank', text: say('link') }));
  if (meta.childNodes.length) p.append(meta);
  box.append(p);
  if (figures) {
    const ul = el('ul', { class: 'official-figures' });
    const lead = figures.medianLeadMinutes;
    ul.append(el('li', { text: lead.value == null ? say('leadNone') : say(lead.basedOn === 1 ? 'leadOne' : 'lead', { value: fmtNumber(lead.value), n: lead.basedOn }) }));
    ul.append(el('li', { text: say('unseen', { value: figures.officialNeverSeenByCrowd.value, n: figures.officialNeverSeenByCrowd.basedOn }) }));
    ul.append(el('li', { text: say('unacked', { value: figures.crowdNeverAcknowledged.value, n: figures.crowdNeverAcknowledged.basedOn }) }));
    ul.append(el('li', { text: say('minutes', { crowd: fmtNumber(figures.crowdMinutesPer30Days.value), official: fmtNumber(figures.officialMinutesPer30Days.value) }) }));
    box.append(el('p', { class: 'small', text: say('figures', { days: figures.period.days }) }), ul);
  }
}

/** Fills {@code box} with one timeline of crowd and official events and the crowd's lead, in a sentence. */
export async function showOutageOfficial(id, box) {
  const t = await api(withTz(`/api/v1/outages/${encodeURIComponent(id)}/official`));
  clear(box);
  box.append(el('h2', { text: say('timeline') }), el('p', { class: 'official-lead', text: pick(t.sentence) }));
  const ol = el('ol', { class: 'official-timeline' });
  for (const e of t.timeline) {
    ol.append(el('li', { class: `side-${e.side}` }, el('time', { datetime: e.at, text: fmtDateTime(e.at) }), ' ',
      el('strong', { text: say(e.side === 'official' ? 'official' : 'crowd') }), ' ', pick(e.text)));
  }
  box.append(ol);
}
