// A small TopoJSON → GeoJSON decoder: quantized, delta-encoded arcs; Polygon and MultiPolygon geometries.

function arcDecoder(topology) {
  const t = topology.transform;
  const cache = new Map();
  return (index) => {
    const i = index < 0 ? ~index : index;
    let points = cache.get(i);
    if (!points) {
      const arc = topology.arcs[i];
      points = new Array(arc.length);
      let x = 0;
      let y = 0;
      for (let k = 0; k < arc.length; k++) {
        if (t) {
          x += arc[k][0];
          y += arc[k][1];
          points[k] = [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]];
        } else {
          points[k] = [arc[k][0], arc[k][1]];
        }
      }
      cache.set(i, points);
    }
    return index < 0 ? points.slice().reverse() : points;
  };
}

function ring(arcIndexes, arc) {
  const out = [];
  arcIndexes.forEach((index, n) => {
    const points = arc(index);
    // Consecutive arcs share their joining point: keep it once.
    for (let k = n === 0 ? 0 : 1; k < points.length; k++) out.push(points[k]);
  });
  if (out.length && (out[0][0] !== out[out.length - 1][0] || out[0][1] !== out[out.length - 1][1])) out.push(out[0]);
  return out;
}

function geometry(g, arc) {
  switch (g.type) {
    case 'Polygon': return { type: 'Polygon', coordinates: g.arcs.map((r) => ring(r, arc)) };
    case 'MultiPolygon': return { type: 'MultiPolygon', coordinates: g.arcs.map((p) => p.map((r) => ring(r, arc))) };
    default: return null;
  }
}

/** The named object of a topology as a GeoJSON FeatureCollection; {@code keep(id)} may filter features first. */
export function toGeoJSON(topology, objectName, keep = () => true) {
  const object = topology.objects[objectName];
  const arc = arcDecoder(topology);
  const geometries = object.type === 'GeometryCollection' ? object.geometries : [object];
  const features = [];
  for (const g of geometries) {
    if (!keep(g.id)) continue;
    const geo = geometry(g, arc);
    if (geo) features.push({ type: 'Feature', id: g.id, properties: g.properties || {}, geometry: geo });
  }
  return { type: 'FeatureCollection', features };
}
