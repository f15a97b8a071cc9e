// The inspector's phone page: their open alerts, most urgent first, with big acknowledge and resolve buttons,
// a note, a photo from the camera, navigation to the spot, and a sound, vibration and notification on a new alert.
import { t, applyI18n, onLangChange, fmtDateTime } from './i18n.js';
import { requireSession, wireHeader, api, toast, errorText } from './session.js';
import { AlertBook, isActive, byUrgency, DISPOSITIONS, valueText, stateLabel, alertText } from './alerts.js';
import { loadMetricLabels, loadRuleLimits } from './metrics.js';
import { acknowledge, resolve, uploadPhoto } from './actions.js';
import { connectLive } from './live.js';
import { startPatrolMode } from './patrol.js';

const session = requireSession();
if (session) start().catch((error) => toast(errorText(error), 'error'));

const book = new AlertBook();
const cards = new Map(); // alert id → card element, kept so a note being typed survives live updates
const places = new Map(); // device id → promise of {lat, lon}
const list = document.getElementById('alerts');
const template = document.getElementById('card');

async function start() {
  wireHeader(session);
  navigator.serviceWorker?.register('/sw.js').catch(() => { /* the page works without it */ });
  const [lists] = await Promise.all([
    Promise.all(['open', 'escalated', 'acknowledged'].map((state) => api(`/api/alerts?state=${state}&limit=500`))),
    loadMetricLabels(), loadRuleLimits(),
  ]);
  lists.flat().forEach((alert) => book.put(alert));
  render();
  connectLive({
    book,
    handlers: {
      AlertRaised: (alert) => { book.put(alert); render(); callAttention(alert); },
      AlertUpdated: (alert) => { book.put(alert); render(); },
      // Escalations and reminders addressed to this person also call for attention.
      AlertNotice: (notice) => { if (notice.kind !== 'raised' && notice.to === session.username) callAttention(notice.alert); },
      Readings: () => {}, // until StopReadings takes effect
    },
    onCaughtUp: (missed) => { missed.forEach((alert) => book.put(alert)); render(); },
    // A phone needs no live map: on every connection, ask the server not to send device readings over the slow link.
    onConnected: (hub) => hub.invoke('StopReadings').catch(() => {}),
  });
  wireAttention();
  startPatrolMode(session);
  onLangChange(() => { cards.forEach((card, id) => fill(card, book.byId.get(id))); });
  document.body.dataset.ready = 'true';
}

function render() {
  const active = book.values().filter(isActive).sort(byUrgency);
  for (const [id, card] of cards) {
    if (!active.some((a) => a.id === id)) {
      card.remove();
      cards.delete(id);
    }
  }
  active.forEach((alert, index) => {
    let card = cards.get(alert.id);
    if (!card) {
      card = create(alert);
      cards.set(alert.id, card);
    }
    fill(card, alert);
    // Move only cards that are out of place: moving the focused card would drop the keyboard focus.
    if (list.children[index] !== card) list.insertBefore(card, list.children[index] ?? null);
  });
  document.getElementById('empty').hidden = active.length > 0;
}

function create(alert) {
  const card = template.content.firstElementChild.cloneNode(true);
  const key = alert.id.replace(/[^a-zA-Z0-9_-]/g, '_');
  for (const [field, label] of [['note', 'note-label'], ['disposition', 'disposition-label']]) {
    card.querySelector(`.${field}`).id = `${field}-${key}`;
    card.querySelector(`.${label}`).htmlFor = `${field}-${key}`;
  }
  card.dataset.alertId = alert.id;
  card.querySelector('.acknowledge').addEventListener('click', (event) => act(alert.id, 'acknowledge', event.currentTarget));
  card.querySelector('.resolve').addEventListener('click', (event) => act(alert.id, 'resolve', event.currentTarget));
  card.querySelector('.photo').addEventListener('change', (event) => act(alert.id, 'photo', event.currentTarget));
  placeLinks(card, alert);
  return card;
}

function fill(card, alert) {
  applyI18n(card);
  card.className = `card sev-${alert.severity}`;
  card.dataset.state = alert.state;
  card.querySelector('.badge').textContent = t(`severity.${alert.severity}`);
  card.querySelector('.message').textContent = alertText(alert) + (alert.drill ? ` (${t('alert.drill')})` : '');
  card.querySelector('.where').textContent = `${alert.cellId ?? alert.siteId} · ${alert.deviceId} · ${valueText(alert)}`;
  card.querySelector('.when').textContent = `${fmtDateTime(alert.raisedAt)} · ${stateLabel(alert)}`;
  const select = card.querySelector('.disposition');
  const keep = select.value;
  select.replaceChildren(...DISPOSITIONS.map((d) => new Option(t(`disposition.${d}`), d)));
  if (keep) select.value = keep;
  card.querySelector('.acknowledge').disabled = alert.state === 'acknowledged';
}

// Navigation to the device: a geo: URI for any map app, and Amap, which takes WGS84 with coordinate=wgs84.
function placeLinks(card, alert) {
  if (!places.has(alert.deviceId)) {
    places.set(alert.deviceId, api(`/api/devices/${encodeURIComponent(alert.deviceId)}`)
      .then((d) => (d.mobile && d.latest?.lat != null ? { lat: d.latest.lat, lon: d.latest.lon, name: d.name ?? d.id } : { lat: d.lat, lon: d.lon, name: d.name ?? d.id }))
      .catch(() => null));
  }
  places.get(alert.deviceId).then((place) => {
    if (!place) return;
    const label = encodeURIComponent(place.name);
    card.querySelector('.geo').href = `geo:${place.lat},${place.lon}?q=${place.lat},${place.lon}(${label})`;
    card.querySelector('.amap').href = `https://uri.amap.com/marker?position=${place.lon},${place.lat}&name=${label}&coordinate=wgs84&callnative=1`;
  });
}

async function act(id, action, control) {
  const card = cards.get(id);
  const note = card.querySelector('.note').value.trim();
  control.disabled = true;
  try {
    if (action === 'acknowledge') book.put(await acknowledge(id, note));
    if (action === 'resolve') book.put(await resolve(id, card.querySelector('.disposition').value, note));
    if (action === 'photo') {
      await uploadPhoto(id, control.files[0], note);
      control.value = '';
      toast(t('alert.uploaded'));
    } else {
      card.querySelector('.note').value = '';
      toast(t('alert.done'));
    }
    render();
  } catch (error) {
    toast(errorText(error), 'error');
  } finally {
    control.disabled = false;
    if (book.byId.has(id) && cards.has(id)) fill(cards.get(id), book.byId.get(id));
  }
}

// Sound needs a user gesture first, so the audio context opens on the first tap anywhere.
let audio = null;
function wireAttention() {
  const button = document.getElementById('notify');
  const showPermission = () => {
    const permission = 'Notification' in window ? Notification.permission : 'denied';
    button.dataset.i18n = permission === 'granted' ? 'phone.notify.on' : permission === 'denied' ? 'phone.notify.denied' : 'phone.notify';
    button.textContent = t(button.dataset.i18n);
  };
  button.addEventListener('click', async () => {
    audio ??= new AudioContext();
    if ('Notification' in window && Notification.permission === 'default') await Notification.requestPermission();
    showPermission();
  });
  document.addEventListener('pointerdown', () => { audio ??= new AudioContext(); }, { once: true });
  showPermission();
}

function callAttention(alert) {
  if (audio) {
    // Two short high beeps: audible in a field, distinct from a phone's own tones.
    for (const start of [0, 0.35]) {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = alert.severity === 'red' ? 1175 : 880;
      gain.gain.value = 0.3;
      tone.connect(gain).connect(audio.destination);
      tone.start(audio.currentTime + start);
      tone.stop(audio.currentTime + start + 0.25);
    }
  }
  navigator.vibrate?.([300, 150, 300]);
  if ('Notification' in window && Notification.permission === 'granted') {
    const title = t('phone.newAlert', { message: `${alertText(alert)} · ${alert.deviceId}` });
    const options = { body: `${t(`severity.${alert.severity}`)} · ${alert.cellId ?? alert.siteId}`, tag: alert.id, icon: '/icons/icon-192.png' };
    navigator.serviceWorker?.ready.then((registration) => registration.showNotification(title, options))
      .catch(() => new Notification(title, options));
  }
}
