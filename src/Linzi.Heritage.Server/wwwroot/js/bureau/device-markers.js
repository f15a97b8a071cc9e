// How the map draws devices. A small registry (the demo's 33) gets one focusable DOM marker per device, which
// keyboard users tab through. A large one gets dots on a single canvas: 10,000 DOM markers take seconds to create
// and make every pan slow, and a tab order of 10,000 stops helps nobody; there the device search (device-find.js)
// is the keyboard's way to a device.
// Both draw an entry { device, latest, marker } and redraw it when told; neither ever walks all the devices.
import { kindLabel } from '../alerts.js';

/** Above this many devices the map draws dots on a canvas instead of DOM markers. */
export const DOM_MARKER_LIMIT = 500;

/** Where a device is now: tracked machinery where it last reported, anything else where it was registered. */
export const positionOf = ({ device, latest }) =>
  device.mobile && latest?.lat != null && latest?.lon != null ? [latest.lat, latest.lon] : [device.lat, device.lon];

/** One focusable Leaflet DOM marker per device: `.device-marker[data-device-id]` with online/offline classes. */
export class DomMarkers {
  constructor(map, { tooltip, onDevice }) {
    Object.assign(this, { map, tooltip, onDevice });
    this.kind = 'dom';
  }

  add(entry) {
    const { device } = entry;
    const marker = L.marker(positionOf(entry), {
      icon: L.divIcon({
        className: `device-marker ${device.online ? 'online' : 'offline'}${device.mobile ? ' mobile' : ''}`,
        html: '<span class="dot"></span>',
        iconSize: [16, 16],
      }),
      title: device.name ?? device.id,
      alt: device.name ?? device.id,
      keyboard: true,
      riseOnHover: true,
    });
    marker.bindTooltip(() => this.tooltip(device.id));
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
    entry.marker = marker;
  }

  /** Shows the entry's state; moved: its position may have changed too. */
  redraw(entry, moved) {
    const { marker, device } = entry;
    const element = marker.getElement();
    element?.classList.toggle('online', device.online);
    element?.classList.toggle('offline', !device.online);
    if (moved) marker.setLatLng(positionOf(entry));
    if (marker.isTooltipOpen()) marker.getTooltip().update(); // re-reads the tooltip text
  }
}

// The canvas dots' fills: the DOM markers' colours (app.css), opaque so a dot shows one colour whatever is under it.
export const DOT_COLOURS = { online: '#2e7d32', offline: '#8d8d8d', mobile: '#5b3fa8' };

/**
 * Every device as a circle on one canvas. One shared tooltip and one click handler on the group, rather than one of
 * each per dot, keep 10,000 devices cheap to create; a changed dot repaints only its own patch of the canvas.
 */
export class CanvasMarkers {
  constructor(map, { tooltip, onDevice }) {
    Object.assign(this, { map, tooltip });
    this.kind = 'canvas';
    this.renderer = L.canvas({ padding: 0.3 });
    this.group = L.featureGroup();
    this.hint = L.tooltip({ direction: 'top', offset: [0, -6] });
    this.hovered = null; // the id of the device whose tooltip shows
    this.group.on('click', (event) => onDevice(event.layer.deviceId));
    this.group.on('mouseover', (event) => {
      this.hovered = event.layer.deviceId;
      this.hint.setLatLng(event.layer.getLatLng()).setContent(this.tooltip(this.hovered));
      this.map.openTooltip(this.hint);
    });
    this.group.on('mouseout', () => {
      this.hovered = null;
      this.map.closeTooltip(this.hint);
    });
  }

  add(entry) {
    const { mobile } = entry.device;
    const marker = L.circleMarker(positionOf(entry), {
      renderer: this.renderer, radius: mobile ? 7 : 6, weight: 1.5, color: '#ffffff', fillOpacity: 1, fillColor: this.fill(entry.device),
    });
    marker.deviceId = entry.device.id;
    this.group.addLayer(marker);
    entry.marker = marker;
  }

  /** Puts the group on the map once every dot is in it. */
  finish() { this.group.addTo(this.map); }

  fill({ online, mobile }) {
    return !online ? DOT_COLOURS.offline : mobile ? DOT_COLOURS.mobile : DOT_COLOURS.online;
  }

  // Only a changed colour is restyled: a restyle schedules a repaint of the dot's patch of the canvas.
  redraw(entry, moved) {
    const fillColor = this.fill(entry.device);
    if (entry.marker.options.fillColor !== fillColor) entry.marker.setStyle({ fillColor });
    if (moved) entry.marker.setLatLng(positionOf(entry));
    if (this.hovered === entry.device.id) this.hint.setLatLng(entry.marker.getLatLng()).setContent(this.tooltip(this.hovered));
  }
}
