// The phone page's service worker: the page shell opens from cache when the network is slow or gone (network
// first, so a deployment shows at once), and a tapped notification brings the page forward. API calls and the
// hub are never cached: alert data must be live or visibly absent.
const CACHE = 'linzi-shell-v9'; // change with the SHELL list
const SHELL = ['/m', '/css/app.css', '/css/m.css', '/js/m.js', '/js/i18n.js', '/js/strings/zh.js', '/js/strings/en.js',
  '/js/session.js', '/js/password.js', '/js/alerts.js', '/js/metrics.js', '/js/actions.js', '/js/live.js', '/js/patrol.js',
  '/lib/signalr/signalr.min.js', '/icons/icon.svg', '/icons/icon-192.png', '/manifest.webmanifest'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin || !SHELL.includes(url.pathname)) return;
  event.respondWith(fetch(event.request)
    .then((response) => {
      const copy = response.clone();
      if (response.ok) caches.open(CACHE).then((cache) => cache.put(event.request, copy));
      return response;
    })
    .catch(() => caches.match(event.request)));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(self.clients.matchAll({ type: 'window' }).then((windows) => {
    const page = windows.find((w) => new URL(w.url).pathname === '/m');
    return page ? page.focus() : self.clients.openWindow('/m');
  }));
});
