// The live map: zones, grid cells coloured by their worst open alert, and devices with their state and latest value.
import { t, fmtDateTime, fmtNumber } from '../i18n.js';
import { COLORS, metricLabel, kindLabel } from '../alerts.js';

// Tooltips are HTML: names come from the registry and provisioning, so they are escaped like any other input.
const escape = (text) => String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const BLANK_TILE = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

export class MapView {
  constructor(element, { onDevice, onCell }) {
    this.map = L.map(element, { preferCanvas: false, zoomControl: true, keyboard: true });
    this.onDevice = onDevice;
    this.onCell = onCell;
    this.cells = new Map(); // id → { layer, feature, severity }
    this.devices = new Map(); // id → { marker, device, latest }
    this.tileErrors = 0;
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

  cellStyle(severity) {
    return severity
      ? { color: '#555', weight: 1, fillColor: COLORS[severity], fillOpacity: 0.45 }
      : { color: '#777', weight: 1, fillColor: '#ffffff', fillOpacity: 0.05 };
  }

  cellTooltip(id) {
    const { feature, severity } = this.cells.get(id);
    const p = feature.properties;
    return `${escape(p.name)} (${escape(id)})<br>${escape(p.inspector)}<br>${t(severity ? `severity.${severity}` : 'severity.none')}`;
  }

  /** Colours a cell by its worst active alert (null: none). */
  setCellSeverity(id, severity) {
    const cell = this.cells.get(id);
    if (!cell || cell.severity === severity) return;
    cell.severity = severity;
    cell.layer.setStyle(this.cellStyle(severity));
    cell.layer.getElement()?.setAttribute('data-severity', severity ?? 'none');
  }

  addDevices(devices) {
    for (const device of devices) {
      const latest = device.latest;
      const position = device.mobile && latest?.lat != null ? [latest.lat, latest.lon] : [device.lat, device.lon];
      const marker = L.marker(position, {
        icon: this.icon(device),
        title: device.name ?? device.id,
        alt: device.name ?? device.id,
        keyboard: true,
        riseOnHover: true,
      });
      marker.bindTooltip(() => this.deviceTooltip(device.id));
      marker.on('click', () => this.onDevice(device.id));
      marker.on('add', () => {
        const element = marker.getElement();
        element.dataset.deviceId = device.id;
        // A focusable button for keyboard users: Enter or Space opens the device, as a click does.
        element.setAttribute('role', 'button');
        element.setAttribute('aria-label', `${device.name ?? device.id} (${kindLabel(device.kind)})`);
        element.addEventListener('keydown', (event) => {
          if (event.key !== 'Enter' && event.key !== ' ') return;
          event.preventDefault();
          this.onDevice(device.id);
        });
      });
      marker.addTo(this.map);
      this.devices.set(device.id, { marker, device, latest });
    }
  }

  icon(device) {
    return L.divIcon({
      className: `device-marker ${device.online ? 'online' : 'offline'}${device.mobile ? ' mobile' : ''}`,
      html: '<span class="dot"></span>',
      iconSize: [16, 16],
    });
  }

  deviceTooltip(id) {
    const { device, latest } = this.devices.get(id);
    const values = latest ? Object.entries(latest.readings).map(([k, v]) => `${escape(metricLabel(k))}: ${fmtNumber(v)}`).join('<br>') : '';
    return `<strong>${escape(device.name ?? device.id)}</strong> (${escape(kindLabel(device.kind))})<br>`
      + `${t(device.online ? 'device.online' : 'device.offline')} · ${t('device.lastSeen')} ${fmtDateTime(device.lastSeen)}`
      + (values ? `<br>${values}` : '');
  }

  /** A live reading: remember it, and move tracked machinery to where it is now. */
  applyReading(reading) {
    const entry = this.devices.get(reading.deviceId);
    if (!entry) return;
    entry.latest = { ...entry.latest, ts: reading.ts, readings: reading.readings, lat: reading.lat, lon: reading.lon };
    entry.device.lastSeen = reading.ts;
    if (!entry.device.online) this.setOnline(reading.deviceId, true);
    if (entry.device.mobile && reading.lat != null && reading.lon != null) entry.marker.setLatLng([reading.lat, reading.lon]);
    if (entry.marker.isTooltipOpen()) entry.marker.getTooltip().update(); // re-reads deviceTooltip
  }

  setOnline(id, online) {
    const entry = this.devices.get(id);
    if (!entry) return;
    entry.device.online = online;
    const element = entry.marker.getElement();
    element?.classList.toggle('online', online);
    element?.classList.toggle('offline', !online);
  }

  device(id) { return this.devices.get(id); }

  focusCell(id) {
    const cell = this.cells.get(id);
    if (cell) this.map.fitBounds(cell.layer.getBounds(), { maxZoom: 16 });
  }
}
