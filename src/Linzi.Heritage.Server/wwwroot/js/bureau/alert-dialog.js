// An alert in full: facts, the readings around it, the timeline of events, attachments, and the actions.
import { t, tOr, fmtDateTime, fmtNumber } from '../i18n.js';
import { api, toast, errorText } from '../session.js';
import { DISPOSITIONS, metricLabel, stateLabel, alertText } from '../alerts.js';
import { acknowledge, resolve, uploadPhoto, objectUrl } from '../actions.js';
import { lineOptions, chartIn } from './charts.js';

const HOUR = 3600e3;

export class AlertDialog {
  constructor(dialog, { siteName, onChanged }) {
    Object.assign(this, { dialog, siteName, onChanged });
    this.form = dialog.querySelector('#alert-actions');
    this.objectUrls = [];
    dialog.querySelector('.close').addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => { this.id = null; this.releaseUrls(); });
    this.form.addEventListener('click', (event) => {
      const action = event.target.closest('[data-action]')?.dataset.action;
      if (action) this.act(action, event.target);
    });
  }

  fillDispositions() {
    this.form.disposition.replaceChildren(...DISPOSITIONS.map((d) => new Option(t(`disposition.${d}`), d)));
  }

  async open(id) {
    this.id = id;
    this.fillDispositions();
    if (!this.dialog.open) this.dialog.showModal();
    await this.refresh();
  }

  /** Called when the hub reports a change of the alert on show. */
  async changed(alert) {
    if (this.dialog.open && alert.id === this.id) await this.refresh();
  }

  async refresh() {
    const id = this.id;
    try {
      const [detail, attachments] = await Promise.all([
        api(`/api/alerts/${encodeURIComponent(id)}`),
        api(`/api/alerts/${encodeURIComponent(id)}/attachments`).catch(() => []),
      ]);
      if (id !== this.id) return;
      this.alert = detail.alert;
      this.showFacts(detail.alert);
      this.showTimeline(detail.events);
      await this.showAttachments(attachments);
      await this.showChart(detail.alert);
    } catch (error) {
      toast(errorText(error), 'error');
    }
  }

  showFacts(alert) {
    this.dialog.querySelector('#alert-title').textContent = `${t(`severity.${alert.severity}`)} · ${alertText(alert)}`;
    const facts = [
      ['alert.state', stateLabel(alert)],
      ['alert.rule', alert.ruleId],
      ['alert.site', this.siteName(alert.siteId)],
      ['alert.cell', alert.cellId ?? t('common.none')],
      ['alert.device', alert.deviceId],
      ['alert.metric', metricLabel(alert.metric)],
      ['alert.value', fmtNumber(alert.value)],
      ['alert.lastValue', fmtNumber(alert.lastValue)],
      ['alert.occurrences', String(alert.occurrences)],
      ['alert.raisedAt', fmtDateTime(alert.raisedAt)],
      ['alert.assignedTo', alert.assignedTo ?? t('common.none')],
      ['alert.level', String(alert.level)],
    ];
    if (alert.drill) facts.push(['alert.drill', t('common.yes')]);
    this.dialog.querySelector('#alert-facts').replaceChildren(...facts.map(([key, value]) => {
      const row = document.createElement('div');
      row.append(Object.assign(document.createElement('dt'), { textContent: t(key) }), Object.assign(document.createElement('dd'), { textContent: value }));
      return row;
    }));
    const resolved = alert.state === 'resolved';
    this.form.querySelector('[data-action=acknowledge]').disabled = resolved || alert.state === 'acknowledged';
    this.form.querySelector('[data-action=resolve]').disabled = resolved;
  }

  showTimeline(events) {
    this.dialog.querySelector('#alert-timeline').replaceChildren(...events.map((e) => {
      const li = document.createElement('li');
      li.dataset.eventType = e.type;
      const parts = [fmtDateTime(e.at), tOr(`event.${e.type}`, e.type), e.actor];
      if (e.disposition) parts.push(t(`disposition.${e.disposition}`));
      li.textContent = parts.join(' · ') + (e.note ? ` — ${e.note}` : '');
      return li;
    }));
  }

  releaseUrls() {
    this.objectUrls.forEach((url) => URL.revokeObjectURL(url));
    this.objectUrls = [];
  }

  async showAttachments(attachments) {
    this.releaseUrls();
    const list = this.dialog.querySelector('#alert-attachments');
    if (!attachments.length) {
      list.replaceChildren(Object.assign(document.createElement('li'), { className: 'state', textContent: t('alert.noAttachments') }));
      return;
    }
    // Photos need the token, so they are fetched and shown from object URLs.
    const items = await Promise.all(attachments.map(async (a) => {
      const li = document.createElement('li');
      try {
        const url = await objectUrl(`/api/alerts/${encodeURIComponent(a.alertId)}/attachments/${encodeURIComponent(a.id)}`);
        this.objectUrls.push(url);
        const link = Object.assign(document.createElement('a'), { href: url, target: '_blank', rel: 'noopener' });
        link.append(Object.assign(document.createElement('img'), { src: url, alt: `${a.fileName} · ${a.uploadedBy} · ${fmtDateTime(a.at)}` }));
        li.append(link);
      } catch {
        li.textContent = a.fileName;
      }
      return li;
    }));
    list.replaceChildren(...items);
  }

  async showChart(alert) {
    const period = { from: Date.parse(alert.raisedAt) - HOUR, to: Math.max(Date.parse(alert.lastAt ?? alert.raisedAt), Date.parse(alert.raisedAt)) + HOUR };
    const range = `from=${new Date(period.from).toISOString()}&to=${new Date(period.to).toISOString()}`;
    const [history, rule] = await Promise.all([
      api(`/api/devices/${encodeURIComponent(alert.deviceId)}/readings?metric=${encodeURIComponent(alert.metric)}&${range}`),
      api(`/api/rules/${encodeURIComponent(alert.ruleId)}`).catch(() => null),
    ]);
    const threshold = rule?.condition?.value;
    chartIn(this.dialog.querySelector('#alert-chart')).setOption(lineOptions({
      name: metricLabel(alert.metric),
      points: history.points,
      period,
      marks: [{ at: alert.raisedAt, label: t('event.raised') }],
      thresholds: typeof threshold === 'number' ? [{ value: threshold, label: rule.id }] : [],
    }), true);
  }

  async act(action, button) {
    const id = this.id;
    const note = this.form.note.value.trim();
    button.disabled = true;
    try {
      if (action === 'acknowledge') await acknowledge(id, note);
      if (action === 'resolve') await resolve(id, this.form.disposition.value, note);
      if (action === 'upload') {
        const file = this.form.photo.files[0];
        await uploadPhoto(id, file, note);
        this.form.photo.value = '';
      }
      if (action === 'case') {
        window.open(await objectUrl(`/api/alerts/${encodeURIComponent(id)}/case.html`), '_blank', 'noopener');
        return;
      }
      this.form.note.value = '';
      toast(t('alert.done'));
      this.onChanged?.(id);
      await this.refresh();
    } catch (error) {
      toast(errorText(error), 'error');
    } finally {
      button.disabled = false;
      if (this.alert) this.showFacts(this.alert);
    }
  }
}
