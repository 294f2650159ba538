// The outage map: bundled Natural Earth boundaries drawn by Leaflet on a plain background (no tiles),
// each area coloured by how far its reports are above its usual level, with a text list beside it.
import { api, apiOptional, clear, el, loadScript } from './common.js';
import { fmtNumber, fmtUsual, lang, onLangChange, pick, t } from './i18n.js';
import { toGeoJSON } from './topojson.js';

export const LEVELS = ['none', 'low', 'elevated', 'outage'];
const FILL = { none: '#f3f5f7', low: '#fcd34d', elevated: '#f97316', outage: '#b91c1c' };
const rank = (level) => Math.max(0, LEVELS.indexOf(level));

let leaflet = null;
function loadLeaflet() {
  leaflet ??= loadScript('/webjars/leaflet/1.9.4/dist/leaflet.js').then(() => window.L);
  return leaflet;
}
const topologies = {};
/** Area code → name {en, fr}, filled as the bundled boundaries load: the map data is asked for without names. */
const areaNames = new Map();
/** A bundled TopoJSON: 'countries', or one country's regions ('regions', 'FR': /geo/regions/FR, tens of KB). */
function topology(name, country = null) {
  const key = country ? `${name}-${country}` : name;
  const url = country ? `/geo/${name}/${encodeURIComponent(country)}` : `/geo/${name}.json`;
  topologies[key] ??= api(url).then((topo) => {
    for (const g of topo.objects[name].geometries) areaNames.set(g.id, { en: g.properties.name, fr: g.properties.nameFr || g.properties.name });
    return topo;
  });
  return topologies[key];
}

/** The regions of the countries of these region codes, each country's boundaries loaded on its own. */
function regionTopologies(codes) {
  return Promise.all([...new Set(codes.map((c) => c.split('-')[0]))].map((country) => topology('regions', country)));
}

/** Countries as GeoJSON with their names, for the place fallback when /api/v1/places is missing. */
export async function countryNames() {
  const topo = await topology('countries');
  return topo.objects.countries.geometries.map((g) => ({ code: g.id, name: areaNames.get(g.id) }));
}

/**
 * Map data for one service (or all, when slug is empty): features keyed by area code, without the names the bundled
 * boundaries carry (a third of a region map's bytes, sent again at every refresh). Uses /api/v1/map when it exists;
 * otherwise falls back to the areas of active regional outages, so the map still says where there is trouble.
 */
export async function mapData(slug, { regions: withRegions = true } = {}) {
  const base = slug ? `/api/v1/map?service=${encodeURIComponent(slug)}&window=15m&geometry=false&names=false` : '/api/v1/map/now?geometry=false&names=false';
  const [countries, regions] = await Promise.all([
    apiOptional(`${base}&level=country`),
    withRegions ? apiOptional(`${base}&level=region`) : null,
  ]);
  if (countries || regions) {
    const features = [...(countries?.features || []), ...(regions?.features || [])];
    return { complete: true, features, services: countries?.properties?.services || regions?.properties?.services || null };
  }
  const outages = await api(`/api/v1/outages?active=true${slug ? `&service=${encodeURIComponent(slug)}` : ''}`);
  const byCode = new Map();
  const put = (code, level, outage) => {
    const old = byCode.get(code);
    if (!old || rank(level) > rank(old.properties.level)) {
      byCode.set(code, { type: 'Feature', id: code, geometry: null, properties: { code, level, outage, observed: null, observedLabel: null } });
    }
  };
  for (const o of outages.outages || []) {
    if (!o.scope || o.scope === '*') continue;
    const level = o.state === 'outage' ? 'outage' : 'elevated';
    if (withRegions || !o.scope.includes('-')) put(o.scope, level, o.id);
    if (o.scope.includes('-')) put(o.scope.split('-')[0], level, o.id);
  }
  return { complete: false, features: [...byCode.values()], services: null };
}

export class OutageMap {
  /** fit: zoom to the coloured regions on the first data (service and outage pages); world maps keep the world. */
  constructor(container, list, { fit = false } = {}) {
    this.fit = fit;
    this.container = container;
    this.list = list;
    this.features = new Map();
    this.fitted = false;
    this.ready = this.init();
    onLangChange(() => this.redraw());
  }

  async init() {
    this.container.classList.add('map-loading');
    this.container.dataset.state = 'loading';
    try {
      const [L, topo] = await Promise.all([loadLeaflet(), topology('countries')]);
      this.L = L;
      this.map = L.map(this.container, { minZoom: 1, maxZoom: 8, zoomSnap: 0.5, worldCopyJump: false,
        maxBounds: [[-85, -200], [85, 200]], maxBoundsViscosity: 0.8 });
      this.map.attributionControl.setPrefix('Leaflet');
      this.map.attributionControl.addAttribution('Natural Earth');
      this.map.fitBounds([[-50, -150], [72, 160]]);
      this.countries = L.geoJSON(toGeoJSON(topo, 'countries'), {
        style: (f) => this.style(f), onEachFeature: (f, layer) => this.tooltip(f, layer),
      }).addTo(this.map);
      this.regions = L.geoJSON(null, { style: (f) => this.style(f), onEachFeature: (f, layer) => this.tooltip(f, layer) }).addTo(this.map);
      this.container.classList.remove('map-loading');
      this.container.dataset.state = 'ready';
      new ResizeObserver(() => this.map.invalidateSize()).observe(this.container);
    } catch (e) {
      this.container.dataset.state = 'failed';
      this.container.classList.remove('map-loading');
      clear(this.container).append(el('p', { class: 'muted', text: t('map.failed') }));
      throw e;
    }
  }

  /** An area's name in the reader's language, from the map data or the bundled boundaries, else its code. */
  areaName(code) {
    return pick(this.features.get(code)?.properties?.name || areaNames.get(code)) || code;
  }

  props(feature) {
    return this.features.get(feature.id)?.properties;
  }

  level(feature) {
    return this.props(feature)?.level || 'none';
  }

  style(feature) {
    const level = this.level(feature);
    return { className: `area lvl-${level}`, fillColor: FILL[level], fillOpacity: 1, color: '#6b7785', weight: level === 'none' ? 0.4 : 0.9 };
  }

  name(feature) {
    const p = this.props(feature);
    if (p?.name) return pick(p.name);
    return lang === 'fr' ? (feature.properties.nameFr || feature.properties.name) : feature.properties.name;
  }

  tooltip(feature, layer) {
    layer.bindTooltip(() => {
      const node = el('div', {}, el('strong', { text: this.name(feature) }));
      node.append(el('br'), this.describe(this.props(feature)));
      return node;
    }, { sticky: true });
  }

  /** An area in words: its level, then "8 people, usually about 1" ("fewer than 5" below 5, as the API says). */
  describe(p) {
    if (!p) return t('level.none');
    let s = t(`level.${p.level || 'none'}`);
    const observed = p.observed != null ? fmtNumber(p.observed) : p.observedLabel === '<5' ? t('map.fewer') : p.observedLabel;
    if (observed != null) {
      s += p.expected != null ? ` · ${t('map.row', { n: observed, e: fmtUsual(p.expected) })}` : ` · ${observed}`;
    }
    return s;
  }

  /** Shows new data without rebuilding the map; region shapes are decoded only for countries that need them. */
  async update(features) {
    this.features = new Map(features.map((f) => [f.id ?? f.properties.code, f]));
    const regionCodes = [...this.features.keys()].filter((c) => c.includes('-') && this.features.get(c).properties.level !== 'none');
    // The list names areas from the bundled boundaries, which the map draws anyway; if they fail to load, by code.
    await Promise.all([topology('countries'), regionTopologies(regionCodes)]).catch(() => null);
    this.renderList();
    await this.ready;
    if (regionCodes.length) {
      const wanted = new Set(regionCodes);
      const topos = await regionTopologies(regionCodes);
      this.regions.clearLayers();
      for (const topo of topos) this.regions.addData(toGeoJSON(topo, 'regions', (id) => wanted.has(id)));
    } else {
      this.regions.clearLayers();
    }
    this.redraw();
    if (this.fit && !this.fitted) this.zoomToTrouble(regionCodes.length > 0);
    this.container.dataset.areas = [...this.features.values()].filter((f) => f.properties.level !== 'none').map((f) => `${f.properties.code || f.id}:${f.properties.level}`).join(' ');
  }

  /** Zooms once to the coloured areas: the regions when there are some, else the countries. */
  zoomToTrouble(hasRegions) {
    const bounds = this.L.latLngBounds([]);
    (hasRegions ? this.regions : this.countries).eachLayer((layer) => {
      if (this.level(layer.feature) !== 'none') bounds.extend(layer.getBounds());
    });
    if (!bounds.isValid()) return;
    this.map.fitBounds(bounds.pad(hasRegions ? 1.5 : 0.3), { maxZoom: 5 });
    this.fitted = true;
  }

  redraw() {
    if (!this.countries) return;
    this.countries.setStyle((f) => this.style(f));
    this.regions.eachLayer((layer) => layer.setStyle(this.style(layer.feature)));
    // Shapes are no keyboard stops (Chromium makes an SVG shape with focus listeners one, and Leaflet's tooltips add
    // them): the list of areas beside the map is the keyboard's and screen readers' way through it.
    for (const group of [this.countries, this.regions]) {
      group.eachLayer((layer) => {
        const path = layer.getElement && layer.getElement();
        if (!path) return;
        path.setAttribute('class', `leaflet-interactive area lvl-${this.level(layer.feature)}`);
        path.setAttribute('tabindex', '-1');
        path.setAttribute('aria-hidden', 'true');
      });
    }
    this.renderList();
  }

  renderList() {
    if (!this.list) return;
    clear(this.list);
    const items = [...this.features.values()].filter((f) => (f.properties.level || 'none') !== 'none')
      .sort((a, b) => rank(b.properties.level) - rank(a.properties.level) || (b.properties.excess || 0) - (a.properties.excess || 0));
    if (!items.length) {
      this.list.append(el('li', { class: 'muted', text: t('map.noRegions') }));
      return;
    }
    for (const f of items.slice(0, 30)) {
      const p = f.properties;
      const code = p.code || f.id;
      const name = pick(p.name || areaNames.get(code)) || code;
      const li = el('li', { class: `area-item lvl-${p.level}` }, el('span', { class: 'swatch', 'aria-hidden': 'true' }), el('span', { text: `${name} — ${this.describe(p)}` }));
      if (p.outage) li.append(' ', el('a', { href: `/o/${encodeURIComponent(p.outage)}`, text: t('service.seeOutage') }));
      for (const s of (p.services || []).slice(0, 5)) {
        li.append(' ', el('a', { href: `/s/${encodeURIComponent(s.slug)}`, class: `service-chip state-${s.state}`, text: s.name }));
      }
      this.list.append(li);
    }
  }
}

/** The colour legend, as words with swatches. */
export function legend() {
  return el('ul', { class: 'legend', 'aria-label': t('legend.title') },
    ...LEVELS.map((level) => el('li', { class: `lvl-${level}` }, el('span', { class: 'swatch', 'aria-hidden': 'true' }), el('span', { 'data-i18n': `level.${level}`, text: t(`level.${level}`) }))));
}
