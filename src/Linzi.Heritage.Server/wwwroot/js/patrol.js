// Patrol mode of the phone page (inspectors only): location is shared only while a patrol runs, and the page says so
// the whole time. Positions go to the server as they come (watchPosition) and at least every 30 s while standing
// still (a visit needs positions across its dwell); those that could not be sent wait and go with the next.
import { t, onLangChange, fmtDateTime } from './i18n.js';
import { api, toast, errorText } from './session.js';

const HEARTBEAT_MS = 30_000;
const BATCH = 500; // positions per request, under the server's limit (a phone offline for long has many)
const section = document.getElementById('patrol');
const state = document.getElementById('patrol-state');
const startButton = document.getElementById('patrol-start');
const endButton = document.getElementById('patrol-end');
const visitList = document.getElementById('patrol-visits');
const rejectedLine = document.getElementById('patrol-rejected');
const reportForm = document.getElementById('visit-report');
const reportCell = document.getElementById('report-cell');
const reportChecks = document.getElementById('report-checks');
const reportSites = document.getElementById('report-sites');
const ITEMS = ['site', 'digging', 'markers']; // what every visit checks, shown until the cell's own checklist arrives

let patrol = null;     // the running patrol as the server last described it
let watch = null;      // the geolocation watch, only while a patrol runs
let heartbeat = null;
let queue = [];        // positions not yet accepted by the server
let inflight = Promise.resolve(); // sends run one after another, in order
let lastPosition = null; // where the phone last was: the report photos' geotag
const checklists = new Map(); // cell id → its checklist (items by the kinds of its sites, its duty's fire check; the sites' people)

/** Shows patrol mode to an inspector and resumes a patrol that runs. */
export function startPatrolMode(session) {
  if (session.role !== 'inspector') return;
  section.hidden = false;
  startButton.addEventListener('click', () => start().catch(fail));
  endButton.addEventListener('click', () => end().catch(fail));
  reportCell.addEventListener('change', showChecks);
  reportForm.addEventListener('submit', (event) => { event.preventDefault(); report().catch(fail); });
  onLangChange(() => { show(); showChecks(); });
  resume().catch(fail);
}

async function resume() {
  try {
    patrol = await api('/api/patrols/current');
    share();
  } catch (error) {
    if (error.status !== 404) throw error;
  }
  show();
}

async function start() {
  startButton.disabled = true;
  checklists.clear(); // a new patrol asks afresh what each cell's visit checks
  patrol = await api('/api/patrols', { method: 'POST' });
  share();
  show();
}

async function end() {
  endButton.disabled = true;
  stopSharing();
  try {
    await send();
    patrol = await api(`/api/patrols/${encodeURIComponent(patrol.id)}/end`, { method: 'POST' });
  } catch (error) {
    share(); // still on patrol: keep sharing
    throw error;
  }
  toast(t('patrol.ended'));
  show();
  patrol = null;
  startButton.disabled = false;
}

function share() {
  if (!('geolocation' in navigator)) {
    toast(t('patrol.noGeo'), 'error');
    return;
  }
  const take = (position) => {
    lastPosition = position.coords;
    queue.push({
      ts: new Date(position.timestamp).toISOString(),
      lat: position.coords.latitude,
      lon: position.coords.longitude,
      accuracyM: position.coords.accuracy,
    });
    send().catch(fail);
  };
  // A refusal needs the person; an unavailable fix or a timeout passes (the next position or heartbeat tries again).
  const denied = (error) => { if (error.code === error.PERMISSION_DENIED) toast(t('patrol.noGeo'), 'error'); };
  const options = { enableHighAccuracy: true, maximumAge: 0, timeout: 20_000 };
  watch = navigator.geolocation.watchPosition(take, denied, options);
  heartbeat = setInterval(() => navigator.geolocation.getCurrentPosition(take, () => {}, options), HEARTBEAT_MS);
}

function stopSharing() {
  if (watch !== null) navigator.geolocation.clearWatch(watch);
  clearInterval(heartbeat);
  watch = null;
  heartbeat = null;
}

function send() {
  inflight = inflight.then(flush, flush);
  return inflight;
}

async function flush() {
  while (patrol && !patrol.endedAt && queue.length > 0) {
    const batch = queue.slice(0, BATCH);
    queue = queue.slice(BATCH);
    try {
      const result = await api(`/api/patrols/${encodeURIComponent(patrol.id)}/positions`, { method: 'POST', body: batch });
      patrol = result.patrol;
      show();
    } catch (error) {
      if (error.status === 409) {
        // Ended elsewhere (another device, the bureau): stop sharing, nothing more to send.
        stopSharing();
        queue = [];
        patrol = { ...patrol, endedAt: new Date().toISOString() };
        show();
      } else if (error.status === 400) {
        // Refused whole: sending it again cannot help, and must not block what follows.
      } else {
        queue = batch.concat(queue); // the network or the server: kept for the next attempt
      }
      throw error;
    }
  }
}

function show() {
  const active = patrol !== null && !patrol.endedAt;
  section.dataset.active = String(active);
  startButton.disabled = active;
  endButton.disabled = !active;
  state.textContent = active ? t('patrol.sharing', { cell: patrol.currentCellId ?? t('patrol.nowhere') }) : t('patrol.idle');
  const lines = (patrol?.visits ?? []).map((visit) => {
    const item = document.createElement('li');
    item.dataset.cellId = visit.cellId;
    const dwell = visit.dwellSeconds < 60
      ? t('patrol.seconds', { n: visit.dwellSeconds })
      : t('patrol.minutes', { n: Math.round(visit.dwellSeconds / 60) });
    item.textContent = t('patrol.visit', { cell: visit.cellId, from: fmtDateTime(visit.arrivedAt), dwell });
    return item;
  });
  visitList.replaceChildren(...lines);
  const rejected = patrol?.rejectedPositions ?? 0;
  rejectedLine.hidden = rejected === 0;
  rejectedLine.textContent = rejected > 0 ? t('patrol.rejected', { count: rejected }) : '';
  // The report form offers the cells visited so far; rebuilding keeps the choice and what was typed.
  const visited = [...new Set((active ? patrol.visits : []).map((v) => v.cellId))];
  reportForm.hidden = visited.length === 0;
  const chosen = reportCell.value;
  if ([...reportCell.options].map((o) => o.value).join() !== visited.join()) {
    reportCell.replaceChildren(...visited.map((id) => new Option(id, id)));
    if (visited.includes(chosen)) reportCell.value = chosen;
    showChecks();
  }
}

// One ok/problem choice per checklist item of the chosen cell, which the server gives by the kinds of the sites
// there (a tomb's robbing holes, a building's fire…), and the sites' named people with their phones.
function showChecks() {
  const cellId = reportCell.value;
  const checklist = checklists.get(cellId);
  if (cellId && !checklists.has(cellId)) {
    checklists.set(cellId, null); // asked once at a time; a failure clears it so that the next showing asks again
    api(`/api/patrol-checklist/${encodeURIComponent(cellId)}`)
      .then((answer) => { checklists.set(cellId, answer); if (reportCell.value === cellId) showChecks(); })
      .catch((error) => { checklists.delete(cellId); toast(errorText(error), 'error'); });
  }
  const items = checklist?.items ?? ITEMS;
  const kept = Object.fromEntries([...reportChecks.querySelectorAll('select')].map((select) => [select.name, select.value]));
  const rows = items.map((item) => {
    const select = document.createElement('select');
    select.name = item;
    select.id = `report-check-${item}`;
    select.append(new Option(t('report.ok'), 'ok'), new Option(t('report.problem'), 'problem'));
    select.value = kept[item] ?? 'ok';
    const label = document.createElement('label');
    label.htmlFor = select.id;
    label.textContent = t(`report.item.${item}`);
    const row = document.createElement('div');
    row.className = 'report-check';
    row.append(label, select);
    return row;
  });
  reportChecks.replaceChildren(reportChecks.querySelector('legend'), ...rows);
  showSites(checklist?.sites ?? []);
}

// 专人负责、专人监管、专人巡查: who answers for each site here, with a tap-to-call link where a phone is known.
function showSites(sites) {
  if (sites.length === 0) {
    reportSites.replaceChildren();
    return;
  }
  const heading = document.createElement('h4');
  heading.textContent = t('report.sites');
  const lines = sites.map((site) => {
    const line = document.createElement('li');
    line.dataset.siteId = site.id;
    const kind = [t(`siteKind.${site.kind}`), site.staffed ? t('report.staffed') : null].filter(Boolean).join('，');
    line.append(`${site.name}（${kind}）`);
    for (const role of ['responsible', 'supervisor', 'patroller']) {
      const person = site.stewards?.[role];
      if (!person) continue;
      line.append(` · ${t(`report.steward.${role}`)} ${person.name}`);
      if (person.phone) {
        const call = document.createElement('a');
        call.href = `tel:${person.phone.replace(/[^0-9+]/g, '')}`;
        call.textContent = ` ${person.phone}`;
        line.append(call);
      }
    }
    return line;
  });
  const list = document.createElement('ul');
  list.append(...lines);
  reportSites.replaceChildren(heading, list);
}

async function report() {
  const form = new FormData();
  form.append('cellId', reportCell.value);
  form.append('checks', JSON.stringify(Object.fromEntries([...reportChecks.querySelectorAll('select')].map((s) => [s.name, s.value]))));
  const note = document.getElementById('report-note').value.trim();
  if (note) form.append('note', note);
  if (lastPosition) {
    form.append('lat', String(lastPosition.latitude));
    form.append('lon', String(lastPosition.longitude));
  }
  for (const view of ['distant', 'close']) {
    const file = document.getElementById(`report-${view}`).files[0];
    if (file) form.append(view, file, file.name);
  }
  const button = reportForm.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    await api(`/api/patrols/${encodeURIComponent(patrol.id)}/reports`, { method: 'POST', body: form });
    reportForm.reset();
    showChecks();
    toast(t('report.sent'));
  } catch (error) {
    // The checklist may have changed since it was fetched (a site's kind, a duty's fire check): ask again.
    checklists.delete(reportCell.value);
    showChecks();
    throw error;
  } finally {
    button.disabled = false;
  }
}

function fail(error) {
  toast(errorText(error), 'error');
  show();
}
