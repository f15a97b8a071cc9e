// 站点与区域 Sites & zones: the site form (POST/PUT/DELETE /api/sites) and the zone import
// (POST /api/zones/import?siteId=&dryRun=): a GeoJSON file goes as a JSON body, a zipped Shapefile or KML/KMZ as a
// multipart `file`. The dry run's would-be zones are drawn next to the current ones, coloured added / changed /
// removed, with the errors per feature; "apply" repeats the import with dryRun=false.
import { t, siteName } from '../i18n.js';
import { api, ApiError, readSession, toSignIn } from '../session.js';
import { el, field, read, write, table, rowButton, attempt, status, showErrors, clearErrors, confirmed, problemText } from './ui.js';
import { escapeHtml } from './map.js';

// The contract's levels (POST /api/sites); city_county is how the demo registry still names the last two.
export const LEVELS = ['national', 'provincial', 'municipal', 'county'];
// The categories of immovable heritage (不可移动文物): what a patrol checks at the site follows from it.
const KINDS = ['ruins', 'tomb', 'building', 'grotto_carving', 'modern', 'other'];
// 专人负责、专人监管、专人巡查: each a person with a name, a phone and, if they have one, an account.
const STEWARDS = ['responsible', 'supervisor', 'patroller'];
const DIFF = { added: '#2e7d32', changed: '#e08a00', removed: '#c62828', current: '#8b0000' };

export class SitesSection {
  constructor(panel, context) {
    Object.assign(this, { panel, context });
    this.form = panel.querySelector('#site-form');
    this.form.noValidate = true;
    this.zoneForm = panel.querySelector('#zones-import');
    this.zoneForm.noValidate = true;
    this.report = panel.querySelector('#zones-report');
    panel.querySelector('#sites-new').addEventListener('click', () => this.edit(null));
    this.form.addEventListener('submit', (event) => { event.preventDefault(); this.save(); });
    this.buildZoneForm();
  }

  async show() {
    this.context.map.setLegend([
      [`background:${DIFF.added}`, 'zones.added'], [`background:${DIFF.changed}`, 'zones.changed'],
      [`background:${DIFF.removed}`, 'zones.removed'], [`border:2px solid ${DIFF.current}`, 'zones.current'],
    ]);
    if (!this.context.data.users) this.context.data.users = await api('/api/users').catch(() => []);
    this.render();
    if (this.lastDryRun) this.drawDiff(this.lastDryRun);
  }

  levelLabel(level) { return t(`level.${level}`); }

  render() {
    const { sites } = this.context.data;
    table(this.panel.querySelector('#sites-list'), ['admin.id', 'sites.name', 'sites.nameEn', 'sites.level', 'sites.kind', 'sites.materials', 'sites.chief', 'sites.stewards', ''],
      sites.map((s) => ({
        data: { siteId: s.id },
        cells: [s.id, s.nameZh, s.nameEn, this.levelLabel(s.protectionLevel),
          [t(`siteKind.${s.kind ?? 'ruins'}`), s.staffed ? t('sites.staffed.short') : null].filter(Boolean).join(' · '), (s.materials ?? []).map((m) => t(`material.${m}`) === `material.${m}` ? m : t(`material.${m}`)).join('、'), s.responsibleChief ?? '',
          STEWARDS.map((role) => s.stewards?.[role]).filter(Boolean).map((p) => p.name).join('、'),
          el('span', { className: 'row-actions' },
            rowButton('admin.edit', () => this.edit(s), { 'aria-label': `${t('admin.edit')} ${s.nameZh}` }),
            rowButton('admin.delete', () => this.remove(s), { 'aria-label': `${t('admin.delete')} ${s.nameZh}` }))],
      })), 'sites.empty');
    const select = this.zoneForm.querySelector('[name=siteId]');
    const keep = select.value;
    select.replaceChildren(...sites.map((s) => new Option(siteName(sites, s.id), s.id)));
    if (keep) select.value = keep;
  }

  edit(site) {
    const f = this.form;
    const users = this.context.data.users ?? [];
    const chiefs = users.filter((u) => u.role === 'chief');
    const people = users.map((u) => [u.username, `${u.displayName ?? u.username} (${u.username})`]);
    f.replaceChildren(
      el('fieldset', {}, el('legend', {}, t(site ? 'sites.edit' : 'sites.new')),
        field({ name: 'id', label: 'admin.id', attrs: { readonly: Boolean(site), autocapitalize: 'none' } }),
        field({ name: 'name', label: 'sites.name' }),
        field({ name: 'nameEn', label: 'sites.nameEn' }),
        field({ name: 'protectionLevel', label: 'sites.level', type: 'select', options: LEVELS.map((l) => [l, `level.${l}`]) }),
        field({ name: 'materials', label: 'sites.materials', attrs: { placeholder: 'earth, bone, bronze' } }),
        field({ name: 'responsibleChief', label: 'sites.chief', type: 'select', options: [['', 'admin.noneChosen'], ...chiefs.map((u) => [u.username, `${u.displayName ?? u.username} (${u.username})`])] }),
        field({ name: 'kind', label: 'sites.kind', type: 'select', options: KINDS.map((k) => [k, `siteKind.${k}`]) }),
        field({ name: 'staffed', label: 'sites.staffed', type: 'checkbox' })),
      el('fieldset', { className: 'stewards' }, el('legend', {}, t('sites.stewards')),
        ...STEWARDS.map((role) => el('div', { className: 'steward', dataset: { role } },
          el('h4', {}, t(`sites.steward.${role}`)),
          field({ name: `stewards.${role}.name`, label: 'sites.steward.name' }),
          field({ name: `stewards.${role}.phone`, label: 'sites.steward.phone', type: 'tel' }),
          field({ name: `stewards.${role}.username`, label: 'sites.steward.username', type: 'select', options: [['', 'admin.noneChosen'], ...people] })))),
      el('p', { className: 'form-message', role: 'alert' }),
      el('div', { className: 'action-row' },
        el('button', { type: 'submit', className: 'primary' }, t('admin.save')),
        el('button', { type: 'button', onclick: () => { f.hidden = true; } }, t('admin.cancel'))));
    write(f, 'id', site?.id);
    write(f, 'name', site?.nameZh);
    write(f, 'nameEn', site?.nameEn);
    write(f, 'protectionLevel', site?.protectionLevel === 'city_county' ? 'municipal' : site?.protectionLevel ?? 'national');
    write(f, 'materials', site?.materials ?? []);
    const chief = f.querySelector('[name=responsibleChief]');
    if (site?.responsibleChief && ![...chief.options].some((o) => o.value === site.responsibleChief)) chief.append(new Option(site.responsibleChief, site.responsibleChief));
    write(f, 'responsibleChief', site?.responsibleChief);
    write(f, 'kind', site?.kind ?? 'ruins');
    write(f, 'staffed', site?.staffed ?? false);
    for (const role of STEWARDS) {
      const person = site?.stewards?.[role];
      const account = f.querySelector(`[name="stewards.${role}.username"]`);
      if (person?.username && ![...account.options].some((o) => o.value === person.username)) account.append(new Option(person.username, person.username));
      write(f, `stewards.${role}.name`, person?.name);
      write(f, `stewards.${role}.phone`, person?.phone);
      write(f, `stewards.${role}.username`, person?.username);
    }
    this.editing = site?.id ?? null;
    f.hidden = false;
    f.querySelector('input:not([readonly])').focus();
  }

  async save() {
    const f = this.form;
    clearErrors(f);
    const body = {
      id: read(f, 'id'), name: read(f, 'name'), nameEn: read(f, 'nameEn'), protectionLevel: read(f, 'protectionLevel'),
      materials: read(f, 'materials', 'list'), responsibleChief: read(f, 'responsibleChief') ?? null,
      kind: read(f, 'kind'), staffed: read(f, 'staffed'),
      // An empty person clears that role; the server drops people with nothing given.
      stewards: Object.fromEntries(STEWARDS.map((role) => [role, {
        name: read(f, `stewards.${role}.name`) ?? null, phone: read(f, `stewards.${role}.phone`) ?? null, username: read(f, `stewards.${role}.username`) ?? null,
      }])),
    };
    try {
      await api(this.editing ? `/api/sites/${encodeURIComponent(this.editing)}` : '/api/sites', { method: this.editing ? 'PUT' : 'POST', body });
      status(t('sites.saved', { name: body.name ?? body.id }));
      f.hidden = true;
      await this.context.refresh('sites');
      this.render();
    } catch (error) {
      status(showErrors(f, error), 'bad');
    }
  }

  async remove(site) {
    if (!confirmed('admin.confirmDelete', { name: site.nameZh })) return;
    await attempt(() => api(`/api/sites/${encodeURIComponent(site.id)}`, { method: 'DELETE' }), t('admin.deleted', { name: site.nameZh }));
    await this.context.refresh('sites', 'zones');
    this.render();
  }

  buildZoneForm() {
    const f = this.zoneForm;
    f.append(
      field({ name: 'siteId', label: 'zones.site', type: 'select' }),
      field({ name: 'file', label: 'zones.file', type: 'file', attrs: { accept: '.geojson,.json,.zip,.kml,.kmz' } }),
      el('p', { className: 'state', i18n: 'zones.file.hint' }, t('zones.file.hint')),
      el('p', { className: 'form-message', role: 'alert' }),
      el('div', { className: 'action-row' },
        el('button', { type: 'button', className: 'dry-run', onclick: () => this.importZones(true) }, t('admin.dryRun')),
        el('button', { type: 'button', className: 'primary apply', disabled: true, onclick: () => this.importZones(false) }, t('zones.apply'))));
    f.querySelector('input[type=file]').addEventListener('change', () => { f.querySelector('.apply').disabled = true; });
  }

  /** Sends the file as the API wants it: GeoJSON as a JSON body, anything else as a multipart `file`. */
  async importZones(dryRun) {
    const f = this.zoneForm;
    clearErrors(f);
    const file = f.querySelector('input[type=file]').files[0];
    const siteId = read(f, 'siteId');
    if (!file) {
      status(t('zones.noFile'), 'bad');
      return;
    }
    const session = readSession();
    if (!session) return toSignIn('expired');
    const json = /\.(geo)?json$/i.test(file.name);
    const headers = { Authorization: `Bearer ${session.token}` };
    let body;
    if (json) {
      headers['Content-Type'] = 'application/json';
      body = await file.text();
    } else {
      body = new FormData();
      body.append('file', file, file.name);
    }
    try {
      const response = await fetch(`/api/zones/import?siteId=${encodeURIComponent(siteId)}&dryRun=${dryRun}`, { method: 'POST', headers, body });
      if (response.status === 401) return toSignIn('expired');
      let answer = null;
      try { answer = await response.json(); } catch { /* empty */ }
      if (!response.ok) throw new ApiError(response.status, answer);
      this.lastDryRun = dryRun ? answer : null;
      this.showDiff(answer, dryRun);
      f.querySelector('.apply').disabled = !dryRun;
      if (!dryRun) {
        await this.context.refresh('zones', 'devices');
        this.context.map.overlay.clearLayers();
      }
    } catch (error) {
      this.lastDryRun = null;
      f.querySelector('.apply').disabled = true;
      this.showFeatureErrors(error);
      status(showErrors(f, error), 'bad');
    }
  }

  showDiff(answer, dryRun) {
    const count = (key) => answer[key]?.length ?? 0;
    status(t(dryRun ? 'zones.dryRunDone' : 'zones.applied', { added: count('added'), changed: count('changed'), removed: count('removed'), moved: answer.devicesMoved ?? 0 }));
    const list = (key) => el('li', { className: `diff-${key}` }, `${t(`zones.${key}`)}: ${(answer[key] ?? []).join(', ') || t('common.none')}`);
    this.report.replaceChildren(el('ul', {}, list('added'), list('changed'), list('removed'),
      el('li', {}, t('zones.devicesMoved', { n: answer.devicesMoved ?? 0 }))));
    if (dryRun) this.drawDiff(answer);
  }

  /** Current zones of the site as outlines; the import's zones filled by what would happen to them. */
  drawDiff(answer) {
    const map = this.context.map;
    map.overlay.clearLayers();
    const siteId = read(this.zoneForm, 'siteId');
    const current = this.context.data.zones.features.filter((z) => z.properties.siteId === siteId);
    const removed = new Set(answer.removed ?? []);
    const added = new Set(answer.added ?? []);
    const changed = new Set(answer.changed ?? []);
    map.draw({ type: 'FeatureCollection', features: current }, (f) => (removed.has(f.properties.id)
      ? { color: DIFF.removed, weight: 2, dashArray: '4 4', fillColor: DIFF.removed, fillOpacity: 0.25 }
      : { color: DIFF.current, weight: 2, fill: false }), {
      tooltip: (f) => `${escapeHtml(f.properties.name ?? f.properties.id)} · ${t(removed.has(f.properties.id) ? 'zones.removed' : 'zones.current')}`,
      attr: (f) => ({ 'data-zone-diff': removed.has(f.properties.id) ? 'removed' : 'current', 'data-zone-id': f.properties.id }),
    });
    const imported = answer.features?.features ?? [];
    const state = (f) => (added.has(f.properties?.id) ? 'added' : changed.has(f.properties?.id) ? 'changed' : 'unchanged');
    const layer = map.draw({ type: 'FeatureCollection', features: imported }, (f) => ({
      color: DIFF[state(f)] ?? '#555', weight: 2, fillColor: DIFF[state(f)] ?? '#999', fillOpacity: state(f) === 'unchanged' ? 0.05 : 0.3,
    }), {
      tooltip: (f) => `${escapeHtml(f.properties?.name ?? f.properties?.id)} · ${t(`zones.${state(f)}`)}`,
      attr: (f) => ({ 'data-zone-diff': state(f), 'data-zone-id': f.properties?.id ?? '' }),
    });
    map.fit(layer);
  }

  /** A 400 names the features: list them under the form as well as in the status line. */
  showFeatureErrors(error) {
    const errors = error instanceof ApiError ? error.problem?.errors : null;
    const items = errors ? Object.entries(errors).map(([key, messages]) => el('li', {}, `${key}: ${[messages].flat().join(' ')}`)) : [el('li', {}, problemText(error))];
    this.report.replaceChildren(el('ul', { className: 'bad' }, ...items));
  }
}
