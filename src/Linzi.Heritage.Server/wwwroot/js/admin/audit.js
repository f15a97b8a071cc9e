// 审计 Audit: GET /api/audit?entity=&id=&limit= (bureau), newest first, with each change's old and new versions.
import { t, fmtDateTime } from '../i18n.js';
import { api } from '../session.js';
import { el, field, read, table, attempt } from './ui.js';

const ENTITIES = ['', 'rule', 'permit', 'maintenance', 'user', 'site', 'zone', 'cell', 'device'];

export class AuditSection {
  constructor(panel, context) {
    Object.assign(this, { panel, context });
    this.entries = [];
    this.form = panel.querySelector('#audit-filter');
    this.form.append(
      field({ name: 'entity', label: 'audit.entity', type: 'select', options: ENTITIES.map((e) => [e, e ? `audit.entity.${e}` : 'feed.all']) }),
      field({ name: 'id', label: 'audit.id', attrs: { autocapitalize: 'none' } }),
      field({ name: 'limit', label: 'audit.limit', type: 'number', attrs: { min: 1, max: 1000, value: '100' } }),
      el('div', {}, el('button', { type: 'submit', className: 'primary' }, t('audit.show'))));
    this.form.addEventListener('submit', (event) => { event.preventDefault(); this.reload(); });
  }

  async show() { await this.reload(); }

  async reload() {
    const query = new URLSearchParams();
    for (const key of ['entity', 'id', 'limit']) if (read(this.form, key) != null) query.set(key, read(this.form, key));
    this.entries = await attempt(() => api(`/api/audit?${query}`), (list) => t('audit.loaded', { n: list.length }));
    this.render();
  }

  render() {
    table(this.panel.querySelector('#audit-list'), ['audit.at', 'audit.actor', 'audit.entity', 'audit.id', 'audit.action', 'audit.change'],
      this.entries.map((e) => ({
        data: { auditId: String(e.id) },
        cells: [fmtDateTime(e.at), e.actor, t(`audit.entity.${e.entity}`) === `audit.entity.${e.entity}` ? e.entity : t(`audit.entity.${e.entity}`), e.entityId,
          t(`audit.action.${e.action}`) === `audit.action.${e.action}` ? e.action : t(`audit.action.${e.action}`),
          el('details', {}, el('summary', {}, t('audit.versions')),
            el('p', {}, t('audit.before')), el('pre', {}, e.before ? JSON.stringify(e.before, null, 2) : t('common.none')),
            el('p', {}, t('audit.after')), el('pre', {}, e.after ? JSON.stringify(e.after, null, 2) : t('common.none')))],
      })), 'audit.empty');
  }
}
