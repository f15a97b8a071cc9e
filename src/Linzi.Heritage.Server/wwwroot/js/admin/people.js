// 人员 People: accounts (GET/POST /api/users, PUT /api/users/{username}), the temporary password shown once,
// disable and enable, password reset, and CSV import with a dry run (POST /api/users/import?dryRun=).
import { t } from '../i18n.js';
import { api } from '../session.js';
import { el, field, read, write, table, rowButton, attempt, status, showErrors, clearErrors, confirmed, showOnce, downloadLink, csv } from './ui.js';
import { CsvImport } from './csv-import.js';

export const ROLES = ['bureau', 'maintenance', 'inspector', 'chief'];

export class PeopleSection {
  constructor(panel, context) {
    Object.assign(this, { panel, context });
    this.users = [];
    this.form = panel.querySelector('#people-form');
    this.form.noValidate = true;
    this.once = panel.querySelector('#people-once');
    panel.querySelector('#people-new').addEventListener('click', () => this.edit(null));
    this.form.addEventListener('submit', (event) => { event.preventDefault(); this.save(); });
    this.importer = new CsvImport(panel.querySelector('#people-import'), panel.querySelector('#people-report'), {
      url: '/api/users/import',
      onDone: (answer) => { this.showImported(answer); this.reload(); },
    });
  }

  async show() { await this.reload(); }

  async reload() {
    this.users = await api('/api/users');
    this.context.data.users = this.users;
    this.render();
  }

  render() {
    table(this.panel.querySelector('#people-list'), ['people.username', 'people.displayName', 'people.role', 'people.phone', 'admin.state', ''],
      this.users.map((u) => ({
        data: { username: u.username },
        className: u.disabled ? 'disabled' : '',
        cells: [u.username, u.displayName ?? '', t(`role.${u.role}`), u.phone ?? '', [[t(u.disabled ? 'people.disabled' : 'people.active'), u.mustChangePassword ? t('people.mustChange') : ''].filter(Boolean).join(' · '), u.disabled ? 'bad' : 'good'],
          el('span', { className: 'row-actions' },
            rowButton('admin.edit', () => this.edit(u), { 'aria-label': `${t('admin.edit')} ${u.username}` }),
            rowButton(u.disabled ? 'people.enable' : 'people.disable', () => this.toggle(u), { 'aria-label': `${t(u.disabled ? 'people.enable' : 'people.disable')} ${u.username}` }),
            rowButton('people.reset', () => this.reset(u), { 'aria-label': `${t('people.reset')} ${u.username}` }))],
      })), 'people.empty');
  }

  edit(user) {
    const f = this.form;
    f.replaceChildren(
      el('fieldset', {}, el('legend', {}, t(user ? 'people.edit' : 'people.new')),
        field({ name: 'username', label: 'people.username', attrs: { readonly: Boolean(user), autocapitalize: 'none', autocomplete: 'off' } }),
        field({ name: 'displayName', label: 'people.displayName' }),
        field({ name: 'role', label: 'people.role', type: 'select', options: ROLES.map((r) => [r, `role.${r}`]) }),
        field({ name: 'phone', label: 'people.phone', type: 'tel' })),
      el('p', { className: 'form-message', role: 'alert' }),
      el('div', { className: 'action-row' },
        el('button', { type: 'submit', className: 'primary' }, t(user ? 'admin.save' : 'people.create')),
        el('button', { type: 'button', onclick: () => { f.hidden = true; } }, t('admin.cancel'))));
    for (const key of ['username', 'displayName', 'role', 'phone']) write(f, key, user?.[key] ?? (key === 'role' ? 'inspector' : ''));
    this.editing = user;
    f.hidden = false;
    f.querySelector('input:not([readonly])').focus();
  }

  async save() {
    const f = this.form;
    clearErrors(f);
    const body = { displayName: read(f, 'displayName'), role: read(f, 'role'), phone: read(f, 'phone') };
    try {
      if (this.editing) {
        await api(`/api/users/${encodeURIComponent(this.editing.username)}`, { method: 'PUT', body: { ...body, disabled: Boolean(this.editing.disabled) } });
        status(t('people.saved', { username: this.editing.username }));
      } else {
        const created = await api('/api/users', { method: 'POST', body: { username: read(f, 'username'), ...body } });
        this.showPassword(created.username, created.temporaryPassword);
        status(t('people.created', { username: created.username }));
      }
      f.hidden = true;
      await this.reload();
    } catch (error) {
      status(showErrors(f, error), 'bad');
    }
  }

  showPassword(username, password) {
    showOnce(this.once, { title: t('people.tempPassword', { username }), value: password, lines: [t('people.tempPassword.hint')] });
  }

  async toggle(user) {
    const key = user.disabled ? 'people.confirmEnable' : 'people.confirmDisable';
    if (!confirmed(key, { username: user.username })) return;
    await attempt(() => api(`/api/users/${encodeURIComponent(user.username)}`, {
      method: 'PUT', body: { displayName: user.displayName, role: user.role, phone: user.phone, disabled: !user.disabled },
    }), t(user.disabled ? 'people.enabled' : 'people.disabledNow', { username: user.username }));
    await this.reload();
  }

  async reset(user) {
    if (!confirmed('people.confirmReset', { username: user.username })) return;
    const answer = await attempt(() => api(`/api/users/${encodeURIComponent(user.username)}/reset-password`, { method: 'POST' }),
      t('people.resetDone', { username: user.username }));
    this.showPassword(user.username, answer.temporaryPassword);
  }

  /** Imported accounts' temporary passwords, once, as a table to copy or a CSV to download. */
  showImported(answer) {
    const created = answer.created ?? answer.users ?? [];
    if (!created.some((u) => u.temporaryPassword)) return;
    const text = csv([['username', 'temporaryPassword'], ...created.map((u) => [u.username, u.temporaryPassword])]);
    showOnce(this.once, {
      title: t('people.importedPasswords', { n: created.length }), value: text, download: downloadLink(text, 'temporary-passwords.csv', 'admin.downloadCsv'),
    });
  }
}
