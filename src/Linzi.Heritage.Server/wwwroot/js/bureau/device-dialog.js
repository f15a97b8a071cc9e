// A device's facts and its history chart: pick a range, zoom into it, and the chart refetches at a finer bucket.
import { t, fmtDateTime, fmtNumber } from '../i18n.js';
import { api, toast, errorText } from '../session.js';
import { kindLabel, metricLabel } from '../alerts.js';
import { lineOptions, chartIn, bucketFor } from './charts.js';

const RANGES = [['1h', 3600e3], ['6h', 6 * 3600e3], ['24h', 86400e3], ['7d', 7 * 86400e3], ['30d', 30 * 86400e3]];

export class DeviceDialog {
  constructor(dialog, { siteName, deviceOf }) {
    Object.assign(this, { dialog, siteName, deviceOf });
    this.metric = dialog.querySelector('#device-metric');
    this.rangeGroup = dialog.querySelector('#device-range');
    this.resolution = dialog.querySelector('#device-resolution');
    dialog.querySelector('.close').addEventListener('click', () => dialog.close());
    this.metric.addEventListener('change', () => this.load(this.period));
    this.chart = null;
    this.zoomTimer = null;
  }

  open(id) {
    const entry = this.deviceOf(id);
    if (!entry) return;
    this.id = id;
    const { device, latest } = entry;
    this.dialog.querySelector('#device-title').textContent = `${device.name ?? device.id} · ${kindLabel(device.kind)}`;
    const facts = [
      ['device.kind', kindLabel(device.kind)],
      ['alert.site', this.siteName(device.siteId)],
      ['alert.cell', device.cellId ?? t('common.none')],
      ['device.state', t(device.online ? 'device.online' : 'device.offline')],
      ['device.lastSeen', device.lastSeen ? fmtDateTime(device.lastSeen) : t('device.never')],
      ['device.battery', latest?.batteryV != null ? `${fmtNumber(latest.batteryV)} V` : t('common.none')],
      ['device.rssi', latest?.rssiDbm != null ? `${fmtNumber(latest.rssiDbm, 0)} dBm` : t('common.none')],
      ...Object.entries(latest?.readings ?? {}).map(([k, v]) => [`metric.${k}`, fmtNumber(v)]),
    ];
    this.dialog.querySelector('#device-facts').replaceChildren(...facts.map(([key, value]) => {
      const row = document.createElement('div');
      row.append(Object.assign(document.createElement('dt'), { textContent: key.startsWith('metric.') ? metricLabel(key.slice(7)) : t(key) }),
        Object.assign(document.createElement('dd'), { textContent: value }));
      return row;
    }));
    this.metric.replaceChildren(...device.metrics.map((m) => new Option(metricLabel(m), m)));
    this.rangeGroup.replaceChildren(...RANGES.map(([key, size]) => {
      const button = Object.assign(document.createElement('button'), { type: 'button', textContent: t(`device.range.${key}`) });
      button.dataset.range = key;
      button.setAttribute('aria-pressed', key === '24h');
      button.addEventListener('click', () => {
        this.rangeGroup.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', b === button));
        const end = Date.now();
        this.load({ from: end - size, to: end });
      });
      return button;
    }));
    if (!this.dialog.open) this.dialog.showModal();
    const end = Date.now();
    this.load({ from: end - 86400e3, to: end });
  }

  /** Loads a period, downsampled to fit it. */
  async load(period) {
    if (!period || !this.metric.value) return;
    this.period = period;
    const every = bucketFor(period.to - period.from);
    const query = new URLSearchParams({ metric: this.metric.value, from: new Date(period.from).toISOString(), to: new Date(period.to).toISOString() });
    if (every) query.set('every', every);
    try {
      const history = await api(`/api/devices/${encodeURIComponent(this.id)}/readings?${query}`);
      this.resolution.textContent = t('device.resolution', { every: every ?? t('device.raw') });
      this.chart = chartIn(this.dialog.querySelector('#device-chart'));
      this.chart.setOption(lineOptions({ name: metricLabel(this.metric.value), points: history.points, period, zoom: true }), true);
      this.chart.off('datazoom');
      this.chart.on('datazoom', () => this.zoomed());
    } catch (error) {
      toast(errorText(error), 'error');
    }
  }

  // After the user stops dragging the zoom, fetch the visible part again at the resolution it deserves.
  zoomed() {
    clearTimeout(this.zoomTimer);
    this.zoomTimer = setTimeout(() => {
      const zoom = this.chart.getOption().dataZoom[0];
      const span = this.period.to - this.period.from;
      const from = this.period.from + (span * zoom.start) / 100;
      const to = this.period.from + (span * zoom.end) / 100;
      if (bucketFor(to - from) !== bucketFor(span)) this.load({ from, to });
    }, 400);
  }
}
