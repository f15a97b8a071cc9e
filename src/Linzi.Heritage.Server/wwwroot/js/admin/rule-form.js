// The rule form: the fields every rule has, its scope and schedule, and the fields of its condition kind
// (threshold, rate_of_change, no_data, geofence, correlation; docs/rules.md). Field names are the API's JSON paths,
// so a 400's errors land next to the field they name. Fields the form does not show (a scope's `near`, a
// tamperWindow) are kept from the rule being edited.
import { t } from '../i18n.js';
import { SEVERITIES } from '../alerts.js';
import { metricLabel } from '../metrics.js';
import { el, field, read, write, input } from './ui.js';

export const KINDS = ['threshold', 'rate_of_change', 'no_data', 'geofence', 'correlation'];
const OPS = ['>', '>=', '<', '<='].map((op) => [op, op]);
const ZONE_KINDS = [['protection', 'map.layer.protection'], ['construction_control', 'map.layer.construction']];
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const num = (name, label, attrs = {}) => field({ name, label, type: 'number', attrs: { step: 'any', ...attrs } });

export class RuleForm {
  constructor(form, { vocabulary, sites, cells, zones }) {
    Object.assign(this, { form, vocabulary, sites, cells, zones });
    this.base = {};
    this.form.noValidate = true; // the server judges; its reasons show next to the fields
  }

  metricOptions() { return this.vocabulary.metrics.map((m) => [m, metricLabel(m)]); }

  /** Builds the form for a kind, then fills it from a rule (or a blank one). */
  show(rule, { isNew }) {
    this.base = structuredClone(rule ?? {});
    this.isNew = isNew;
    const kind = this.base.condition?.kind ?? 'threshold';
    const siteOptions = this.sites.map((s) => [s.id, `${s.nameZh} (${s.id})`]);
    this.form.replaceChildren(
      el('fieldset', {}, el('legend', { i18n: 'rules.general' }, t('rules.general')),
        field({ name: 'id', label: 'rules.id', attrs: { readonly: !isNew, autocapitalize: 'none' } }),
        field({ name: 'name', label: 'rules.name' }),
        field({ name: 'severity', label: 'rules.severity', type: 'select', options: SEVERITIES.map((s) => [s, `severity.${s}`]) }),
        field({ name: 'condition.kind', label: 'rules.kind', type: 'select', options: KINDS.map((k) => [k, `rules.kind.${k}`]) }),
        field({ name: 'enabled', label: 'rules.enabled', type: 'checkbox' }),
        field({ name: 'autoClear', label: 'rules.autoClear', type: 'checkbox' }),
        field({ name: 'source', label: 'rules.source' }),
        field({ name: 'message', label: 'rules.message' })),
      el('fieldset', { className: 'condition' }, el('legend', { i18n: 'rules.condition' }, t('rules.condition')), ...this.conditionFields(kind)),
      el('fieldset', {}, el('legend', { i18n: 'rules.scope' }, t('rules.scope')),
        field({ name: 'scope.siteIds', label: 'rules.scope.sites', type: 'multiple', options: siteOptions }),
        field({ name: 'scope.zoneKinds', label: 'rules.scope.zoneKinds', type: 'multiple', options: ZONE_KINDS }),
        field({ name: 'scope.cellIds', label: 'rules.scope.cells', attrs: { placeholder: 'qd-01, qd-02' } }),
        field({ name: 'scope.deviceKinds', label: 'rules.scope.deviceKinds', type: 'multiple', options: this.vocabulary.deviceKinds.map((k) => [k.kind, `kind.${k.kind}`]) }),
        field({ name: 'scope.deviceIds', label: 'rules.scope.devices' })),
      el('fieldset', {}, el('legend', { i18n: 'rules.schedule' }, t('rules.schedule')),
        field({ name: 'schedule.windows', label: 'rules.schedule.from', type: 'time' }),
        field({ name: 'schedule.windowTo', label: 'rules.schedule.to', type: 'time' }),
        field({ name: 'schedule.weekdays', label: 'rules.schedule.weekdays', type: 'multiple', options: WEEKDAYS.map((d) => [d, `rules.day.${d}`]) })),
      el('p', { className: 'form-message', role: 'alert' }),
      el('div', { className: 'action-row' },
        el('button', { type: 'submit', className: 'primary' }, t(isNew ? 'rules.create' : 'rules.save')),
        el('button', { type: 'button', className: 'cancel' }, t('admin.cancel'))));
    input(this.form, 'condition.kind').addEventListener('change', (event) => this.switchKind(event.target.value));
    this.fill(this.base);
    this.form.hidden = false;
  }

  switchKind(kind) {
    const fieldset = this.form.querySelector('fieldset.condition');
    fieldset.replaceChildren(el('legend', {}, t('rules.condition')), ...this.conditionFields(kind));
    this.fillCondition(this.base.condition?.kind === kind || (!this.base.condition?.kind && kind === 'threshold') ? this.base.condition ?? {} : {});
  }

  conditionFields(kind) {
    const metric = (name = 'condition.metric') => field({ name, label: 'rules.metric', type: 'select', options: this.metricOptions() });
    const op = (name = 'condition.op') => field({ name, label: 'rules.op', type: 'select', options: OPS });
    const severityOrNone = (name, label) => field({ name, label, type: 'select', options: [['', 'admin.default'], ...SEVERITIES.map((s) => [s, `severity.${s}`]), ['none', 'rules.none']] });
    switch (kind) {
      case 'rate_of_change':
        return [metric(), op(), num('condition.value', 'rules.rate.value'),
          field({ name: 'condition.per', label: 'rules.per', type: 'select', options: [['hour', 'rules.per.hour'], ['minute', 'rules.per.minute']] }),
          num('condition.windowSeconds', 'rules.windowSeconds', { min: 1 }), num('condition.averageOver', 'rules.averageOver', { min: 1, step: 1 }),
          num('condition.clearValue', 'rules.clearValue'), num('condition.sustainSeconds', 'rules.sustainSeconds'), num('condition.sustainReadings', 'rules.sustainReadings', { step: 1 })];
      case 'no_data':
        return [num('condition.afterSeconds', 'rules.afterSeconds', { min: 1 }), severityOrNone('condition.tamperSeverity', 'rules.tamperSeverity'),
          field({ name: 'condition.tamperInHighRiskCells', label: 'rules.tamperInHighRiskCells', type: 'checkbox' }),
          field({ name: 'condition.tamperInProtectionZones', label: 'rules.tamperInProtectionZones', type: 'checkbox' })];
      case 'geofence':
        return [field({ name: 'condition.event', label: 'rules.event', type: 'select', options: ['enter', 'exit', 'dwell'].map((e) => [e, `rules.event.${e}`]) }),
          field({ name: 'condition.zoneKinds', label: 'rules.scope.zoneKinds', type: 'multiple', options: ZONE_KINDS }),
          field({ name: 'condition.zoneIds', label: 'rules.zoneIds', type: 'multiple', options: this.zones.features.map((f) => [f.properties.id, `${f.properties.name ?? ''} (${f.properties.id})`]) }),
          field({ name: 'condition.siteIds', label: 'rules.scope.sites', type: 'multiple', options: this.sites.map((s) => [s.id, `${s.nameZh} (${s.id})`]) }),
          field({ name: 'condition.cellIds', label: 'rules.scope.cells' }),
          num('condition.dwellSeconds', 'rules.dwellSeconds'), num('condition.debounceSeconds', 'rules.debounceSeconds'),
          num('condition.maxHdop', 'rules.maxHdop'), num('condition.maxAccuracyM', 'rules.maxAccuracyM')];
      case 'correlation':
        return [num('condition.windowSeconds', 'rules.windowSeconds', { min: 1 }), num('condition.minModalities', 'rules.minModalities', { min: 1, step: 1 }),
          severityOrNone('condition.verifySeverity', 'rules.verifySeverity'),
          el('div', { className: 'signals', dataset: { field: 'condition.signals' } },
            el('p', { className: 'field-error' }),
            el('button', { type: 'button', className: 'add-signal', onclick: () => this.addSignal({}) }, t('rules.addSignal')))];
      default:
        return [metric(), op(), num('condition.value', 'rules.value'), num('condition.clearValue', 'rules.clearValue'),
          num('condition.sustainSeconds', 'rules.sustainSeconds', { min: 0 }), num('condition.sustainReadings', 'rules.sustainReadings', { min: 1, step: 1 })];
    }
  }

  addSignal(signal) {
    const box = this.form.querySelector('.signals');
    const index = box.querySelectorAll('.signal').length;
    const prefix = `condition.signals[${index}]`;
    const row = el('fieldset', { className: 'signal', dataset: { field: prefix } },
      el('legend', {}, t('rules.signal', { n: index + 1 })),
      field({ name: `${prefix}.name`, label: 'rules.signal.name' }),
      field({ name: `${prefix}.metric`, label: 'rules.metric', type: 'select', options: this.metricOptions() }),
      field({ name: `${prefix}.op`, label: 'rules.op', type: 'select', options: OPS }),
      num(`${prefix}.value`, 'rules.value'),
      el('p', { className: 'field-error' }),
      el('button', { type: 'button', className: 'small', onclick: () => { row.remove(); this.renumberSignals(); } }, t('rules.removeSignal')));
    box.insertBefore(row, box.querySelector('.add-signal'));
    for (const key of ['name', 'metric', 'op', 'value']) write(this.form, `${prefix}.${key}`, signal[key]);
  }

  renumberSignals() {
    const signals = this.readSignals();
    this.form.querySelectorAll('.signal').forEach((s) => s.remove());
    signals.forEach((s) => this.addSignal(s));
  }

  readSignals() {
    return [...this.form.querySelectorAll('.signal')].map((row) => {
      const prefix = row.dataset.field;
      return { name: read(this.form, `${prefix}.name`), metric: read(this.form, `${prefix}.metric`), op: read(this.form, `${prefix}.op`), value: read(this.form, `${prefix}.value`) };
    });
  }

  fill(rule) {
    write(this.form, 'id', rule.id);
    write(this.form, 'name', rule.name);
    write(this.form, 'severity', rule.severity ?? 'yellow');
    write(this.form, 'condition.kind', rule.condition?.kind ?? 'threshold');
    write(this.form, 'enabled', rule.enabled ?? true);
    write(this.form, 'autoClear', rule.autoClear ?? true);
    write(this.form, 'source', rule.source);
    write(this.form, 'message', rule.message);
    const scope = rule.scope ?? {};
    for (const key of ['siteIds', 'zoneKinds', 'cellIds', 'deviceKinds', 'deviceIds']) write(this.form, `scope.${key}`, scope[key] ?? []);
    const window = rule.schedule?.windows?.[0];
    write(this.form, 'schedule.windows', window?.from);
    write(this.form, 'schedule.windowTo', window?.to);
    write(this.form, 'schedule.weekdays', rule.schedule?.weekdays ?? []);
    this.fillCondition(rule.condition ?? {});
  }

  fillCondition(condition) {
    for (const [key, value] of Object.entries(condition)) if (key !== 'kind' && key !== 'signals') write(this.form, `condition.${key}`, value);
    if (input(this.form, 'condition.tamperInHighRiskCells')) {
      write(this.form, 'condition.tamperInHighRiskCells', condition.tamperInHighRiskCells ?? true);
      write(this.form, 'condition.tamperInProtectionZones', condition.tamperInProtectionZones ?? true);
    }
    if (this.form.querySelector('.signals')) (condition.signals?.length ? condition.signals : [{}, {}]).forEach((s) => this.addSignal(s));
  }

  /** The rule as JSON: the form's fields over the rule being edited. Empty fields are left out. */
  value() {
    const f = this.form;
    const rule = structuredClone(this.base);
    const set = (target, key, value) => {
      if (value === undefined || (Array.isArray(value) && value.length === 0)) delete target[key]; else target[key] = value;
    };
    for (const key of ['id', 'name', 'severity', 'source', 'message']) set(rule, key, read(f, key));
    rule.enabled = read(f, 'enabled');
    rule.autoClear = read(f, 'autoClear');
    const scope = { ...(rule.scope ?? {}) };
    for (const key of ['siteIds', 'zoneKinds', 'deviceKinds']) set(scope, key, read(f, `scope.${key}`));
    for (const key of ['cellIds', 'deviceIds']) set(scope, key, read(f, `scope.${key}`, 'list'));
    rule.scope = scope;
    const from = read(f, 'schedule.windows');
    const to = read(f, 'schedule.windowTo');
    const schedule = { ...(rule.schedule ?? {}) };
    set(schedule, 'windows', from || to ? [{ from: from ?? '00:00', to: to ?? '00:00' }] : undefined);
    set(schedule, 'weekdays', read(f, 'schedule.weekdays'));
    if (Object.keys(schedule).length) rule.schedule = schedule; else delete rule.schedule;

    const kind = read(f, 'condition.kind');
    const keep = (rule.condition?.kind ?? 'threshold') === kind ? rule.condition ?? {} : {};
    const condition = kind === 'threshold' ? {} : { kind };
    if (kind === 'no_data' && keep.tamperWindow) condition.tamperWindow = keep.tamperWindow;
    for (const element of f.querySelectorAll('fieldset.condition > [data-field]')) {
      const name = element.dataset.field;
      if (name === 'condition.signals') continue;
      const key = name.slice('condition.'.length);
      const list = key === 'cellIds' && kind === 'geofence';
      set(condition, key, read(f, name, list ? 'list' : undefined));
    }
    if (kind === 'correlation') condition.signals = this.readSignals();
    rule.condition = condition;
    return rule;
  }
}
