// The admin UI's shared module: the API client (session cookie + CSRF token), the page shell
// (navigation by role, sign-out), and small DOM helpers. Text is only ever set as text (never as
// HTML), so nothing a caller stored can run as script.

/** Every page, in navigation order; `ops` pages are for admins only (the server refuses them too). */
export const PAGES = [
  { file: 'index.html', title: 'Overview', ops: true },
  { file: 'issues.html', title: 'Issues', ops: false },
  { file: 'uploads.html', title: 'Uploads', ops: false },
  { file: 'telemetry.html', title: 'Telemetry', ops: false },
  { file: 'releases.html', title: 'Releases', ops: false },
  { file: 'alerts.html', title: 'Alerts', ops: true },
  { file: 'silences.html', title: 'Silences', ops: true },
  { file: 'routes.html', title: 'Routes', ops: true },
  { file: 'channels.html', title: 'Channels', ops: true },
  { file: 'notifications.html', title: 'Notifications', ops: true },
  { file: 'checks.html', title: 'Checks', ops: true },
  { file: 'slos.html', title: 'SLOs', ops: true },
  { file: 'jobs.html', title: 'Jobs', ops: true },
  { file: 'queue.html', title: 'Queue', ops: true },
  { file: 'webhooks.html', title: 'Webhooks', ops: true },
  { file: 'limits.html', title: 'Rate limits', ops: true },
  { file: 'apps.html', title: 'Apps and keys', ops: true },
  { file: 'users.html', title: 'Users', ops: true },
];

let session = null;

/** An API answer that was not a success: the problem's code and detail, as the server wrote them. */
export class ApiError extends Error {
  constructor(status, code, detail, errors) {
    super(detail);
    this.status = status;
    this.code = code;
    this.errors = errors || [];
  }
}

/**
 * Calls the API at `/api/<path>`; a change carries the session's CSRF token. A change refused for
 * its token (the session was replaced in another tab) reads the session again and is sent once more.
 */
export async function api(path, { method = 'GET', body, headers = {} } = {}, retried = false) {
  const sent = { Accept: 'application/json', 'X-Vigil-UI': '1', ...headers };
  if (body !== undefined) sent['Content-Type'] = 'application/json';
  if (method !== 'GET' && session && session.csrfToken) sent['X-CSRF-Token'] = session.csrfToken;
  const reply = await fetch('/api/' + path, {
    method, headers: sent, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (reply.status === 401 && session) {
    signIn();
    throw new ApiError(401, 'unauthorized', 'The session has ended; sign in again');
  }
  if (!reply.ok) {
    let problem = {};
    try { problem = await reply.json(); } catch (e) { /* not a problem document */ }
    if (reply.status === 403 && method !== 'GET' && !retried && session && /CSRF/.test(problem.detail || '')) {
      // Another tab signed in again: the same user's new token is taken and the change sent once
      // more; another user's session is not this page's, so the page starts over.
      const now = await api('v1/session');
      if (now.name !== session.name || String(now.roles) !== String(session.roles)) {
        location.reload();
        throw new ApiError(403, 'forbidden', 'Another user signed in in this browser; the page reloads');
      }
      session = now;
      return api(path, { method, body, headers }, true);
    }
    throw new ApiError(reply.status, problem.code || 'http_' + reply.status,
      problem.detail || problem.title || reply.statusText, problem.errors);
  }
  if (reply.status === 204) return null;
  const type = reply.headers.get('Content-Type') || '';
  return type.includes('json') ? reply.json() : reply.text();
}

/** A link only to a web page (http or https); anything else (a `javascript:` URL) stays text. */
export function link(url, text) {
  try {
    const parsed = new URL(url, location.href);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
      return el('a', { href: parsed.href, rel: 'noopener noreferrer' }, text || url);
    }
  } catch (e) { /* not a URL */ }
  return el('span', {}, text || url);
}

function signIn() {
  location.assign('login.html?next=' + encodeURIComponent(location.pathname + location.search));
}

/** Builds an element: `el('a', {href: '...'}, 'text', child)`. Text children are text nodes. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.substring(2), value);
    else if (name === 'class') node.className = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A time in the viewer's zone, with UTC on hover; `—` for none. */
export function time(instant) {
  if (!instant) return el('span', { class: 'muted' }, '—');
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) return el('span', {}, String(instant));
  return el('time', { datetime: at.toISOString(), title: at.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC') },
    at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' }));
}

export function badge(text) {
  return el('span', { class: 'badge ' + String(text).replace(/[^A-Za-z0-9_-]/g, '') }, text);
}

/** A table: `columns` are `[heading, row => cell, {num: true}?]`; an empty list says so. */
export function table(columns, rows, emptyText = 'Nothing here yet.') {
  if (!rows || rows.length === 0) return el('p', { class: 'empty' }, emptyText);
  return el('table', {},
    el('thead', {}, el('tr', {}, columns.map(([heading, , opts]) =>
      el('th', { scope: 'col', class: opts && opts.num ? 'num' : null }, heading)))),
    el('tbody', {}, rows.map(row => el('tr', {}, columns.map(([, cell, opts]) =>
      el('td', { class: opts && opts.num ? 'num' : null }, cell(row)))))));
}

/** Replaces a region's content: a node, a list of nodes, or text. */
export function show(region, ...content) {
  region.replaceChildren(...content.flat(Infinity).filter(c => c !== null && c !== undefined));
  region.removeAttribute('aria-busy');
}

export function loading(region) {
  region.setAttribute('aria-busy', 'true');
  region.replaceChildren(el('p', { class: 'loading' }, 'Loading…'));
}

/** A failure as the taxonomy words it, never a stack trace. */
export function problem(error) {
  const detail = error instanceof ApiError ? error.message : 'Vigil could not be reached (' + error.message + ')';
  const code = error instanceof ApiError ? error.code : 'network';
  return el('div', { class: 'problem', role: 'alert' }, el('strong', {}, detail), ' ',
    el('span', { class: 'muted' }, '(' + code + ')'),
    error.errors && error.errors.length ? el('ul', {}, error.errors.map(e =>
      el('li', {}, (e.field ? e.field + ': ' : '') + (e.message || e.detail || JSON.stringify(e))))) : null);
}

export function notice(text) {
  return el('div', { class: 'notice', role: 'status' }, text);
}

/** Loads a region: shows loading, then what `render` returns, or the problem. */
export async function fill(region, render) {
  loading(region);
  try {
    show(region, await render());
  } catch (e) {
    show(region, problem(e));
  }
}

/** A form's fields as an object (empty fields left out; passwords and secrets exactly as typed, the rest trimmed). */
export function fields(form) {
  const out = {};
  for (const [name, value] of new FormData(form).entries()) {
    if (typeof value !== 'string' || value.trim() === '') continue;
    const input = form.elements.namedItem(name);
    out[name] = input && input.type === 'password' ? value : value.trim();
  }
  return out;
}

/** Runs a form's action on submit: its button is disabled meanwhile, the outcome shown in `status`. */
export function onSubmit(form, status, action) {
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const buttons = form.querySelectorAll('button');
    buttons.forEach(b => { b.disabled = true; });
    try {
      const outcome = await action(fields(form));
      show(status, outcome || []);
    } catch (e) {
      show(status, problem(e));
    } finally {
      buttons.forEach(b => { b.disabled = false; });
    }
  });
}

/** Runs a button's action: the button disabled meanwhile, the outcome (or the problem) shown in `status`. */
async function press(button, status, run, { keepDisabled = false } = {}) {
  button.disabled = true;
  try {
    const outcome = await run();
    if (outcome) show(status, outcome);
    button.disabled = keepDisabled;
  } catch (e) {
    show(status, problem(e));
    button.disabled = false;
  }
}

/** A button that runs an action, showing its outcome in `status`. */
export function action(label, status, run, cls) {
  const button = el('button', { type: 'button', class: cls });
  button.textContent = label;
  button.addEventListener('click', () => press(button, status, run));
  return button;
}

export function param(name) {
  return new URLSearchParams(location.search).get(name);
}

/** Puts a page's filters in its address, so the view can be shared as a link. */
export function setParams(values) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value) params.set(name, value);
  const query = params.toString();
  history.replaceState(null, '', location.pathname + (query ? '?' + query : ''));
}

/**
 * Starts a page: reads the session (signing in when there is none), draws the navigation for the
 * user's role, and returns the session for the page's script.
 */
export async function start() {
  session = await api('v1/session');
  if (!session.name) {
    signIn();
    return new Promise(() => {});
  }
  const admin = session.roles.includes('admin');
  const here = location.pathname.split('/').pop() || 'index.html';
  const status = el('div', { role: 'status' });
  const nav = el('header', { class: 'nav' },
    el('a', { class: 'skip', href: '#main' }, 'Skip to content'),
    el('a', { class: 'brand', href: admin ? './' : 'issues.html' }, 'Vigil'),
    el('nav', { 'aria-label': 'Pages' }, el('ul', {}, PAGES.filter(p => admin || !p.ops).map(p =>
      el('li', {}, el('a', { href: p.file, 'aria-current': p.file === here ? 'page' : null }, p.title))))),
    el('div', { class: 'who' }, el('div', {}, 'Signed in as ', el('strong', {}, session.name)),
      el('div', { class: 'muted' }, admin ? 'admin' : 'member'),
      action('Sign out', status, async () => {
        await api('v1/session', { method: 'DELETE' });
        location.assign('login.html?signedOut');
      }, 'secondary'), status));
  document.body.prepend(nav);
  return session;
}

/** A destructive action in two steps: the first click asks, the second does it. */
export function confirmed(label, status, run) {
  const button = el('button', { type: 'button', class: 'danger' }, label);
  let armed = false;
  button.addEventListener('click', async () => {
    if (!armed) {
      armed = true;
      button.textContent = 'Confirm: ' + label.toLowerCase();
      return;
    }
    await press(button, status, run, { keepDisabled: true });
  });
  return button;
}

/** A secret shown once, with what to do with it. */
export function secret(what, value) {
  return el('div', { class: 'notice', role: 'status' }, el('p', {}, what + ' — shown only this once; copy it now:'),
    el('p', { class: 'secret' }, el('code', {}, value)));
}

/**
 * A time series chart (uPlot, from its WebJar): `times` in epoch seconds, `series` as
 * `[{label, values}]`. The numbers are also given as a table for screen readers.
 */
export async function chart(title, times, series, { height = 220, yLabel = '', from, to } = {}) {
  const { default: uPlot } = await import('/webjars/uplot/1.6.30/dist/uPlot.esm.js');
  const box = el('figure', { class: 'chart' }, el('figcaption', {}, title));
  if (times.length === 0) {
    box.append(el('p', { class: 'empty' }, 'No data in this range yet.'));
    return box;
  }
  const colours = ['#1f4e79', '#b3261e', '#1a6b36', '#8a5300', '#6a3d9a', '#35577a'];
  const width = Math.max(320, Math.min(900, (document.querySelector('main')?.clientWidth || 900) - 40));
  new uPlot({
    width, height,
    series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: colours[i % colours.length], width: 2 }))],
    axes: [{}, { label: yLabel }],
    // The time axis spans the range asked for (epoch seconds), not just the points there are.
    scales: from !== undefined && to !== undefined ? { x: { time: true, range: () => [from, to] } } : {},
  }, [times, ...series.map(s => s.values)], box);
  box.append(el('details', {}, el('summary', {}, 'The numbers'),
    table([['Time', i => time(times[i] * 1000)], ...series.map(s => [s.label, i => s.values[i] === null ? '—' : String(s.values[i]), { num: true }])],
      times.map((_, i) => i).slice(-60))));
  return box;
}

/** Lines of a textarea, trimmed, empty ones left out. */
export function lines(text) {
  return String(text || '').split('\n').map(l => l.trim()).filter(Boolean);
}

/** `k=v` lines as labels. */
export function labels(text) {
  return Object.fromEntries(lines(text).map(l => {
    const at = l.indexOf('=');
    return at < 0 ? [l, ''] : [l.substring(0, at).trim(), l.substring(at + 1).trim()];
  }));
}

/** A name to show (and to be a link's text): the stored one, or what stands in for a blank one. */
export function named(text, fallback) {
  return text !== null && text !== undefined && String(text).trim() !== '' ? String(text) : '(unnamed ' + fallback + ')';
}
