// The live map: zones, grid cells coloured by their worst open alert (or by patrol coverage), and devices with their
// state and latest value.
import { t, fmtDateTime, fmtNumber, onLangChange } from '../i18n.js';
import { COLORS, metricLabel, kindLabel } from '../alerts.js';
import { DOM_MARKER_LIMIT, DomMarkers, CanvasMarkers, positionOf } from './device-markers.js';

// Tooltips are HTML: names come from the registry and provisioning, so they are escaped like any other input.
const escape = (text) => String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// Patrol coverage: visited this period, still due, overdue.
const COVERAGE_COLORS = { on_time: '#2e7d32', due: '#e6a019', overdue: '#c62828' };

const BLANK_TILE = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

export class MapView {
  /** counts: where the device count is shown; onChanged(device): after a device's marker was redrawn. */
  constructor(element, { onDevice, onCell, counts, onChanged }) {
    this.map = L.map(element, { preferCanvas: false, zoomControl: true, keyboard: true });
    Object.assign(this, { element, onDevice, onCell, counts, onChanged });
    this.cells = new Map(); // id → { layer, feature, severity }
    this.devices = new Map(); // id → { marker, device, latest }
    this.online = 0;
    this.dirty = new Map(); // entry → moved, until the next frame draws it
    this.frame = 0;
    this.tileErrors = 0;
    onLangChange(() => this.showCounts(true));
  }

  /** Base tiles from the server's configuration; when none load, the vector layers stand on a plain background. */
  addTiles(config, notice) {
    for (const layer of config.layers) {
      L.tileLayer(layer.url, {
        subdomains: layer.subdomains || 'abc',
        maxZoom: layer.maxZoom,
        attribution: layer.attribution,
        errorTileUrl: BLANK_TILE, // never a broken-image icon
        crossOrigin: false,
      }).on('tileerror', () => {
        this.tileErrors++;
        notice.hidden = false;
      }).on('tileload', () => {
        if (this.tileErrors === 0) notice.hidden = true;
      }).addTo(this.map);
    }
  }

  addZones(zones) {
    const kinds = [
      ['protection', { color: '#8b0000', weight: 2, fillColor: '#8b0000', fillOpacity: 0.08 }],
      ['construction_control', { color: '#b8860b', weight: 2, dashArray: '6 4', fill: false }],
    ];
    for (const [kind, style] of kinds) {
      L.geoJSON(zones, {
        filter: (feature) => feature.properties.kind === kind,
        className: `zone zone-${kind}`,
        style: () => style,
        onEachFeature: (feature, layer) => {
          layer.bindTooltip(`${escape(feature.properties.name ?? feature.properties.id)} · ${t(kind === 'protection' ? 'map.layer.protection' : 'map.layer.construction')}`);
          layer.on('add', () => layer.getElement()?.setAttribute('data-zone-id', feature.properties.id));
        },
      }).addTo(this.map);
    }
  }

  addCells(cells) {
    const layer = L.geoJSON(cells, {
      className: 'cell',
      style: () => this.cellStyle(null),
      onEachFeature: (feature, path) => {
        const id = feature.properties.id;
        this.cells.set(id, { layer: path, feature, severity: null });
        path.bindTooltip(() => this.cellTooltip(id));
        path.on('click', () => this.onCell(id));
        path.on('add', () => {
          const element = path.getElement();
          element?.setAttribute('data-cell-id', id);
          element?.setAttribute('data-severity', 'none');
        });
      },
    }).addTo(this.map);
    this.map.fitBounds(layer.getBounds(), { padding: [10, 10] });
  }

  cellStyle(severity, coverage) {
    if (this.coverage) {
      return coverage
        ? { color: '#555', weight: 1, fillColor: COVERAGE_COLORS[coverage], fillOpacity: 0.5 }
        : { color: '#777', weight: 1, fillColor: '#ffffff', fillOpacity: 0.05 };
    }
    return severity
      ? { color: '#555', weight: 1, fillColor: COLORS[severity], fillOpacity: 0.45 }
      : { color: '#777', weight: 1, fillColor: '#ffffff', fillOpacity: 0.05 };
  }

  cellTooltip(id) {
    const { feature, severity } = this.cells.get(id);
    const p = feature.properties;
    const state = this.coverage ? t(`coverage.${this.coverage.get(id) ?? 'none'}`) : t(severity ? `severity.${severity}` : 'severity.none');
    return `${escape(p.name)} (${escape(id)})<br>${escape(p.inspector)}<br>${state}`;
  }

  /** Colours a cell by its worst active alert (null: none). */
  setCellSeverity(id, severity) {
    const cell = this.cells.get(id);
    if (!cell || cell.severity === severity) return;
    cell.severity = severity;
    cell.layer.setStyle(this.cellStyle(severity, this.coverage?.get(id)));
    cell.layer.getElement()?.setAttribute('data-severity', severity ?? 'none');
  }

  /**
   * Colours the cells by patrol coverage (a map of cell id → on_time, due or overdue; cells without a duty stay
   * blank) instead of by alerts; null goes back to the alerts.
   */
  setCoverage(coverage) {
    this.coverage = coverage;
    for (const [id, cell] of this.cells) {
      cell.layer.setStyle(this.cellStyle(cell.severity, coverage?.get(id)));
      const element = cell.layer.getElement();
      if (coverage) element?.setAttribute('data-coverage', coverage.get(id) ?? 'none');
      else element?.removeAttribute('data-coverage');
    }
  }

  /** Draws the devices: DOM markers for a small registry, canvas dots above DOM_MARKER_LIMIT (device-markers.js). */
  addDevices(devices) {
    const Markers = devices.length > DOM_MARKER_LIMIT ? CanvasMarkers : DomMarkers;
    this.markers = new Markers(this.map, { tooltip: (id) => this.deviceTooltip(id), onDevice: this.onDevice });
    for (const device of devices) {
      const entry = { device, latest: device.latest, marker: null };
      this.devices.set(device.id, entry);
      this.markers.add(entry);
      if (device.online) this.online++;
    }
    this.markers.finish?.();
    this.element.dataset.markers = this.markers.kind;
    this.showCounts();
    // For the browser tests and the benchmark: when the devices were drawn, on the page's own clock. The canvas
    // paints in its next animation frame, which this callback follows.
    requestAnimationFrame(() => performance.mark('linzi:devices-drawn'));
  }

  deviceTooltip(id) {
    const { device, latest } = this.devices.get(id);
    const values = latest ? Object.entries(latest.readings).map(([k, v]) => `${escape(metricLabel(k))}: ${fmtNumber(v)}`).join('<br>') : '';
    return `<strong>${escape(device.name ?? device.id)}</strong> (${escape(kindLabel(device.kind))})<br>`
      + `${t(device.online ? 'device.online' : 'device.offline')} · ${t('device.lastSeen')} ${fmtDateTime(device.lastSeen)}`
      + (values ? `<br>${values}` : '');
  }

  /** A live reading: remember it, and move tracked machinery to where it is now (drawn with the next frame). */
  applyReading(reading) {
    const entry = this.devices.get(reading.deviceId);
    if (!entry) return;
    entry.latest = { ...entry.latest, ts: reading.ts, readings: reading.readings, lat: reading.lat, lon: reading.lon };
    entry.device.lastSeen = reading.ts;
    if (!entry.device.online) this.setOnline(reading.deviceId, true);
    this.queue(entry, entry.device.mobile && reading.lat != null && reading.lon != null);
  }

  setOnline(id, online) {
    const entry = this.devices.get(id);
    if (!entry || entry.device.online === online) return;
    entry.device.online = online;
    this.online += online ? 1 : -1;
    this.queue(entry, false);
  }

  // Live events only note what changed; the markers are redrawn once per animation frame, each changed one once,
  // so a burst of thousands of updates costs one redraw of those devices, and a quiet device costs nothing.
  queue(entry, moved) {
    this.dirty.set(entry, this.dirty.get(entry) || moved);
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  flush() {
    this.frame = 0;
    const dirty = this.dirty;
    this.dirty = new Map();
    for (const [entry, moved] of dirty) {
      this.markers.redraw(entry, moved);
      this.onChanged?.(entry.device);
    }
    this.showCounts();
  }

  /** How many devices the map holds and how many are online: in the legend, and on #map for tests and monitoring. */
  showCounts(always = false) {
    const { dataset } = this.element;
    if (!always && dataset.devices === String(this.devices.size) && dataset.online === String(this.online)) return;
    dataset.devices = this.devices.size;
    dataset.online = this.online;
    this.counts.textContent = t('map.devices', { total: fmtNumber(this.devices.size, 0), online: fmtNumber(this.online, 0) });
  }

  /** Centres the map on a device, close enough to tell it from its neighbours. */
  showDevice(id) {
    const entry = this.devices.get(id);
    if (entry) this.map.setView(positionOf(entry), Math.max(this.map.getZoom(), 17));
  }

  device(id) { return this.devices.get(id); }

  focusCell(id) {
    const cell = this.cells.get(id);
    if (cell) this.map.fitBounds(cell.layer.getBounds(), { maxZoom: 16 });
  }
}
