// 网格 Grid: generation previewed on the map (POST /api/grid-cells/generate with dryRun, then for real), and
// assignment: select cells on the map (click toggles, shift-drag selects a box, or "all in view"), pick the grid
// inspector and the chiefs from village to district, and assign once (POST /api/grid-cells/assign). Cells without an
// inspector are drawn as gaps.
import { t, siteName } from '../i18n.js';
import { api } from '../session.js';
import { el, field, read, write, table, status, showErrors, clearErrors, setOptions } from './ui.js';
import { escapeHtml } from './map.js';
import { DutyForm } from './patrol-duties.js';

const STYLE = {
  assigned: { color: '#2e7d32', weight: 1, fillColor: '#66bb6a', fillOpacity: 0.25 },
  gap: { color: '#c62828', weight: 2, dashArray: '4 3', fillColor: '#ef9a9a', fillOpacity: 0.45 },
  selected: { color: '#0b57d0', weight: 3, fillColor: '#0b57d0', fillOpacity: 0.35 },
  preview: { color: '#6a1b9a', weight: 1, fillColor: '#ce93d8', fillOpacity: 0.25 },
};
const CHIEF_LEVELS = ['village', 'township', 'district'];

export class GridSection {
  constructor(panel, context) {
    Object.assign(this, { panel, context });
    this.selected = new Set();
    this.generate = panel.querySelector('#grid-generate');
    this.assign = panel.querySelector('#grid-assign');
    this.generate.noValidate = true;
    this.assign.noValidate = true;
    this.buildForms();
    this.duty = new DutyForm(panel.querySelector('#grid-duty'), this.selected, () => this.render());
  }

  buildForms() {
    const { sites } = this.context.data;
    this.generate.append(
      el('fieldset', {}, el('legend', {}, t('grid.generate')),
        field({ name: 'siteId', label: 'grid.site', type: 'select', options: [['', 'grid.polygonInstead'], ...sites.map((s) => [s.id, siteName(sites, s.id)])] }),
        field({ name: 'polygon', label: 'grid.polygon', type: 'textarea', attrs: { placeholder: '{"type":"Polygon","coordinates":[…]}' } }),
        field({ name: 'sizeM', label: 'grid.sizeM', type: 'number', attrs: { min: 10, step: 10, value: '200' } }),
        field({ name: 'prefix', label: 'grid.prefix', attrs: { autocapitalize: 'none' } }),
        field({ name: 'clip', label: 'grid.clip', type: 'checkbox' })),
      el('p', { className: 'form-message', role: 'alert' }),
      el('div', { className: 'action-row' },
        el('button', { type: 'button', className: 'dry-run', onclick: () => this.run(true) }, t('grid.preview')),
        el('button', { type: 'button', className: 'primary apply', disabled: true, onclick: () => this.run(false) }, t('grid.create'))));
    write(this.generate, 'clip', true);
    this.assign.append(
      el('p', { className: 'selection-count', 'aria-live': 'polite' }),
      el('div', { className: 'action-row' },
        el('button', { type: 'button', onclick: () => this.selectInView() }, t('grid.selectInView')),
        el('button', { type: 'button', onclick: () => { this.selected.clear(); this.draw(); } }, t('grid.clearSelection'))),
      el('fieldset', {}, el('legend', {}, t('grid.people')),
        field({ name: 'inspector', label: 'grid.inspector', type: 'select' }),
        ...CHIEF_LEVELS.map((level) => field({ name: `chiefs.${level}`, label: `grid.chief.${level}`, type: 'select' }))),
      el('p', { className: 'form-message', role: 'alert' }),
      el('div', { className: 'action-row' }, el('button', { type: 'submit', className: 'primary' }, t('grid.assignNow'))));
    this.assign.addEventListener('submit', (event) => { event.preventDefault(); this.assignCells(); });
  }

  async show() {
    this.context.map.setLegend([
      ['background:rgba(102,187,106,.5);border:1px solid #2e7d32', 'grid.legend.assigned'],
      ['background:rgba(239,154,154,.8);border:2px dashed #c62828', 'grid.legend.gap'],
      ['background:rgba(11,87,208,.45);border:2px solid #0b57d0', 'grid.legend.selected'],
      ['background:rgba(206,147,216,.5);border:1px solid #6a1b9a', 'grid.legend.preview'],
    ]);
    const users = this.context.data.users ?? await api('/api/users').catch(() => []);
    this.context.data.users = users;
    const pick = (role) => [['', 'admin.noneChosen'], ...users.filter((u) => u.role === role && !u.disabled).map((u) => [u.username, `${u.displayName ?? u.username} (${u.username})`])];
    setOptions(this.assign.querySelector('[name=inspector]'), pick('inspector'));
    for (const level of CHIEF_LEVELS) setOptions(this.assign.querySelector(`[name="chiefs.${level}"]`), pick('chief'));
    await this.duty.load().catch(() => {});
    this.wireBoxSelect();
    this.draw();
  }

  cells() { return this.context.data.cells.features; }

  draw() {
    const map = this.context.map;
    map.overlay.clearLayers();
    if (this.preview) {
      map.draw(this.preview, STYLE.preview, { tooltip: (f) => escapeHtml(f.properties.id ?? ''), attr: (f) => ({ 'data-preview-cell': f.properties.id ?? '' }) });
    }
    map.draw({ type: 'FeatureCollection', features: this.cells() }, (f) => (this.selected.has(f.properties.id) ? STYLE.selected : f.properties.inspector ? STYLE.assigned : STYLE.gap), {
      tooltip: (f) => `${escapeHtml(f.properties.name ?? '')} (${escapeHtml(f.properties.id)})<br>${escapeHtml((f.properties.chain ?? []).join(' → ') || t('grid.gap'))}`,
      onClick: (f) => this.toggle(f.properties.id),
      attr: (f) => ({ 'data-cell-id': f.properties.id, 'data-assigned': f.properties.inspector ? 'true' : 'false', 'data-selected': this.selected.has(f.properties.id) ? 'true' : 'false' }),
    });
    this.assign.querySelector('.selection-count').textContent = t('grid.selected', { n: this.selected.size });
    this.render();
  }

  render() {
    const gaps = this.cells().filter((f) => !f.properties.inspector).length;
    // The table's checkboxes select cells too: the keyboard's way to what the map does with clicks.
    table(this.panel.querySelector('#grid-list'), ['grid.select', 'admin.id', 'grid.name', 'grid.inspector', 'grid.chain', 'duty.column'],
      this.cells().map((f) => ({
        data: { cellId: f.properties.id },
        className: this.selected.has(f.properties.id) ? 'selected' : '',
        cells: [el('input', { type: 'checkbox', checked: this.selected.has(f.properties.id), 'aria-label': t('grid.selectCell', { id: f.properties.id }), onchange: () => this.toggle(f.properties.id) }),
          f.properties.id, f.properties.name ?? '', f.properties.inspector ? f.properties.inspector : [t('grid.gap'), 'bad'], (f.properties.chain ?? []).join(' → '),
          this.duty.text(f.properties.id)],
      })), 'grid.empty');
    this.panel.querySelector('#grid-list').setAttribute('aria-description', t('grid.gaps', { n: gaps }));
  }

  toggle(id) {
    if (this.selected.has(id)) this.selected.delete(id); else this.selected.add(id);
    // The table is rebuilt: a keyboard user keeps their place on the row's checkbox.
    const focused = document.activeElement?.closest?.('#grid-list tr')?.dataset.cellId;
    this.draw();
    if (focused) this.panel.querySelector(`#grid-list tr[data-cell-id="${CSS.escape(focused)}"] input`)?.focus();
  }

  selectInView() {
    const bounds = this.context.map.map.getBounds();
    for (const f of this.cells()) if (bounds.intersects(L.geoJSON(f).getBounds())) this.selected.add(f.properties.id);
    this.draw();
  }

  /** Shift-drag draws a box and selects the cells it touches (Leaflet's box zoom is turned off while here). */
  wireBoxSelect() {
    if (this.boxWired) return;
    this.boxWired = true;
    const map = this.context.map.map;
    let start = null;
    let box = null;
    map.on('mousedown', (event) => {
      if (document.body.dataset.section !== 'grid' || !event.originalEvent.shiftKey) return;
      map.boxZoom.disable();
      map.dragging.disable();
      start = event.latlng;
      box = L.rectangle([start, start], { color: '#0b57d0', weight: 1, dashArray: '3 3', fillOpacity: 0.1 }).addTo(map);
    });
    map.on('mousemove', (event) => { if (start) box.setBounds([start, event.latlng]); });
    map.on('mouseup', () => {
      if (!start) return;
      const bounds = box.getBounds();
      box.remove();
      start = null;
      map.dragging.enable();
      map.boxZoom.enable();
      for (const f of this.cells()) if (bounds.intersects(L.geoJSON(f).getBounds())) this.selected.add(f.properties.id);
      this.draw();
    });
  }

  async run(dryRun) {
    const f = this.generate;
    clearErrors(f);
    const siteId = read(f, 'siteId');
    const polygonText = read(f, 'polygon');
    let polygon;
    if (!siteId && polygonText) {
      try { polygon = JSON.parse(polygonText); } catch {
        f.querySelector('[data-field=polygon] .field-error').textContent = t('grid.badPolygon');
        status(t('grid.badPolygon'), 'bad');
        return;
      }
    }
    const body = { ...(siteId ? { siteId } : { polygon }), sizeM: read(f, 'sizeM'), prefix: read(f, 'prefix'), clip: read(f, 'clip'), dryRun };
    try {
      const cells = await api('/api/grid-cells/generate', { method: 'POST', body });
      const n = cells.features?.length ?? 0;
      if (dryRun) {
        this.preview = cells;
        status(t('grid.previewed', { n }));
      } else {
        this.preview = null;
        status(t('grid.created', { n }));
        await this.context.refresh('cells');
      }
      f.querySelector('.apply').disabled = !dryRun;
      this.draw();
      if (dryRun) this.context.map.fit(L.geoJSON(cells));
    } catch (error) {
      f.querySelector('.apply').disabled = true;
      status(showErrors(f, error), 'bad');
    }
  }

  async assignCells() {
    const f = this.assign;
    clearErrors(f);
    if (!this.selected.size) {
      status(t('grid.noneSelected'), 'bad');
      return;
    }
    const chiefs = CHIEF_LEVELS.map((level) => read(f, `chiefs.${level}`)).filter(Boolean);
    const body = { cellIds: [...this.selected], inspector: read(f, 'inspector') ?? null, chiefs };
    try {
      await api('/api/grid-cells/assign', { method: 'POST', body });
      status(t('grid.assigned', { n: body.cellIds.length, inspector: body.inspector ?? t('common.none') }));
      this.selected.clear();
      await this.context.refresh('cells');
      this.draw();
    } catch (error) {
      status(showErrors(f, error), 'bad');
    }
  }
}
