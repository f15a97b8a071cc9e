// The signed-in session: the tokens live in sessionStorage (this tab, until it closes or the session ends).
// Every API call and the hub go through here, so an expired or revoked session lands on the sign-in page cleanly.
// Access tokens are short (15 minutes): a minute before one expires, the refresh token buys the next pair.
import { t, applyI18n, bindLangSwitch } from './i18n.js';

const KEY = 'linzi.session';

function stored() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
  } catch {
    return null;
  }
}

/** The session while its access token is good, else null. */
export function readSession() {
  const value = stored();
  return value && value.expiresAt > Date.now() ? value : null;
}

export function saveSession(username, token) {
  // Leave a minute of margin so a request never leaves with a token that expires on the way.
  const expiresAt = Date.now() + Math.max(0, token.expires_in - 60) * 1000;
  sessionStorage.setItem(KEY, JSON.stringify({ username, role: token.role, token: token.access_token, refreshToken: token.refreshToken, expiresAt }));
}

let refreshing = null;

/**
 * The session with a good access token, refreshing it first when it has (nearly) expired; null when the session is
 * over (signed out elsewhere, refresh token reused, account changed, twelve hours passed). One refresh at a time:
 * a refresh token works once, and a second use would end the session.
 */
export async function freshSession() {
  const session = readSession();
  if (session) return session;
  const old = stored();
  if (!old?.refreshToken) return null;
  refreshing ??= (async () => {
    try {
      const response = await fetch('/api/auth/refresh', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refreshToken: old.refreshToken }),
      });
      if (!response.ok) return null;
      saveSession(old.username, await response.json());
      return readSession();
    } catch {
      return null;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}
/** Home page of a role: inspectors and chiefs work from the phone page. */
export const homeOf = (role) => ({ bureau: '/', maintenance: '/maintenance' }[role] ?? '/m');

/** Leaves for the sign-in page; reason is 'expired' or 'signedOut'. */
export function toSignIn(reason) {
  sessionStorage.removeItem(KEY);
  const next = location.pathname + location.search;
  location.replace(`/signin?next=${encodeURIComponent(next)}${reason ? `&reason=${reason}` : ''}`);
}

/**
 * The session for a page, or a redirect to sign-in. Schedules the return to sign-in at expiry, so a page left
 * open overnight does not sit there failing.
 */
export function requireSession() {
  const session = stored();
  if (!session || (!session.refreshToken && session.expiresAt <= Date.now())) {
    toSignIn(session ? 'expired' : null);
    return null;
  }
  keepFresh();
  return session;
}

// Refreshes the access token when it is due, then again before the next one expires; leaves for sign-in when the
// session is over.
function keepFresh() {
  const due = Math.max(0, (stored()?.expiresAt ?? 0) - Date.now());
  setTimeout(async () => {
    if (await freshSession()) keepFresh();
    else toSignIn('expired');
  }, Math.min(due, 2 ** 31 - 1));
}

/** Ends the session on the server (its tokens and hub connections stop), then leaves for sign-in. */
export async function signOut() {
  const session = stored();
  try {
    if (session?.refreshToken) {
      await fetch('/api/auth/signout', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refreshToken: session.refreshToken }),
      });
    }
  } catch {
    // Offline: the session still ends by itself when its access token expires and nobody refreshes it.
  }
  toSignIn('signedOut');
}

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }

  /** The problem's field errors as one line, for a form. */
  describe() {
    const errors = this.problem?.errors ? Object.values(this.problem.errors).flat() : [];
    return errors.length ? errors.join(' ') : this.message;
  }
}

/** Calls the API as the signed-in user. body: an object sent as JSON, or FormData sent as is. */
export async function api(path, { method = 'GET', body, raw = false } = {}) {
  const session = await freshSession();
  if (!session) {
    toSignIn('expired');
    throw new ApiError(401);
  }
  const headers = { Authorization: `Bearer ${session.token}` };
  let payload = body;
  if (body !== undefined && !(body instanceof FormData)) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await fetch(path, { method, headers, body: payload });
  if (response.status === 401) {
    toSignIn('expired');
    throw new ApiError(401);
  }
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { /* not JSON */ }
    // A password someone else set must be changed first: the sign-in page asks for it.
    if (response.status === 403 && problem?.title === 'Password change required') toSignIn(null);
    throw new ApiError(response.status, problem);
  }
  if (raw) return response;
  return response.status === 204 ? null : response.json();
}

/**
 * A SignalR connection to the monitor hub that keeps retrying (1 s doubling to 30 s) for as long as the page is
 * open: a phone in a dead spot must come back by itself.
 */
export function monitorHub() {
  return new signalR.HubConnectionBuilder()
    .withUrl('/hubs/monitor', {
      // Called at every (re)connect: the server closes a connection when its token expires, and the reconnect
      // comes back with a fresh one.
      accessTokenFactory: async () => {
        const session = await freshSession();
        if (!session) toSignIn('expired');
        return session?.token ?? '';
      },
    })
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (context) => Math.min(30000, 1000 * 2 ** Math.min(context.previousRetryCount, 5)) })
    .configureLogging(signalR.LogLevel.Warning)
    .build();
}

/** Starts the hub, retrying the first connection too (withAutomaticReconnect covers only later drops). */
export async function startHub(connection, onState) {
  for (let attempt = 0; ; attempt++) {
    try {
      await connection.start();
      onState('online');
      return;
    } catch {
      onState('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, Math.min(30000, 1000 * 2 ** Math.min(attempt, 5))));
    }
  }
}

/** The shared page header: language switch, the user's name and sign-out. */
export function wireHeader(session) {
  applyI18n();
  const lang = document.getElementById('lang');
  if (lang) bindLangSwitch(lang);
  const user = document.getElementById('user');
  if (user) user.textContent = session.username;
  const signout = document.getElementById('signout');
  signout?.addEventListener('click', () => signOut());
  if (signout && !document.getElementById('password-change')) {
    const button = document.createElement('button');
    Object.assign(button, { type: 'button', id: 'password-change', textContent: t('password.title') });
    button.dataset.i18n = 'password.title';
    button.addEventListener('click', () => openPasswordDialog());
    signout.before(button);
  }
}

let passwordDialog;

/** "修改密码": a dialog with current, new and repeat; on success the session continues with a fresh token. */
async function openPasswordDialog() {
  const { buildPasswordForm, changePassword } = await import('./password.js');
  if (!passwordDialog) {
    passwordDialog = document.createElement('dialog');
    passwordDialog.id = 'password-dialog';
    passwordDialog.setAttribute('aria-labelledby', 'password-dialog-title');
    const head = document.createElement('div');
    head.className = 'dialog-head';
    const title = Object.assign(document.createElement('h2'), { id: 'password-dialog-title', textContent: t('password.title') });
    title.dataset.i18n = 'password.title';
    head.append(title);
    const form = Object.assign(document.createElement('form'), { className: 'dialog-body password-form' });
    passwordDialog.append(head, form);
    document.body.append(passwordDialog);
  }
  const form = passwordDialog.querySelector('form');
  form.replaceChildren();
  const cancel = Object.assign(document.createElement('button'), { type: 'button', textContent: t('password.cancel') });
  cancel.addEventListener('click', () => passwordDialog.close());
  const helpers = buildPasswordForm(form, { extraButtons: [cancel] });
  form.onsubmit = async (event) => {
    event.preventDefault();
    const session = await freshSession();
    if (!session) return toSignIn('expired');
    const fresh = await changePassword(session.token, session.username, helpers);
    if (!fresh) return;
    saveSession(session.username, fresh);
    passwordDialog.close();
    toast(t('password.changed'));
  };
  passwordDialog.showModal();
  helpers.inputOf('currentPassword').focus();
}

/** Shows a short message in the page's status region (announced by screen readers). */
export function toast(message, kind = 'info') {
  let region = document.getElementById('toast');
  if (!region) {
    region = document.createElement('div');
    region.id = 'toast';
    region.setAttribute('role', 'status');
    region.setAttribute('aria-live', 'polite');
    document.body.append(region);
  }
  region.textContent = message;
  region.dataset.kind = kind;
  region.hidden = false;
  clearTimeout(region.timer);
  region.timer = setTimeout(() => { region.hidden = true; }, 4000);
}

export const errorText = (error) => t('common.error', { message: error instanceof ApiError ? error.describe() : error.message });
