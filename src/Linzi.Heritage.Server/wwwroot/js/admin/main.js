// The administration page (/admin): sections as tabs over one shared map. The bureau sees every section;
// maintenance staff only the devices; everyone else a clear "no access". Each section is its own module and
// loads when its tab is first opened; every action reports on the status line (role=status, aria-live).
import { t, onLangChange, addStrings, applyI18n } from '../i18n.js';
import { requireSession, wireHeader, api } from '../session.js';
import { loadMetricLabels } from '../metrics.js';
import zh from '../strings/admin-zh.js';
import en from '../strings/admin-en.js';
import { AdminMap } from './map.js';
import { status, problemText } from './ui.js';
import { RulesSection } from './rules.js';
import { WorksSection } from './works.js';
import { PeopleSection } from './people.js';
import { SitesSection } from './sites.js';
import { GridSection } from './grid.js';
import { DevicesSection } from './devices.js';
import { AuditSection } from './audit.js';

addStrings({ zh, en });

const SECTIONS = {
  people: PeopleSection, sites: SitesSection, grid: GridSection, devices: DevicesSection, rules: RulesSection, works: WorksSection, audit: AuditSection,
};
// The sections each role may use; the server checks every call again.
const ALLOWED = { bureau: Object.keys(SECTIONS), maintenance: ['devices'] };

const session = requireSession();
if (session) start().catch((error) => status(problemText(error), 'bad'));

async function start() {
  wireHeader(session);
  const allowed = ALLOWED[session.role];
  if (!allowed) {
    document.getElementById('forbidden').hidden = false;
    document.querySelector('main.admin').hidden = true;
    document.body.dataset.ready = 'true';
    return;
  }
  const [config, sites, zones, cells, devices, vocabulary] = await Promise.all([
    api('/api/map/config'), api('/api/sites'), api('/api/zones'), api('/api/grid-cells'), api('/api/devices'), api('/api/vocabulary'),
  ]);
  await loadMetricLabels(vocabulary);
  const map = new AdminMap(document.getElementById('map'), document.getElementById('legend'));
  map.addTiles(config, document.getElementById('map-notice'));
  const data = { sites, zones, cells, devices, vocabulary };
  const context = {
    map,
    data,
    session,
    /** Reloads the registry after a change elsewhere (sites, zones, cells, devices) and redraws the base map. */
    async refresh(...what) {
      const urls = { sites: '/api/sites', zones: '/api/zones', cells: '/api/grid-cells', devices: '/api/devices' };
      const fresh = await Promise.all(what.map((key) => api(urls[key])));
      what.forEach((key, i) => { data[key] = fresh[i]; });
      map.setBase(data);
    },
  };
  map.setBase(data);

  const tabs = [...document.querySelectorAll('.admin-tabs [role=tab]')];
  const instances = {};
  for (const tab of tabs) {
    const name = tab.id.slice(4);
    if (!allowed.includes(name)) {
      tab.remove();
      document.getElementById(`panel-${name}`).remove();
    }
  }
  const visible = tabs.filter((tab) => tab.isConnected);

  async function select(name, focus = false) {
    for (const tab of visible) {
      const selected = tab.id === `tab-${name}`;
      tab.setAttribute('aria-selected', selected);
      tab.tabIndex = selected ? 0 : -1;
      document.getElementById(tab.getAttribute('aria-controls')).hidden = !selected;
      if (selected && focus) tab.focus();
    }
    map.reset();
    map.invalidate();
    history.replaceState(null, '', `#${name}`);
    const panel = document.getElementById(`panel-${name}`);
    instances[name] ??= new SECTIONS[name](panel, context);
    try {
      await instances[name].show();
    } catch (error) {
      status(problemText(error), 'bad');
    }
    document.body.dataset.section = name;
  }

  visible.forEach((tab, index) => {
    tab.addEventListener('click', () => select(tab.id.slice(4)));
    tab.addEventListener('keydown', (event) => {
      const moves = { ArrowRight: 1, ArrowLeft: -1, Home: -index, End: visible.length - 1 - index };
      if (!(event.key in moves)) return;
      event.preventDefault();
      const next = visible[(index + moves[event.key] + visible.length) % visible.length];
      select(next.id.slice(4), true);
    });
  });
  onLangChange(() => {
    document.title = `${t('admin.title')} · ${t('app.short')}`;
    applyI18n();
    Object.values(instances).forEach((section) => (section.relabel ?? section.render)?.call(section));
  });
  document.title = `${t('admin.title')} · ${t('app.short')}`;
  const wanted = location.hash.slice(1);
  await select(visible.some((tab) => tab.id === `tab-${wanted}`) ? wanted : allowed.includes('rules') ? 'rules' : allowed[0]);
  document.body.dataset.ready = 'true';
}
