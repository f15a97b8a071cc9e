// The hub connection as a page sees it: state shown in the header and a banner, and after a reconnect a catch-up
// of every alert change missed meanwhile (GET /api/alerts?afterSeq=), so nothing is lost in a dead spot.
// book: the page's AlertBook, or null for a page that keeps no alerts (then nothing is fetched).
// onConnected(hub): runs after every connection, first or renewed, for per-connection requests such as StopReadings.
import { t } from './i18n.js';
import { api, monitorHub, startHub } from './session.js';

export function connectLive({ book = null, handlers, onCaughtUp, onConnected }) {
  const conn = document.getElementById('conn');
  const banner = document.getElementById('banner');
  const show = (state) => {
    conn.dataset.state = state;
    conn.textContent = t(`conn.${state}`);
    conn.dataset.i18n = `conn.${state}`;
    if (state === 'reconnecting') {
      banner.textContent = t('conn.reconnecting');
      banner.hidden = false;
    }
  };

  const hub = monitorHub();
  for (const [name, handler] of Object.entries(handlers)) hub.on(name, handler);
  hub.onreconnecting(() => show('reconnecting'));
  hub.onclose(() => {
    show('reconnecting');
    startHub(hub, show).then(() => catchUp(true)); // automatic reconnect gave up or the server closed: start over
  });
  hub.onreconnected(() => catchUp(true));

  // Also after the first connection: an alert raised between the page's first load and the hub's start would
  // otherwise be missing until the next change.
  async function catchUp(announce) {
    show('online');
    onConnected?.(hub);
    const missed = book ? await api(`/api/alerts?afterSeq=${book.lastSequence}&limit=5000`) : [];
    onCaughtUp(missed);
    if (!announce) return;
    banner.textContent = t('conn.caughtUp', { n: missed.length });
    banner.hidden = false;
    setTimeout(() => { banner.hidden = true; }, 5000);
  }

  startHub(hub, show).then(() => catchUp(false));
  return hub;
}
