// 许可与维护 Permits & maintenance: approved works (/api/permits, drawn on the map with their approval number and
// validity) and maintenance windows (/api/maintenance); create, edit and delete, with field errors in place.
import { t, fmtDateTime, siteName } from '../i18n.js';
import { api } from '../session.js';
import { el, field, read, write, table, rowButton, attempt, status, showErrors, clearErrors, confirmed, fromLocal, toLocal } from './ui.js';
import { escapeHtml, wktToGeometry, rectangleWkt } from './map.js';

const PERMIT_STYLE = { color: '#6a1b9a', weight: 2, fillColor: '#8e24aa', fillOpacity: 0.2 };
const EXPIRED_STYLE = { color: '#888', weight: 1, dashArray: '4 4', fillColor: '#aaa', fillOpacity: 0.1 };

export class WorksSection {
  constructor(panel, context) {
    Object.assign(this, { panel, context });
    this.permits = [];
    this.windows = [];
    this.permitForm = panel.querySelector('#permit-form');
    this.windowForm = panel.querySelector('#window-form');
    this.permitForm.noValidate = true;
    this.windowForm.noValidate = true;
    panel.querySelector('#permits-new').addEventListener('click', () => this.editPermit(null));
    panel.querySelector('#windows-new').addEventListener('click', () => this.editWindow(null));
    this.permitForm.addEventListener('submit', (event) => { event.preventDefault(); this.savePermit(); });
    this.windowForm.addEventListener('submit', (event) => { event.preventDefault(); this.saveWindow(); });
  }

  async show() {
    this.context.map.setLegend([
      ['background:rgba(142,36,170,.35);border:2px solid #6a1b9a', 'permits.legend.inForce'],
      ['background:rgba(170,170,170,.2);border:1px dashed #888', 'permits.legend.other'],
    ]);
    await this.reload();
  }

  async reload() {
    const [permits, windows, rules] = await Promise.all([api('/api/permits'), api('/api/maintenance'), api('/api/rules')]);
    Object.assign(this, { permits, windows, rules });
    this.render();
  }

  validity(p) { return `${fmtDateTime(p.from)} – ${fmtDateTime(p.to)}`; }

  stateOf(view) { return view.inForce ? ['admin.inForce', 'good'] : view.expired ? ['admin.expired', 'state'] : ['admin.upcoming', 'state']; }

  render() {
    table(this.panel.querySelector('#permits-list'), ['permits.approvalNumber', 'permits.contractor', 'admin.validity', 'admin.state', 'admin.suppressed', ''],
      this.permits.map((view) => {
        const p = view.permit;
        const [state, kind] = this.stateOf(view);
        return {
          data: { permitId: p.id },
          cells: [p.approvalNumber, p.contractor, this.validity(p), [t(state), kind], view.suppressedAlerts,
            el('span', { className: 'row-actions' },
              rowButton('admin.edit', () => this.editPermit(view), { 'aria-label': `${t('admin.edit')} ${p.approvalNumber}` }),
              rowButton('admin.delete', () => this.remove('permits', p.id, p.approvalNumber), { 'aria-label': `${t('admin.delete')} ${p.approvalNumber}` }))],
        };
      }), 'permits.empty');
    table(this.panel.querySelector('#windows-list'), ['windows.target', 'windows.reason', 'admin.validity', 'admin.state', 'admin.suppressed', ''],
      this.windows.map((view) => {
        const w = view.window;
        const [state, kind] = this.stateOf(view);
        return {
          data: { windowId: w.id },
          cells: [w.deviceId ?? siteName(this.context.data.sites, w.siteId), w.reason, this.validity(w), [t(state), kind], view.suppressedAlerts,
            el('span', { className: 'row-actions' },
              rowButton('admin.edit', () => this.editWindow(view), { 'aria-label': `${t('admin.edit')} ${w.id}` }),
              rowButton('admin.delete', () => this.remove('maintenance', w.id, w.id), { 'aria-label': `${t('admin.delete')} ${w.id}` }))],
        };
      }), 'windows.empty');
    this.drawPermits();
  }

  /** Every permit on the map, labelled with its approval number and validity; those in force stand out. */
  drawPermits(draft) {
    const map = this.context.map;
    map.overlay.clearLayers();
    const features = this.permits.map((view) => ({ type: 'Feature', properties: view, geometry: wktToGeometry(view.permit.wkt) })).filter((f) => f.geometry);
    const layer = map.draw({ type: 'FeatureCollection', features }, (f) => (f.properties.inForce ? PERMIT_STYLE : EXPIRED_STYLE), {
      attr: (f) => ({ 'data-permit-id': f.properties.permit.id }),
    });
    layer.eachLayer((path) => {
      const p = path.feature.properties.permit;
      path.bindTooltip(`${escapeHtml(p.approvalNumber)}<br>${escapeHtml(this.validity(p))}`, { permanent: true, direction: 'center', className: 'permit-label' });
    });
    if (draft) map.draw(draft, { color: '#0b57d0', weight: 2, dashArray: '6 3', fillOpacity: 0.1 });
    if (features.length && !this.fitted) { map.fit(layer); this.fitted = true; }
  }

  editPermit(view) {
    const p = view?.permit ?? {};
    const f = this.permitForm;
    f.replaceChildren(
      el('fieldset', {}, el('legend', {}, t(view ? 'permits.edit' : 'permits.new')),
        field({ name: 'id', label: 'admin.id', attrs: { readonly: Boolean(view), autocapitalize: 'none' } }),
        field({ name: 'approvalNumber', label: 'permits.approvalNumber' }),
        field({ name: 'contractor', label: 'permits.contractor' }),
        field({ name: 'from', label: 'admin.from', type: 'datetime-local' }),
        field({ name: 'to', label: 'admin.to', type: 'datetime-local' }),
        field({ name: 'ruleIds', label: 'permits.rules', type: 'multiple', options: this.rules.map((r) => [r.id, `${r.name} (${r.id})`]) }),
        field({ name: 'wkt', label: 'permits.wkt', type: 'textarea' })),
      el('p', { className: 'form-message', role: 'alert' }),
      el('div', { className: 'action-row' },
        el('button', { type: 'button', className: 'draw', onclick: () => this.drawArea() }, t('permits.draw')),
        el('button', { type: 'submit', className: 'primary' }, t('admin.save')),
        el('button', { type: 'button', onclick: () => { f.hidden = true; this.context.map.onClick(null); this.drawPermits(); } }, t('admin.cancel'))));
    write(f, 'id', p.id);
    write(f, 'approvalNumber', p.approvalNumber);
    write(f, 'contractor', p.contractor);
    write(f, 'from', toLocal(p.from));
    write(f, 'to', toLocal(p.to));
    write(f, 'ruleIds', p.ruleIds ?? []);
    write(f, 'wkt', p.wkt);
    this.editing = view ? p.id : null;
    f.hidden = false;
    f.querySelector('input:not([readonly])').focus();
  }

  /** Two clicks on the map give the permit's rectangle (any polygon may be pasted as WKT instead). */
  drawArea() {
    const map = this.context.map;
    let first = null;
    status(t('permits.drawFirst'), 'info');
    map.onClick((latlng) => {
      if (!first) {
        first = latlng;
        status(t('permits.drawSecond'), 'info');
        return;
      }
      const wkt = rectangleWkt(first, latlng);
      write(this.permitForm, 'wkt', wkt);
      map.onClick(null);
      this.drawPermits({ type: 'Feature', properties: {}, geometry: wktToGeometry(wkt) });
      status(t('permits.drawn'), 'info');
    });
  }

  async savePermit() {
    const f = this.permitForm;
    clearErrors(f);
    const body = {
      id: read(f, 'id'), approvalNumber: read(f, 'approvalNumber'), contractor: read(f, 'contractor'), wkt: read(f, 'wkt'),
      from: fromLocal(read(f, 'from')), to: fromLocal(read(f, 'to')), ruleIds: read(f, 'ruleIds'),
    };
    try {
      const saved = await api(this.editing ? `/api/permits/${encodeURIComponent(this.editing)}` : '/api/permits', { method: this.editing ? 'PUT' : 'POST', body });
      status(t('permits.saved', { number: saved.approvalNumber }));
      f.hidden = true;
      this.context.map.onClick(null);
      await this.reload();
    } catch (error) {
      status(showErrors(f, error), 'bad');
    }
  }

  editWindow(view) {
    const w = view?.window ?? {};
    const f = this.windowForm;
    const { sites, devices } = this.context.data;
    f.replaceChildren(
      el('fieldset', {}, el('legend', {}, t(view ? 'windows.edit' : 'windows.new')),
        field({ name: 'id', label: 'admin.id', attrs: { readonly: Boolean(view), autocapitalize: 'none' } }),
        field({ name: 'deviceId', label: 'windows.device', type: 'select', options: [['', 'admin.noneChosen'], ...devices.map((d) => [d.id, `${d.name ?? d.id} (${d.id})`])] }),
        field({ name: 'siteId', label: 'windows.site', type: 'select', options: [['', 'admin.noneChosen'], ...sites.map((s) => [s.id, siteName(sites, s.id)])] }),
        field({ name: 'from', label: 'admin.from', type: 'datetime-local' }),
        field({ name: 'to', label: 'admin.to', type: 'datetime-local' }),
        field({ name: 'reason', label: 'windows.reason' })),
      el('p', { className: 'form-message', role: 'alert' }),
      el('div', { className: 'action-row' },
        el('button', { type: 'submit', className: 'primary' }, t('admin.save')),
        el('button', { type: 'button', onclick: () => { f.hidden = true; } }, t('admin.cancel'))));
    for (const key of ['id', 'deviceId', 'siteId', 'reason']) write(f, key, w[key]);
    write(f, 'from', toLocal(w.from));
    write(f, 'to', toLocal(w.to));
    this.editingWindow = view ? w.id : null;
    f.hidden = false;
    f.querySelector('input:not([readonly]), select').focus();
  }

  async saveWindow() {
    const f = this.windowForm;
    clearErrors(f);
    const body = { id: read(f, 'id'), deviceId: read(f, 'deviceId'), siteId: read(f, 'siteId'), reason: read(f, 'reason'), from: fromLocal(read(f, 'from')), to: fromLocal(read(f, 'to')) };
    try {
      const id = this.editingWindow;
      const saved = await api(id ? `/api/maintenance/${encodeURIComponent(id)}` : '/api/maintenance', { method: id ? 'PUT' : 'POST', body });
      status(t('windows.saved', { id: saved.id }));
      f.hidden = true;
      await this.reload();
    } catch (error) {
      status(showErrors(f, error), 'bad');
    }
  }

  async remove(kind, id, label) {
    if (!confirmed('admin.confirmDelete', { name: label })) return;
    await attempt(() => api(`/api/${kind}/${encodeURIComponent(id)}`, { method: 'DELETE' }), t('admin.deleted', { name: label }));
    await this.reload();
  }
}
