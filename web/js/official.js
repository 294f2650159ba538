// Official status beside the crowd's: the service page's line and figures, the outage page's timeline.
import { api, clear, el, withTz } from './common.js';
import { fmtDateTime, fmtNumber, fmtTime, pick, t } from './i18n.js';

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
  if (line.checkedAt && line.state !== 'unavailable') meta.append(el('span', { class: 'official-checked', text: t('official.checked', { time: fmtTime(line.checkedAt) }) }));
  if (line.link) meta.append(meta.childNodes.length ? ' · ' : '', el('a', { href: line.link, rel: 'noopener', target: '_blank', text: t('official.link') }));
  if (meta.childNodes.length) p.append(meta);
  box.append(p);
  if (figures) {
    const ul = el('ul', { class: 'official-figures' });
    const lead = figures.medianLeadMinutes;
    ul.append(el('li', { text: lead.value == null ? t('official.leadNone') : t(lead.basedOn === 1 ? 'official.leadOne' : 'official.lead', { value: fmtNumber(lead.value), n: lead.basedOn }) }));
    ul.append(el('li', { text: t('official.unseen', { value: figures.officialNeverSeenByCrowd.value, n: figures.officialNeverSeenByCrowd.basedOn }) }));
    ul.append(el('li', { text: t('official.unacked', { value: figures.crowdNeverAcknowledged.value, n: figures.crowdNeverAcknowledged.basedOn }) }));
    ul.append(el('li', { text: t('official.minutes', { crowd: fmtNumber(figures.crowdMinutesPer30Days.value), official: fmtNumber(figures.officialMinutesPer30Days.value) }) }));
    box.append(el('p', { class: 'small', text: t('official.figures', { days: figures.period.days }) }), ul);
  }
}

/** Fills {@code box} with one timeline of crowd and official events and the crowd's lead, in a sentence. */
export async function showOutageOfficial(id, box) {
  const official = await api(withTz(`/api/v1/outages/${encodeURIComponent(id)}/official`));
  clear(box);
  box.append(el('h2', { text: t('official.timeline') }), el('p', { class: 'official-lead', text: pick(official.sentence) }));
  const ol = el('ol', { class: 'official-timeline' });
  for (const e of official.timeline) {
    ol.append(el('li', { class: `side-${e.side}` }, el('time', { datetime: e.at, text: fmtDateTime(e.at) }), ' ',
      el('strong', { text: t(e.side === 'official' ? 'official.official' : 'official.crowd') }), ' ', pick(e.text)));
  }
  box.append(ol);
}
