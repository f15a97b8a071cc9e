// 设备 Devices: the list and the map; select one to edit its name, position (click the map to move it) and metrics
// (PUT /api/devices/{id}); life-cycle actions with confirmation: rotate the secret (shown once, with how long the old
// one still works), revoke (ends its MQTT session), decommission (DELETE; history stays); and bulk provisioning from
// CSV with a dry run, whose secrets come back once and are offered as a CSV file to download.
import { t, fmtDateTime, siteName } from '../i18n.js';
import { api } from '../session.js';
import { kindLabel } from '../alerts.js';
import { el, field, read, write, table, rowButton, attempt, status, showErrors, clearErrors, confirmed, showOnce, downloadLink, csv } from './ui.js';
import { escapeHtml } from './map.js';
import { CsvImport } from './csv-import.js';

export class DevicesSection {
  constructor(panel, context) {
    Object.assign(this, { panel, context });
    this.form = panel.querySelector('#device-form');
    this.form.noValidate = true;
    this.once = panel.querySelector('#devices-once');
    this.filter = panel.querySelector('#devices-filter');
    this.filter.addEventListener('input', () => this.render());
    this.form.addEventListener('submit', (event) => { event.preventDefault(); this.save(); });
    this.importer = new CsvImport(panel.querySelector('#devices-import'), panel.querySelector('#devices-report'), {
      url: '/api/devices/import',
      onDone: async (answer) => { this.showSecrets(answer); await this.reload(); },
    });
  }

  async show() {
    this.context.map.setLegend([
      ['background:#2e7d32;border-radius:50%', 'device.online'], ['background:#8d8d8d;border-radius:50%', 'device.offline'],
      ['background:#0b57d0;border-radius:50%', 'devices.legend.editing'],
    ]);
    await this.reload();
  }

  /** Every device, decommissioned ones too (GET /api/devices?include=decommissioned), and the base map's list. */
  async reload() {
    const [all] = await Promise.all([api('/api/devices?include=decommissioned'), this.context.refresh('devices')]);
    this.all = all;
    this.render();
  }

  devices() {
    const filter = this.filter.value.trim().toLowerCase();
    return (this.all ?? this.context.data.devices).filter((d) => !filter || [d.id, d.name, d.siteId, d.kind, d.cellId].some((v) => v?.toLowerCase().includes(filter)));
  }

  render() {
    const { sites } = this.context.data;
    // state: active | revoked (cannot connect; can be decommissioned) | decommissioned (history only, no actions).
    const lifecycle = (d) => d.state ?? 'active';
    table(this.panel.querySelector('#devices-list'), ['admin.id', 'maint.name', 'maint.kind', 'maint.site', 'alert.cell', 'devices.lifecycle', 'device.state', 'device.lastSeen', ''],
      this.devices().map((d) => ({
        data: { deviceId: d.id, state: lifecycle(d) },
        className: [d.id === this.editing?.id ? 'selected' : '', lifecycle(d) !== 'active' ? 'disabled' : ''].filter(Boolean).join(' '),
        cells: [d.id, d.name ?? '', kindLabel(d.kind), siteName(sites, d.siteId), d.cellId ?? t('common.none'),
          [t(`devices.state.${lifecycle(d)}`), lifecycle(d) === 'active' ? 'good' : 'bad'],
          [t(d.online ? 'device.online' : 'device.offline'), d.online ? 'good' : 'bad'], d.lastSeen ? fmtDateTime(d.lastSeen) : t('device.never'),
          lifecycle(d) === 'decommissioned' ? '' : el('span', { className: 'row-actions' },
            rowButton('admin.edit', () => this.edit(d), { 'aria-label': `${t('admin.edit')} ${d.id}` }),
            lifecycle(d) === 'active' ? rowButton('devices.rotate', () => this.rotate(d), { 'aria-label': `${t('devices.rotate')} ${d.id}` }) : null,
            lifecycle(d) === 'active' ? rowButton('devices.revoke', () => this.revoke(d), { 'aria-label': `${t('devices.revoke')} ${d.id}` }) : null,
            rowButton('devices.decommission', () => this.decommission(d), { 'aria-label': `${t('devices.decommission')} ${d.id}` }))],
      })), 'devices.empty');
    this.draw();
  }

  draw() {
    const map = this.context.map;
    map.overlay.clearLayers();
    const features = this.devices().filter((d) => d.state !== 'decommissioned').map((d) => ({ type: 'Feature', properties: d, geometry: { type: 'Point', coordinates: [d.lon, d.lat] } }));
    map.draw({ type: 'FeatureCollection', features }, (f) => {
      const colour = f.properties.id === this.editing?.id ? '#0b57d0' : f.properties.online ? '#2e7d32' : '#8d8d8d';
      return { color: '#fff', weight: 2, fillColor: colour, fillOpacity: 0.95 };
    }, {
      tooltip: (f) => `${escapeHtml(f.properties.name ?? f.properties.id)} (${escapeHtml(kindLabel(f.properties.kind))})`,
      onClick: (f) => this.edit(f.properties),
      attr: (f) => ({ 'data-device-id': f.properties.id }),
    });
    if (this.moveTo) map.draw({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [this.moveTo.lng, this.moveTo.lat] } }, { color: '#0b57d0', weight: 3, fillOpacity: 0.2 });
  }

  edit(device) {
    this.editing = device;
    this.moveTo = null;
    const f = this.form;
    f.replaceChildren(
      el('fieldset', {}, el('legend', {}, t('devices.edit', { id: device.id })),
        field({ name: 'name', label: 'maint.name' }),
        field({ name: 'lat', label: 'maint.lat', type: 'number', attrs: { step: 'any' } }),
        field({ name: 'lon', label: 'maint.lon', type: 'number', attrs: { step: 'any' } }),
        field({ name: 'metrics', label: 'maint.metrics' })),
      el('p', { className: 'state' }, t('devices.clickToMove')),
      el('p', { className: 'form-message', role: 'alert' }),
      el('div', { className: 'action-row' },
        el('button', { type: 'submit', className: 'primary' }, t('admin.save')),
        el('button', { type: 'button', onclick: () => this.closeForm() }, t('admin.cancel'))));
    write(f, 'name', device.name);
    write(f, 'lat', device.lat);
    write(f, 'lon', device.lon);
    write(f, 'metrics', device.metrics ?? []);
    f.hidden = false;
    this.context.map.onClick((latlng) => {
      this.moveTo = latlng;
      write(f, 'lat', latlng.lat.toFixed(6));
      write(f, 'lon', latlng.lng.toFixed(6));
      status(t('devices.moved', { lat: latlng.lat.toFixed(6), lon: latlng.lng.toFixed(6) }), 'info');
      this.draw();
    });
    this.render();
    f.querySelector('input').focus();
  }

  closeForm() {
    this.form.hidden = true;
    this.editing = null;
    this.moveTo = null;
    this.context.map.onClick(null);
    this.render();
  }

  async save() {
    const f = this.form;
    clearErrors(f);
    const id = this.editing.id;
    const body = { name: read(f, 'name') ?? null, lat: read(f, 'lat'), lon: read(f, 'lon'), metrics: read(f, 'metrics', 'list') };
    try {
      await api(`/api/devices/${encodeURIComponent(id)}`, { method: 'PUT', body });
      status(t('devices.saved', { id }));
      this.closeForm();
      await this.reload();
    } catch (error) {
      status(showErrors(f, error), 'bad');
    }
  }

  async rotate(device) {
    if (!confirmed('devices.confirmRotate', { id: device.id })) return;
    const answer = await attempt(() => api(`/api/devices/${encodeURIComponent(device.id)}/rotate-secret`, { method: 'POST' }), t('devices.rotated', { id: device.id }));
    showOnce(this.once, {
      title: t('devices.newSecret', { id: device.id }), value: answer.secret,
      lines: [answer.previousSecretValidUntil ? t('devices.previousUntil', { at: fmtDateTime(answer.previousSecretValidUntil) }) : t('devices.previousNone')],
    });
  }

  async revoke(device) {
    if (!confirmed('devices.confirmRevoke', { id: device.id })) return;
    await attempt(() => api(`/api/devices/${encodeURIComponent(device.id)}/revoke`, { method: 'POST' }), t('devices.revoked', { id: device.id }));
    await this.reload();
  }

  async decommission(device) {
    if (!confirmed('devices.confirmDecommission', { id: device.id })) return;
    await attempt(() => api(`/api/devices/${encodeURIComponent(device.id)}`, { method: 'DELETE' }), t('devices.decommissioned', { id: device.id }));
    if (this.editing?.id === device.id) this.closeForm();
    await this.reload();
  }

  /** Provisioned devices' secrets, once: a CSV to download (and to copy). The server keeps only their hashes. */
  showSecrets(answer) {
    const created = answer.devices ?? answer.created ?? [];
    if (!created.length) return;
    const text = csv([['id', 'secret'], ...created.map((d) => [d.id, d.secret])]);
    showOnce(this.once, {
      title: t('devices.importedSecrets', { n: created.length }), value: text,
      lines: [t('devices.secretsOnce')], download: downloadLink(text, 'device-secrets.csv', 'admin.downloadCsv'),
    });
  }
}
