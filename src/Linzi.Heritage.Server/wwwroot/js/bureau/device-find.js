// Finding a device by id or name: the keyboard's way to a device when the map draws thousands of dots on a
// canvas, and a quick way to any one device in any case. Up to MAX_MATCHES buttons; choosing one (click, or Enter in
// the box for the first) centres the map on the device and opens it. A shown match follows its device's state.
import { t, onLangChange } from '../i18n.js';
import { kindLabel } from '../alerts.js';

const MAX_MATCHES = 20;

export class DeviceFind {
  /** entries: () => the map's entries by id; onChoose(id). */
  constructor(form, { entries, onChoose }) {
    Object.assign(this, { form, entries, onChoose });
    this.input = form.querySelector('input');
    this.list = form.querySelector('ul');
    this.shown = new Map(); // id → button, for the live state of what is listed
    this.timer = null;
    // Typing walks every device once per pause, not per key: fine at 10,000, and never on a live event.
    this.input.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.search(), 120);
    });
    onLangChange(() => this.search()); // the matches name the device kinds
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      clearTimeout(this.timer);
      this.search();
      const first = this.shown.keys().next();
      if (!first.done) this.onChoose(first.value);
    });
  }

  search() {
    const query = this.input.value.trim().toLowerCase();
    this.shown.clear();
    if (query) {
      for (const { device } of this.entries().values()) {
        if (!device.id.toLowerCase().includes(query) && !(device.name ?? '').toLowerCase().includes(query)) continue;
        this.shown.set(device.id, this.button(device));
        if (this.shown.size === MAX_MATCHES) break;
      }
    }
    this.list.replaceChildren(...[...this.shown.values()].map((button) => {
      const item = document.createElement('li');
      item.append(button);
      return item;
    }));
    this.list.hidden = !query;
    if (query && this.shown.size === 0) this.list.append(Object.assign(document.createElement('li'), { textContent: t('map.find.none') }));
  }

  button(device) {
    const button = Object.assign(document.createElement('button'), { type: 'button', className: 'device-match' });
    button.dataset.deviceId = device.id;
    button.textContent = `${device.name ?? device.id} · ${device.id} · ${kindLabel(device.kind)}`;
    this.show(button, device);
    button.addEventListener('click', () => this.onChoose(device.id));
    return button;
  }

  show(button, device) {
    button.classList.toggle('online', device.online);
    button.classList.toggle('offline', !device.online);
  }

  /** A device's state changed: a listed match follows it. */
  changed(device) {
    const button = this.shown.get(device.id);
    if (button) this.show(button, device);
  }
}
