// The response board: how fast each cell, inspector and chief acknowledges and resolves (bureau only).
import { t, fmtSeconds, onLangChange } from '../i18n.js';
import { api, ApiError, errorText } from '../session.js';

const PERIODS = [7, 30, 90];
const COLUMNS = [
  ['board.alerts', (f) => f.alerts],
  ['board.acknowledged', (f) => f.acknowledged],
  ['board.ackMedian', (f) => fmtSeconds(f.acknowledgeMedianSeconds)],
  ['board.ackP90', (f) => fmtSeconds(f.acknowledgeP90Seconds)],
  ['board.resolved', (f) => f.resolved],
  ['board.resolveMedian', (f) => fmtSeconds(f.resolveMedianSeconds)],
  ['board.escalations', (f) => f.escalations],
  ['board.overdue', (f) => f.overdueOpen],
];

export class Board {
  constructor(container, period) {
    Object.assign(this, { container, period });
    this.fillPeriods();
    period.addEventListener('change', () => this.load());
    onLangChange(() => { this.fillPeriods(); if (this.report) this.draw(); });
  }

  fillPeriods() {
    const keep = this.period.value || '30';
    this.period.replaceChildren(...PERIODS.map((n) => new Option(t('board.days', { n }), String(n))));
    this.period.value = keep;
  }

  async load() {
    const from = new Date(Date.now() - Number(this.period.value) * 86400e3).toISOString();
    try {
      this.report = await api(`/api/stats/response?from=${from}`);
      this.draw();
    } catch (error) {
      this.container.textContent = error instanceof ApiError && error.status === 403 ? t('board.forbidden') : errorText(error);
    }
  }

  draw() {
    const sections = [['board.cells', this.report.cells], ['board.inspectors', this.report.inspectors], ['board.chiefs', this.report.chiefs], ['board.total', [this.report.total]]];
    this.container.replaceChildren(...sections.flatMap(([title, rows]) => [
      Object.assign(document.createElement('h3'), { textContent: t(title) }),
      this.table(title, rows),
    ]));
  }

  table(title, rows) {
    const table = document.createElement('table');
    table.setAttribute('aria-label', t(title));
    const head = table.createTHead().insertRow();
    for (const [key] of [['board.key'], ...COLUMNS]) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = t(key);
      head.append(th);
    }
    const body = table.createTBody();
    for (const figures of [...rows].sort((a, b) => b.alerts - a.alerts)) {
      const row = body.insertRow();
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = figures.key === 'total' ? t('board.total') : figures.key;
      row.append(th);
      for (const [, value] of COLUMNS) {
        const cell = row.insertCell();
        cell.className = 'num';
        cell.textContent = String(value(figures));
      }
    }
    return table;
  }
}
