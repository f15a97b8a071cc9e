// 巡查要求 Patrol duties: for the cells selected on the grid map, how often each must be visited and in which local
// hours (PUT /api/patrol-duties/{cellId}, one per cell), or no duty (DELETE). A missed duty raises patrol-missed.
import { t } from '../i18n.js';
import { api } from '../session.js';
import { el, field, read, status, showErrors, clearErrors } from './ui.js';

const EVERY = ['P1D', 'P1W', 'P1M', 'P3M'];

export class DutyForm {
  /**
   * @param form the empty form element
   * @param selected the grid section's selection (cell ids), shared
   * @param changed called after duties changed, to redraw
   */
  constructor(form, selected, changed) {
    Object.assign(this, { form, selected, changed });
    this.duties = new Map();
    form.noValidate = true;
    form.append(
      el('fieldset', {}, el('legend', {}, t('duty.legend')),
        field({ name: 'every', label: 'duty.every', type: 'select', options: EVERY.map((e) => [e, `duty.every.${e}`]) }),
        field({ name: 'windowFrom', label: 'duty.windowFrom', type: 'time', attrs: { value: '08:00' } }),
        field({ name: 'windowTo', label: 'duty.windowTo', type: 'time', attrs: { value: '18:00' } })),
      el('p', { className: 'form-message', role: 'alert' }),
      el('div', { className: 'action-row' },
        el('button', { type: 'submit', className: 'primary' }, t('duty.apply')),
        el('button', { type: 'button', className: 'remove', onclick: () => this.remove() }, t('duty.remove')),
        el('button', { type: 'button', className: 'defaults', onclick: () => this.byLevel() }, t('duty.defaults'))));
    form.addEventListener('submit', (event) => { event.preventDefault(); this.apply(); });
  }

  async load() {
    this.duties = new Map((await api('/api/patrol-duties')).map((d) => [d.cellId, d]));
  }

  /** A cell's duty in words, or ''. */
  text(cellId) {
    const duty = this.duties.get(cellId);
    if (!duty) return '';
    const every = EVERY.includes(duty.every) ? t(`duty.every.${duty.every}`) : duty.every;
    return duty.windowFrom ? `${every} ${duty.windowFrom}–${duty.windowTo}` : every;
  }

  async apply() {
    clearErrors(this.form);
    if (!this.selected.size) {
      status(t('grid.noneSelected'), 'bad');
      return;
    }
    const from = read(this.form, 'windowFrom');
    const to = read(this.form, 'windowTo');
    const body = { every: read(this.form, 'every'), ...(from || to ? { windowFrom: from || null, windowTo: to || null } : {}) };
    try {
      for (const cellId of this.selected) {
        // The form sets frequency and hours; a cell's fire check and time zone stay as they were.
        const kept = this.duties.get(cellId);
        const full = { ...body, ...(kept ? { fire: kept.fire, timeZone: kept.timeZone } : {}) };
        this.duties.set(cellId, await api(`/api/patrol-duties/${encodeURIComponent(cellId)}`, { method: 'PUT', body: full }));
      }
      status(t('duty.applied', { n: this.selected.size }));
      this.changed();
    } catch (error) {
      status(showErrors(this.form, error), 'bad');
    }
  }

  /** Every cell touching a site gets its level's frequency (cells with a duty keep it): POST /api/patrol-duties/defaults. */
  async byLevel() {
    try {
      const result = await api('/api/patrol-duties/defaults', { method: 'POST' });
      await this.load();
      status(t('duty.defaulted', { n: result.applied.length, kept: result.kept.length }));
      this.changed();
    } catch (error) {
      status(showErrors(this.form, error), 'bad');
    }
  }

  async remove() {
    if (!this.selected.size) {
      status(t('grid.noneSelected'), 'bad');
      return;
    }
    try {
      for (const cellId of [...this.selected].filter((id) => this.duties.has(id))) {
        await api(`/api/patrol-duties/${encodeURIComponent(cellId)}`, { method: 'DELETE' });
        this.duties.delete(cellId);
      }
      status(t('duty.removed', { n: this.selected.size }));
      this.changed();
    } catch (error) {
      status(showErrors(this.form, error), 'bad');
    }
  }
}
