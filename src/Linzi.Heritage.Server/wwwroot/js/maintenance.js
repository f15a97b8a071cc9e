// The maintenance console: device health, provisioning (the secret shown once), rejected payloads, and the
// ingestion journal and stores. Refreshes every few seconds and live on device status changes.
import { t, onLangChange, fmtDateTime, fmtNumber, siteName } from './i18n.js';
import { requireSession, wireHeader, api, toast, errorText, freshSession } from './session.js';
import { kindLabel, metricLabel } from './alerts.js';
import { connectLive } from './live.js';
import { loadMetricLabels } from './metrics.js';

const LOW_BATTERY_V = 3.4;
const WEAK_SIGNAL_DBM = -105;
const REFRESH_MS = 5000;

const session = requireSession();
if (session) start().catch((error) => toast(errorText(error), 'error'));

let devices = [];
let sites = [];
// Device kinds and their default metrics as the server defines them (GET /api/vocabulary): no copy kept here.
let vocabulary = { deviceKinds: [], metrics: [] };

async function start() {
  wireHeader(session);
  if (session.role !== 'maintenance' && session.role !== 'bureau') {
    document.getElementById('forbidden').hidden = false;
    document.querySelectorAll('main section').forEach((s) => { s.hidden = true; });
    document.body.dataset.ready = 'true';
    return;
  }
  [sites, vocabulary] = await Promise.all([api('/api/sites'), api('/api/vocabulary')]);
  await loadMetricLabels(vocabulary);
  fillForm();
  wireProvisioning();
  document.getElementById('device-filter').addEventListener('input', drawDevices);
  onLangChange(() => { fillForm(); drawDevices(); refresh(); });
  await refresh();
  setInterval(refresh, REFRESH_MS);
  connectLive({
    handlers: {
      DeviceStatus: (status) => patch(status.deviceId, { online: status.state === 'online', lastSeen: status.ts }),
      Readings: (batch) => batch.forEach((r) => patch(r.deviceId, (d) => ({
        lastSeen: r.ts, online: true, latest: { ...d.latest, ts: r.ts, readings: r.readings, lat: r.lat, lon: r.lon },
      }))),
    },
    onCaughtUp: () => refresh(),
  });
  document.body.dataset.ready = 'true';
}

function patch(id, change) {
  const device = devices.find((d) => d.id === id);
  if (!device) return;
  Object.assign(device, typeof change === 'function' ? change(device) : change);
  drawDevicesSoon();
}

let drawPending = false;
function drawDevicesSoon() {
  if (drawPending) return;
  drawPending = true;
  setTimeout(() => { drawPending = false; drawDevices(); }, 500);
}

function fillForm() {
  const form = document.getElementById('provision');
  const keep = { site: form.siteId.value, kind: form.kind.value };
  form.siteId.replaceChildren(...sites.map((s) => new Option(siteName(sites, s.id), s.id)));
  form.kind.replaceChildren(...vocabulary.deviceKinds.map(({ kind }) => new Option(kindLabel(kind), kind)));
  if (keep.site) form.siteId.value = keep.site;
  if (keep.kind) form.kind.value = keep.kind;
  showDefaultMetrics();
  if (!form.lat.value) {
    form.lat.value = sites[0]?.centroid.lat ?? '';
    form.lon.value = sites[0]?.centroid.lon ?? '';
  }
}

// An empty metrics field means the kind's defaults: show them as the placeholder.
function showDefaultMetrics() {
  const form = document.getElementById('provision');
  const kind = vocabulary.deviceKinds.find((k) => k.kind === form.kind.value);
  form.metrics.placeholder = kind ? kind.metrics.join(', ') : '';
}

function wireProvisioning() {
  const form = document.getElementById('provision');
  const message = document.getElementById('provision-message');
  const box = document.getElementById('secret');
  form.siteId.addEventListener('change', () => {
    const site = sites.find((s) => s.id === form.siteId.value);
    if (site) { form.lat.value = site.centroid.lat; form.lon.value = site.centroid.lon; }
  });
  form.kind.addEventListener('change', showDefaultMetrics);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.textContent = '';
    box.hidden = true;
    const metrics = form.metrics.value.split(',').map((m) => m.trim()).filter(Boolean);
    try {
      const created = await api('/api/devices', {
        method: 'POST',
        body: {
          id: form.deviceId.value.trim(), siteId: form.siteId.value, kind: form.kind.value, name: form.deviceName.value.trim() || null,
          lat: Number(form.lat.value), lon: Number(form.lon.value), metrics: metrics.length ? metrics : null, drill: form.drill.checked,
        },
      });
      document.getElementById('secret-value').textContent = created.secret;
      document.getElementById('secret-mqtt').textContent = t('maint.mqtt', { topic: `heritage/${form.siteId.value}/${created.id}/telemetry` });
      box.hidden = false;
      document.getElementById('copy').focus();
      form.deviceId.value = '';
      form.deviceName.value = '';
      await refresh();
    } catch (error) {
      message.textContent = errorText(error);
    }
  });
  document.getElementById('copy').addEventListener('click', async () => {
    const secret = document.getElementById('secret-value').textContent;
    try {
      await navigator.clipboard.writeText(secret);
    } catch {
      // Clipboard API refused (plain http): select the text so a long-press or Ctrl+C copies it.
      getSelection().selectAllChildren(document.getElementById('secret-value'));
      document.execCommand('copy');
    }
    toast(t('maint.copied'));
  });
}

async function refresh() {
  try {
    const [list, stats, rejected, ready] = await Promise.all([
      api('/api/devices'), api('/api/ingestion/stats'), api('/api/ingestion/rejected?limit=50'),
      fetchReadiness(),
    ]);
    devices = list;
    drawDevices();
    drawStats(stats, ready);
    drawRejected(rejected);
  } catch (error) {
    toast(errorText(error), 'error');
  }
}

// Readiness with its reasons: /readyz tells them to signed-in callers only, and answers 503 (with the reasons) when
// something is down, which is exactly when the console must show them.
async function fetchReadiness() {
  try {
    const session = await freshSession();
    const response = await fetch('/readyz', { headers: session ? { Authorization: `Bearer ${session.token}` } : {} });
    return await response.json();
  } catch {
    return null;
  }
}

// Devices with problems first: offline, then low battery or weak signal, then by id.
function trouble(device) {
  const latest = device.latest ?? {};
  return (device.online ? 0 : 4) + (latest.batteryV != null && latest.batteryV < LOW_BATTERY_V ? 2 : 0) + (latest.rssiDbm != null && latest.rssiDbm < WEAK_SIGNAL_DBM ? 1 : 0);
}

function drawDevices() {
  const filter = document.getElementById('device-filter').value.trim().toLowerCase();
  const shown = devices
    .filter((d) => !filter || [d.id, d.name, d.siteId, d.kind, d.cellId].some((v) => v?.toLowerCase().includes(filter)))
    .sort((a, b) => trouble(b) - trouble(a) || a.id.localeCompare(b.id));
  table(document.getElementById('devices'),
    ['maint.id', 'maint.name', 'maint.kind', 'maint.site', 'alert.cell', 'device.online', 'device.lastSeen', 'device.battery', 'device.rssi', 'device.latest'],
    shown.map((d) => {
      const latest = d.latest ?? {};
      return {
        id: d.id,
        cells: [d.id, d.name ?? '', kindLabel(d.kind), siteName(sites, d.siteId), d.cellId ?? t('common.none'),
          [t(d.online ? 'device.online' : 'device.offline'), d.online ? 'good' : 'bad'],
          d.lastSeen ? fmtDateTime(d.lastSeen) : t('device.never'),
          latest.batteryV != null ? [`${fmtNumber(latest.batteryV)} V`, latest.batteryV < LOW_BATTERY_V ? 'bad' : ''] : t('common.none'),
          latest.rssiDbm != null ? [`${fmtNumber(latest.rssiDbm, 0)} dBm`, latest.rssiDbm < WEAK_SIGNAL_DBM ? 'bad' : ''] : t('common.none'),
          Object.entries(latest.readings ?? {}).map(([k, v]) => `${metricLabel(k)} ${fmtNumber(v)}`).join('; ')],
      };
    }));
}

function drawStats(stats, ready) {
  const figures = [
    ['maint.accepted', stats.accepted],
    ['maint.duplicates', stats.duplicates],
    ['maint.gaps', stats.sequenceGaps],
    ['maint.journalPosition', stats.journalPosition],
    ...Object.entries(stats.consumers).map(([name, c]) => [t('maint.backlog', { name }), c.backlog, c.backlog > 0 ? 'bad' : 'good']),
    ['maint.parked', stats.parkedPoints, stats.parkedPoints > 0 ? 'bad' : ''],
    ['maint.backlogState', t(`maint.backlog.${stats.backlog.refusing ? 'refusing' : stats.backlog.warning ? 'warning' : 'ok'}`), stats.backlog.warning ? 'bad' : 'good'],
    ...Object.entries(stats.rejectedTotal).map(([reason, n]) => [`${t('maint.rejected')} · ${reason}`, n, 'bad']),
  ];
  document.getElementById('stats').replaceChildren(...figures.map(([label, value, kind]) => {
    const box = Object.assign(document.createElement('div'), { className: 'stat' });
    box.append(Object.assign(document.createElement('span'), { textContent: label.startsWith('maint.') ? t(label) : label }),
      Object.assign(document.createElement('strong'), { className: kind ?? '', textContent: typeof value === 'number' ? fmtNumber(value, 0) : value }));
    return box;
  }));
  const readiness = document.getElementById('readiness');
  readiness.replaceChildren(...(ready?.checks ? Object.entries(ready.checks) : []).map(([name, check]) =>
    Object.assign(document.createElement('p'), {
      className: check.status === 'Healthy' ? 'good' : 'bad',
      textContent: `${name}: ${check.status}${check.description ? ` — ${check.description}` : ''}`,
    })));
}

function drawRejected(rejected) {
  const element = document.getElementById('rejected');
  if (!rejected.length) {
    element.replaceChildren(Object.assign(document.createElement('caption'), { textContent: t('maint.rejected.none') }));
    return;
  }
  table(element, ['maint.at', 'maint.reason', 'maint.detail', 'maint.id', 'maint.topic', 'maint.payload'],
    rejected.map((r) => ({ cells: [fmtDateTime(r.at), [r.reason, 'bad'], r.detail, r.deviceId ?? r.clientId ?? '', r.topic, r.payloadPrefix] })));
}

/** Fills a table: headings are i18n keys; a cell is text or [text, class]. */
function table(element, headings, rows) {
  element.replaceChildren();
  const head = element.createTHead().insertRow();
  for (const key of headings) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = t(key);
    head.append(th);
  }
  const body = element.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    if (row.id) tr.dataset.deviceId = row.id;
    for (const cell of row.cells) {
      const td = tr.insertCell();
      const [text, kind] = Array.isArray(cell) ? cell : [cell, ''];
      td.textContent = String(text);
      if (kind) td.className = kind;
    }
  }
}
