// What people do to an alert, the same from the bureau's map and the inspector's phone.
import { api } from './session.js';

export const acknowledge = (id, note) => api(`/api/alerts/${encodeURIComponent(id)}/acknowledge`, { method: 'POST', body: { note: note || null } });

export const resolve = (id, disposition, note) =>
  api(`/api/alerts/${encodeURIComponent(id)}/resolve`, { method: 'POST', body: { disposition, note: note || null } });

/** Uploads a photo (and the note with it) as evidence. */
export function uploadPhoto(id, file, note) {
  const form = new FormData();
  if (file) form.append('file', file, file.name || 'photo.jpg');
  if (note) form.append('note', note);
  return api(`/api/alerts/${encodeURIComponent(id)}/attachments`, { method: 'POST', body: form });
}

/** Fetches something that needs the token (a photo, the case page) as a local object URL. */
export async function objectUrl(path) {
  const response = await api(path, { raw: true });
  return URL.createObjectURL(await response.blob());
}
