// A CSV import with a dry run first (people, devices): pick a file or paste, "dry run" shows a report of
// (line, field, message), and "import" sends it for real. The report reads either an `errors` array of
// {line, field, message} or a 400 problem whose error keys name the line ("line 3.role", "rows[2].role").
import { t } from '../i18n.js';
import { ApiError, readSession, toSignIn } from '../session.js';
import { el, field, table, status, problemText } from './ui.js';

export class CsvImport {
  constructor(form, report, { url, onDone }) {
    Object.assign(this, { form, report, url, onDone });
    form.noValidate = true;
    form.append(
      field({ name: 'file', label: 'admin.csv.file', type: 'file', attrs: { accept: '.csv,text/csv' } }),
      field({ name: 'text', label: 'admin.csv.text', type: 'textarea' }),
      el('div', { className: 'action-row' },
        el('button', { type: 'button', className: 'dry-run', onclick: () => this.run(true) }, t('admin.dryRun')),
        el('button', { type: 'button', className: 'primary apply', disabled: true, onclick: () => this.run(false) }, t('admin.import'))));
    form.querySelector('input[type=file]').addEventListener('change', async (event) => {
      const file = event.target.files[0];
      if (file) form.querySelector('textarea').value = await file.text();
      this.form.querySelector('.apply').disabled = true;
    });
    form.querySelector('textarea').addEventListener('input', () => { this.form.querySelector('.apply').disabled = true; });
  }

  async run(dryRun) {
    const body = this.form.querySelector('textarea').value;
    const session = readSession();
    if (!session) return toSignIn('expired');
    let answer;
    try {
      const response = await fetch(`${this.url}${this.url.includes('?') ? '&' : '?'}dryRun=${dryRun}`, {
        method: 'POST', headers: { Authorization: `Bearer ${session.token}`, 'Content-Type': 'text/csv' }, body,
      });
      if (response.status === 401) return toSignIn('expired');
      let json = null;
      try { json = await response.json(); } catch { /* empty */ }
      if (!response.ok) throw new ApiError(response.status, json);
      answer = json ?? {};
    } catch (error) {
      // A refused import carries its report ({line, field, message}); else the problem's keys ("line 3: role").
      this.showReport(error.problem?.report?.errors ?? error.problem?.errors);
      status(problemText(error), 'bad');
      this.form.querySelector('.apply').disabled = true;
      return;
    }
    const problems = Array.isArray(answer.errors) ? answer.errors : [];
    this.showReport(problems);
    const ok = problems.length === 0;
    this.form.querySelector('.apply').disabled = !(dryRun && ok);
    status(t(dryRun ? (ok ? 'admin.dryRun.ok' : 'admin.dryRun.bad') : 'admin.imported', { n: problems.length, count: answer.count ?? answer.created?.length ?? answer.devices?.length ?? answer.users?.length ?? '' }), ok ? 'good' : 'bad');
    if (!dryRun && ok) this.onDone?.(answer);
  }

  showReport(errors) {
    let rows = [];
    if (Array.isArray(errors)) rows = errors.map((e) => [e.line ?? e.row ?? '', e.field ?? '', e.message ?? '']);
    else if (errors) {
      rows = Object.entries(errors).map(([key, messages]) => {
        const line = /(\d+)/.exec(key)?.[1] ?? '';
        const name = key.replace(/^(line|row|rows)?\s*\[?\d*\]?[.:]?\s*/i, '');
        return [line, name, [messages].flat().join(' ')];
      });
    }
    table(this.report, ['admin.csv.line', 'admin.csv.field', 'admin.csv.message'], rows.map((cells) => ({ cells })), 'admin.csv.clean');
  }
}
