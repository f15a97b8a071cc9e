// The bureau's live map page: wires the map, the feed, the dialogs, the board and the hub together.
import { t, onLangChange, siteName as siteNameOf } from '../i18n.js';
import { requireSession, wireHeader, api, toast, errorText } from '../session.js';
import { AlertBook, isActive, worse } from '../alerts.js';
import { connectLive } from '../live.js';
import { loadMetricLabels, loadRuleLimits } from '../metrics.js';
import { MapView } from './map.js';
import { DeviceFind } from './device-find.js';
import { Feed } from './feed.js';
import { AlertDialog } from './alert-dialog.js';
import { DeviceDialog } from './device-dialog.js';
import { Board } from './board.js';

const session = requireSession();
if (session) start().catch((error) => toast(errorText(error), 'error'));

async function start() {
  wireHeader(session);
  const [config, sites, zones, cells, devices] = await Promise.all([
    api('/api/map/config'), api('/api/sites'), api('/api/zones'), api('/api/grid-cells'), api('/api/devices'),
    loadMetricLabels(), loadRuleLimits(),
  ]);
  const siteName = (id) => siteNameOf(sites, id);

  const book = new AlertBook();
  const activeByCell = new Map(); // cell id → Map(alert id → severity), for the cells' colours

  const alertDialog = new AlertDialog(document.getElementById('alert-dialog'), { siteName });
  const map = new MapView(document.getElementById('map'), {
    onDevice: (id) => deviceDialog.open(id),
    onCell: (id) => { feed.setCell(id); selectTab('feed'); },
    counts: document.getElementById('device-count'),
    onChanged: (device) => deviceFind.changed(device),
  });
  const deviceDialog = new DeviceDialog(document.getElementById('device-dialog'), { siteName, deviceOf: (id) => map.device(id) });
  map.addTiles(config, document.getElementById('map-notice'));
  map.addZones(zones);
  map.addCells(cells);
  map.addDevices(devices);
  const deviceFind = new DeviceFind(document.getElementById('device-find'), {
    entries: () => map.devices,
    onChoose: (id) => { map.showDevice(id); deviceDialog.open(id); },
  });

  const feed = new Feed({
    list: document.getElementById('feed'),
    count: document.getElementById('feed-count'),
    form: document.getElementById('filters'),
    book,
    siteName,
    sites,
    cells: cells.features.map((f) => f.properties),
    onOpen: (id) => alertDialog.open(id),
  });

  wireCoverage(map);

  function recolor(cellId) {
    if (!cellId) return;
    const active = activeByCell.get(cellId);
    map.setCellSeverity(cellId, active ? [...active.values()].reduce(worse, null) : null);
  }

  function take(alert) {
    const previous = book.byId.get(alert.id);
    if (!book.put(alert)) return;
    if (previous && previous.cellId !== alert.cellId) {
      activeByCell.get(previous.cellId)?.delete(alert.id);
      recolor(previous.cellId);
    }
    if (alert.cellId) {
      const active = activeByCell.get(alert.cellId) ?? new Map();
      activeByCell.set(alert.cellId, active);
      if (isActive(alert)) active.set(alert.id, alert.severity); else active.delete(alert.id);
      recolor(alert.cellId);
    }
  }

  const [open, acknowledged, escalated, resolved] = await Promise.all(
    ['open', 'acknowledged', 'escalated', 'resolved'].map((state) => api(`/api/alerts?state=${state}&limit=${state === 'resolved' ? 200 : 5000}`)),
  );
  [...open, ...acknowledged, ...escalated, ...resolved].forEach(take);
  feed.render();

  const changed = (alert) => {
    take(alert);
    feed.render();
    alertDialog.changed(alert);
  };
  connectLive({
    book,
    handlers: {
      AlertRaised: changed,
      AlertUpdated: changed,
      Readings: (batch) => batch.forEach((reading) => map.applyReading(reading)),
      DeviceStatus: (status) => map.setOnline(status.deviceId, status.state === 'online'),
    },
    onCaughtUp: (missed) => { missed.forEach(take); feed.render(); },
  });

  const board = new Board(document.getElementById('board'), document.getElementById('board-period'));
  const tabs = [...document.querySelectorAll('[role=tab]')];
  function selectTab(name) {
    for (const tab of tabs) {
      const selected = tab.id === `tab-${name}`;
      tab.setAttribute('aria-selected', selected);
      tab.tabIndex = selected ? 0 : -1;
      document.getElementById(tab.getAttribute('aria-controls')).hidden = !selected;
    }
    // The board's tables need room; the map gives it up while they show.
    document.querySelector('main.bureau').classList.toggle('wide', name === 'board');
    map.map.invalidateSize();
    if (name === 'board') board.load();
  }
  tabs.forEach((tab, index) => {
    tab.addEventListener('click', () => selectTab(tab.id.slice(4)));
    // Arrow keys move between tabs, as the ARIA tabs pattern expects.
    tab.addEventListener('keydown', (event) => {
      if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
      const next = tabs[(index + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
      next.focus();
      selectTab(next.id.slice(4));
    });
  });
  onLangChange(() => document.title = t('app.title'));
  document.body.dataset.ready = 'true'; // for tests and monitoring: everything has loaded
}

// The patrol coverage switch: while on, the cells show on time, due or overdue (refreshed every minute) instead of alerts.
function wireCoverage(map) {
  const toggle = document.getElementById('coverage-toggle');
  const legend = document.getElementById('coverage-legend');
  let timer = null;
  const load = async () => {
    const coverage = await api('/api/patrol-coverage');
    if (toggle.checked) map.setCoverage(new Map(coverage.map((c) => [c.cellId, c.state])));
  };
  toggle.addEventListener('change', () => {
    legend.hidden = !toggle.checked;
    clearInterval(timer);
    if (toggle.checked) {
      load().catch((error) => toast(errorText(error), 'error'));
      timer = setInterval(() => load().catch(() => {}), 60_000);
    } else {
      map.setCoverage(null);
    }
  });
}
