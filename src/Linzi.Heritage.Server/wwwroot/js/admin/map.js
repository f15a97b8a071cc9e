// The administration map: the registry's zones, cells and devices as a quiet background, one overlay that the
// visible section draws on (a rule's scope, permits, a zone import or grid preview), a legend per section, and a
// click handler the section may claim (moving a device, drawing a permit's rectangle, selecting cells).
import { t } from '../i18n.js';

export const escapeHtml = (text) => String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const BLANK_TILE = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

export class AdminMap {
  constructor(element, legend) {
    this.map = L.map(element, { keyboard: true });
    this.legend = legend;
    this.base = L.layerGroup().addTo(this.map);
    this.overlay = L.layerGroup().addTo(this.map);
    this.clickHandler = null;
    this.map.on('click', (event) => this.clickHandler?.(event.latlng, event.originalEvent));
  }

  addTiles(config, notice) {
    for (const layer of config.layers ?? []) {
      L.tileLayer(layer.url, { subdomains: layer.subdomains || 'abc', maxZoom: layer.maxZoom, attribution: layer.attribution, errorTileUrl: BLANK_TILE })
        .on('tileerror', () => { notice.hidden = false; })
        .addTo(this.map);
    }
  }

  /** Draws the registry in muted colours; sections draw their meaning on the overlay. */
  setBase({ zones, cells }) {
    this.base.clearLayers();
    const layer = L.geoJSON(zones, {
      style: (f) => (f.properties.kind === 'protection'
        ? { color: '#8b0000', weight: 1, fillOpacity: 0.04 } : { color: '#b8860b', weight: 1, dashArray: '6 4', fill: false }),
      onEachFeature: (f, l) => l.bindTooltip(escapeHtml(f.properties.name ?? f.properties.id)),
    }).addTo(this.base);
    L.geoJSON(cells, { style: () => ({ color: '#999', weight: 1, fillOpacity: 0 }), interactive: false }).addTo(this.base);
    if (!this.fitted && layer.getBounds().isValid()) {
      this.map.fitBounds(layer.getBounds(), { padding: [10, 10] });
      this.fitted = true;
    }
  }

  /** Clears the overlay, the legend and the click handler: each section starts from a quiet map. */
  reset() {
    this.overlay.clearLayers();
    this.clickHandler = null;
    this.map.getContainer().classList.remove('picking');
    this.setLegend([]);
  }

  /** Legend rows: [css for the swatch, i18n key]. */
  setLegend(items) {
    this.legend.hidden = items.length === 0;
    this.legend.replaceChildren(...(items.length ? [Object.assign(document.createElement('strong'), { textContent: t('map.legend') })] : []),
      ...items.map(([style, key]) => {
        const row = document.createElement('div');
        const swatch = Object.assign(document.createElement('span'), { className: 'swatch' });
        swatch.style.cssText = style;
        row.append(swatch, Object.assign(document.createElement('span'), { textContent: t(key) }));
        return row;
      }));
  }

  /** Adds GeoJSON to the overlay; features get data-* attributes for tests and the keyboard. */
  draw(geojson, style, { tooltip, onClick, attr } = {}) {
    const layer = L.geoJSON(geojson, {
      style: typeof style === 'function' ? style : () => style,
      pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 7 }),
      onEachFeature: (feature, path) => {
        if (tooltip) path.bindTooltip(() => tooltip(feature), typeof tooltip.permanent === 'boolean' ? { permanent: tooltip.permanent } : {});
        if (onClick) path.on('click', (event) => { L.DomEvent.stopPropagation(event); onClick(feature, path, event.originalEvent); });
        path.on('add', () => {
          const element = path.getElement?.();
          if (element && attr) for (const [k, v] of Object.entries(attr(feature))) element.setAttribute(k, v);
        });
      },
    }).addTo(this.overlay);
    return layer;
  }

  fit(layer) {
    const bounds = layer?.getBounds?.();
    if (bounds?.isValid()) this.map.fitBounds(bounds, { padding: [20, 20], maxZoom: 17 });
  }

  /** Claims map clicks for the current section (null to release), with a crosshair while it does. */
  onClick(handler) {
    this.clickHandler = handler;
    this.map.getContainer().classList.toggle('picking', Boolean(handler));
  }

  invalidate() { this.map.invalidateSize(); }
}

/** WKT POLYGON / MULTIPOLYGON (lon lat) → GeoJSON geometry; null when it is not one. */
export function wktToGeometry(wkt) {
  const match = /^\s*(MULTIPOLYGON|POLYGON)\s*(\(.*\))\s*$/is.exec(String(wkt ?? ''));
  if (!match) return null;
  try {
    // Nesting maps one to one: pairs "x y" become [x,y], parentheses become brackets.
    const json = match[2].replace(/(-?[\d.eE+-]+)\s+(-?[\d.eE+-]+)(\s+-?[\d.eE+-]+)?/g, '[$1,$2]').replace(/\(/g, '[').replace(/\)/g, ']');
    return { type: match[1].toUpperCase() === 'POLYGON' ? 'Polygon' : 'MultiPolygon', coordinates: JSON.parse(json) };
  } catch {
    return null;
  }
}

/** A rectangle between two corners as WKT. */
export function rectangleWkt(a, b) {
  const [w, e] = [Math.min(a.lng, b.lng), Math.max(a.lng, b.lng)].map((v) => v.toFixed(6));
  const [s, n] = [Math.min(a.lat, b.lat), Math.max(a.lat, b.lat)].map((v) => v.toFixed(6));
  return `POLYGON ((${w} ${s}, ${e} ${s}, ${e} ${n}, ${w} ${n}, ${w} ${s}))`;
}
