// The live alert feed with its filters (severity, state, site, cell).
import { t, fmtDateTime, onLangChange } from '../i18n.js';
import { SEVERITIES, STATES, byUrgency, isActive, stateLabel, valueText, alertText } from '../alerts.js';

const SHOWN = 200; // a feed longer than this is for the history, not for watching

export class Feed {
  constructor({ list, count, form, book, sites, siteName, cells, onOpen }) {
    Object.assign(this, { list, count, form, book, sites, siteName, onOpen });
    this.cells = cells;
    this.pending = false;
    this.fillFilters();
    form.addEventListener('change', () => this.render());
    onLangChange(() => { this.fillFilters(); this.render(); });
  }

  fillFilters() {
    const keep = Object.fromEntries(new FormData(this.form));
    const options = (select, entries) => {
      select.replaceChildren(...entries.map(([value, label]) => new Option(label, value)));
    };
    options(this.form.severity, [['', t('feed.all')], ...SEVERITIES.map((s) => [s, t(`severity.${s}`)])]);
    options(this.form.state, [['active', t('state.active')], ...STATES.map((s) => [s, t(`state.${s}`)]), ['', t('state.all')]]);
    options(this.form.site, [['', t('feed.all')], ...this.sites.map((s) => [s.id, this.siteName(s.id)])]);
    options(this.form.cell, [['', t('feed.all')], ...this.cells.map((c) => [c.id, `${c.name} (${c.id})`])]);
    for (const [name, value] of Object.entries(keep)) this.form[name].value = value;
  }

  setCell(id) {
    this.form.cell.value = id;
    this.render();
  }

  matches(alert, filter) {
    return (!filter.severity || alert.severity === filter.severity)
      && (filter.state === '' || (filter.state === 'active' ? isActive(alert) : alert.state === filter.state))
      && (!filter.site || alert.siteId === filter.site)
      && (!filter.cell || alert.cellId === filter.cell);
  }

  /** Re-renders at most once a frame, however many alerts arrive at once. */
  render() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.draw();
    });
  }

  draw() {
    const filter = Object.fromEntries(new FormData(this.form));
    const alerts = this.book.values().filter((a) => this.matches(a, filter));
    // Active alerts most urgent first; resolved ones newest first below them.
    alerts.sort((a, b) => (isActive(b) - isActive(a)) || (isActive(a) ? byUrgency(a, b) : b.updatedAt.localeCompare(a.updatedAt)));
    this.count.textContent = alerts.length ? t('feed.count', { n: alerts.length }) : t('feed.empty');
    // A keyboard user keeps their place: the item that had focus gets it back after the list is rebuilt.
    const focused = this.list.contains(document.activeElement) ? document.activeElement.dataset.alertId : undefined;
    this.list.replaceChildren(...alerts.slice(0, SHOWN).map((alert) => this.item(alert)));
    if (focused) this.list.querySelector(`[data-alert-id="${CSS.escape(focused)}"]`)?.focus();
  }

  item(alert) {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = `alert-item sev-${alert.severity}`;
    button.dataset.alertId = alert.id;
    button.dataset.state = alert.state;
    const head = document.createElement('span');
    const badge = Object.assign(document.createElement('span'), { className: 'badge', textContent: t(`severity.${alert.severity}`) });
    head.append(badge, ' ', alertText(alert));
    if (alert.drill) head.append(' ', Object.assign(document.createElement('span'), { className: 'drill', textContent: t('alert.drill') }));
    const where = Object.assign(document.createElement('span'), {
      className: 'meta',
      textContent: `${this.siteName(alert.siteId)} · ${alert.cellId ?? t('common.none')} · ${alert.deviceId} · ${valueText(alert)}`,
    });
    const when = Object.assign(document.createElement('span'), {
      className: 'meta',
      textContent: `${fmtDateTime(alert.raisedAt)} · `,
    });
    when.append(Object.assign(document.createElement('span'), { className: 'state', textContent: stateLabel(alert) }));
    button.append(head, where, when);
    button.addEventListener('click', () => this.onOpen(alert.id));
    li.append(button);
    return li;
  }
}
