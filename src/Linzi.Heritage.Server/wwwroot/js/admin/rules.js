// 规则 Rules: the list (id, name, kind, severity, source or scope), what a rule covers drawn on the map when it is
// selected, the form per condition kind with the API's field errors in place, the suggested defaults of a site
// (GET /api/rules/defaults/{siteId}: shown as unsaved suggestions to open and save), and delete with confirmation.
import { t, siteName } from '../i18n.js';
import { api } from '../session.js';
import { COLORS } from '../alerts.js';
import { loadRuleLimits } from '../metrics.js';
import { el, table, rowButton, attempt, status, showErrors, clearErrors, confirmed, setOptions } from './ui.js';
import { escapeHtml } from './map.js';
import { RuleForm } from './rule-form.js';

export class RulesSection {
  constructor(panel, context) {
    Object.assign(this, { panel, context });
    this.rules = [];
    this.suggested = [];
    this.selected = null;
    this.list = panel.querySelector('#rules-list');
    this.form = new RuleForm(panel.querySelector('#rule-form'), context.data);
    this.defaultsSite = panel.querySelector('#rules-defaults-site');
    panel.querySelector('#rules-new').addEventListener('click', () => this.edit(null, true));
    panel.querySelector('#rules-defaults').addEventListener('click', () => this.loadDefaults());
    this.form.form.addEventListener('submit', (event) => { event.preventDefault(); this.save(); });
    this.form.form.addEventListener('click', (event) => { if (event.target.closest('.cancel')) this.closeForm(); });
  }

  async show() {
    setOptions(this.defaultsSite, this.context.data.sites.map((s) => [s.id, siteName(this.context.data.sites, s.id)]));
    this.context.map.setLegend([
      ['background:rgba(11,87,208,.35);border:2px solid #0b57d0', 'rules.legend.zone'],
      ['background:rgba(11,87,208,.15);border:2px dashed #0b57d0', 'rules.legend.cell'],
      ['background:#0b57d0;border-radius:50%', 'rules.legend.device'],
    ]);
    await this.reload();
  }

  async reload() {
    this.rules = await api('/api/rules');
    loadRuleLimits(this.rules);
    this.render();
    if (this.selected) this.drawScope(this.find(this.selected));
  }

  find(id) { return this.rules.find((r) => r.id === id) ?? this.suggested.find((r) => r.id === id); }

  render() {
    const rows = [...this.suggested.map((r) => [r, true]), ...this.rules.map((r) => [r, false])];
    table(this.list, ['rules.id', 'rules.name', 'rules.kind', 'rules.severity', 'rules.source', ''], rows.map(([rule, suggested]) => ({
      data: { ruleId: rule.id, suggested: suggested ? 'true' : 'false' },
      className: `${rule.id === this.selected ? 'selected' : ''} ${suggested ? 'suggested' : ''}`,
      cells: [rule.id, rule.name, t(`rules.kind.${rule.condition?.kind ?? 'threshold'}`),
        el('span', { className: `badge sev-${rule.severity}` }, t(`severity.${rule.severity}`)),
        suggested ? `${t('rules.suggested')} · ${rule.source ?? ''}` : (rule.source ?? this.scopeText(rule.scope)),
        el('span', { className: 'row-actions' },
          rowButton(suggested ? 'rules.review' : 'admin.edit', () => this.edit(rule, suggested), { 'aria-label': `${t(suggested ? 'rules.review' : 'admin.edit')} ${rule.id}` }),
          suggested ? null : rowButton('admin.delete', () => this.remove(rule), { 'aria-label': `${t('admin.delete')} ${rule.id}` }))],
    })), 'rules.empty');
  }

  scopeText(scope = {}) {
    const parts = [];
    if (scope.siteIds?.length) parts.push(scope.siteIds.map((id) => siteName(this.context.data.sites, id)).join('、'));
    if (scope.zoneKinds?.length) parts.push(scope.zoneKinds.map((k) => t(k === 'protection' ? 'map.layer.protection' : 'map.layer.construction')).join('、'));
    if (scope.cellIds?.length) parts.push(scope.cellIds.join(', '));
    if (scope.deviceKinds?.length) parts.push(scope.deviceKinds.map((k) => t(`kind.${k}`)).join('、'));
    if (scope.deviceIds?.length) parts.push(scope.deviceIds.join(', '));
    return parts.length ? `${t('rules.scope')}: ${parts.join(' · ')}` : t('rules.everywhere');
  }

  edit(rule, isNew) {
    this.selected = rule?.id ?? null;
    this.form.show(rule ?? { severity: 'yellow', condition: { metric: 'ppv_mm_s', op: '>' } }, { isNew });
    this.render();
    const covers = this.drawScope(rule);
    if (covers) status(covers, 'info');
    this.form.form.querySelector('input:not([readonly]), select')?.focus();
  }

  closeForm() {
    this.form.form.hidden = true;
    this.selected = null;
    this.render();
    this.context.map.overlay.clearLayers();
  }

  async save() {
    clearErrors(this.form.form);
    const rule = this.form.value();
    const isNew = this.form.isNew;
    try {
      const saved = await api(isNew ? '/api/rules' : `/api/rules/${encodeURIComponent(rule.id)}`, { method: isNew ? 'POST' : 'PUT', body: rule });
      this.suggested = this.suggested.filter((r) => r.id !== saved.id);
      this.form.form.hidden = true;
      this.selected = saved.id;
      await this.reload();
      status(`${t(isNew ? 'rules.created' : 'rules.saved', { id: saved.id })} · ${this.drawScope(this.find(saved.id))}`);
    } catch (error) {
      status(showErrors(this.form.form, error), 'bad');
    }
  }

  async remove(rule) {
    if (!confirmed('rules.confirmDelete', { id: rule.id })) return;
    await attempt(() => api(`/api/rules/${encodeURIComponent(rule.id)}`, { method: 'DELETE' }));
    if (this.selected === rule.id) this.closeForm();
    await this.reload();
    status(t('rules.deleted', { id: rule.id }));
  }

  async loadDefaults() {
    const siteId = this.defaultsSite.value;
    const suggestions = await attempt(() => api(`/api/rules/defaults/${encodeURIComponent(siteId)}`));
    const existing = new Set(this.rules.map((r) => r.id));
    this.suggested = suggestions.filter((r) => !existing.has(r.id));
    this.render();
    if (this.suggested[0]) this.edit(this.suggested[0], true);
    status(t('rules.defaultsLoaded', { n: this.suggested.length, site: siteName(this.context.data.sites, siteId) }));
  }

  /** Highlights what the rule covers: its zones, cells and devices (and a geofence's targets). */
  drawScope(rule) {
    const map = this.context.map;
    map.overlay.clearLayers();
    if (!rule) return '';
    const { zones, cells, devices } = this.context.data;
    const scope = rule.scope ?? {};
    const condition = rule.condition ?? {};
    const inSites = (siteIds, f) => !siteIds?.length || siteIds.includes(f.properties.siteId);
    const zoneHit = (f) => (scope.zoneKinds?.length ? scope.zoneKinds.includes(f.properties.kind) && inSites(scope.siteIds, f) : scope.siteIds?.includes(f.properties.siteId))
      || (condition.kind === 'geofence' && ((condition.zoneIds ?? []).includes(f.properties.id)
        || ((condition.zoneKinds ?? []).includes(f.properties.kind) && inSites(condition.siteIds, f))));
    const cellIds = new Set([...(scope.cellIds ?? []), ...(condition.kind === 'geofence' ? condition.cellIds ?? [] : [])]);
    const colour = COLORS[rule.severity] ?? '#0b57d0';
    const hitZones = zones.features.filter(zoneHit);
    const hitCells = cells.features.filter((f) => cellIds.has(f.properties.id));
    const hitDevices = devices.filter((d) => (scope.deviceIds ?? []).includes(d.id)
      || ((scope.deviceKinds ?? []).includes(d.kind) && (!scope.siteIds?.length || scope.siteIds.includes(d.siteId))));
    const layers = [
      map.draw({ type: 'FeatureCollection', features: hitZones }, { color: colour, weight: 3, fillColor: colour, fillOpacity: 0.3 },
        { tooltip: (f) => escapeHtml(f.properties.name ?? f.properties.id), attr: (f) => ({ 'data-scope-zone': f.properties.id }) }),
      map.draw({ type: 'FeatureCollection', features: hitCells }, { color: colour, weight: 2, dashArray: '5 4', fillColor: colour, fillOpacity: 0.15 },
        { tooltip: (f) => escapeHtml(f.properties.name ?? f.properties.id), attr: (f) => ({ 'data-scope-cell': f.properties.id }) }),
      map.draw({ type: 'FeatureCollection', features: hitDevices.map((d) => ({ type: 'Feature', properties: d, geometry: { type: 'Point', coordinates: [d.lon, d.lat] } })) },
        { color: colour, fillColor: colour, fillOpacity: 0.9, weight: 2 },
        { tooltip: (f) => escapeHtml(f.properties.name ?? f.properties.id), attr: (f) => ({ 'data-scope-device': f.properties.id }) }),
    ];
    const covered = hitZones.length + hitCells.length + hitDevices.length;
    const group = L.featureGroup(layers);
    if (covered) map.fit(group);
    return covered ? t('rules.covers', { id: rule.id, zones: hitZones.length, cells: hitCells.length, devices: hitDevices.length }) : t('rules.coversAll', { id: rule.id });
  }
}
