import { api, badge, el, fields, fill, notice, onSubmit, param, setParams, start, table, time } from '../vigil.js';

// Uploads and the failed-upload log: filter by app, kind and reason (kept in the address), the day's
// refusals as NDJSON; admins also register upload kinds (a JSON Schema and a size limit).
const session = await start();
const admin = session.roles.includes('admin');
const page = document.getElementById('page');
const status = el('div', { 'aria-live': 'polite', id: 'status' });
const filter = { app: param('app') || '', kind: param('kind') || '', reason: param('reason') || '' };
const form = el('form', { class: 'inline', role: 'search' },
  el('label', {}, 'App', el('input', { name: 'app', value: filter.app, size: 14, placeholder: 'app id' })),
  el('label', {}, 'Kind', el('input', { name: 'kind', value: filter.kind, size: 14 })),
  el('label', {}, 'Reason', el('select', { name: 'reason' }, ['', 'invalid_request', 'invalid_json', 'payload_too_large',
    'not_found', 'unsupported_media_type', 'idempotency_key_missing', 'idempotency_mismatch', 'dependency_unavailable']
    .map(r => el('option', { value: r, selected: r === filter.reason }, r || 'any')))),
  el('button', { type: 'submit' }, 'Filter'));
const failed = el('section', { 'aria-live': 'polite', id: 'failed' });
const stored = el('section', { 'aria-live': 'polite', id: 'stored' });
const kinds = el('section', { 'aria-live': 'polite', id: 'kinds' });
page.replaceChildren(form, failed, stored, ...(admin ? [kinds, status] : []));

form.addEventListener('submit', event => {
  event.preventDefault();
  Object.assign(filter, { app: '', kind: '', reason: '' }, fields(form));
  load();
});

function load() {
  setParams(filter);
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v));
  query.set('limit', '50');
  const day = new Date().toISOString().substring(0, 10);
  const exportQuery = new URLSearchParams(Object.entries({ date: day, app: filter.app, kind: filter.kind }).filter(([, v]) => v));
  fill(failed, async () => [el('h2', {}, 'Failed uploads'),
    el('p', {}, el('a', { href: '/api/v1/failed-uploads/export?' + exportQuery }, 'Today\u2019s failed uploads as NDJSON (UTC)')),
    table([['At', f => time(f.receivedAt)], ['App', f => el('code', {}, f.appId)], ['Kind', f => f.kind],
      ['Reason', f => badge(f.reason)], ['Detail', f => f.detail], ['Request', f => el('code', {}, f.requestId)]],
    await api('v1/failed-uploads?' + query), 'No refused upload matches these filters.')]);
  const storedQuery = new URLSearchParams(query);
  storedQuery.delete('reason');
  fill(stored, async () => [el('h2', {}, 'Uploads'), table([['At', u => time(u.receivedAt)], ['App', u => el('code', {}, u.appId)],
    ['Kind', u => u.kind], ['Bytes', u => String(u.bytes), { num: true }], ['Request', u => el('code', {}, u.requestId)]],
  await api('v1/uploads?' + storedQuery), 'No upload matches these filters.')]);
}

function loadKinds() {
  const create = el('form', { 'aria-label': 'Register an upload kind' },
    el('label', {}, 'Name', el('input', { name: 'name', required: true, pattern: '[a-z0-9][a-z0-9._\\-]{0,63}', size: 20 })),
    el('label', {}, 'Largest body (bytes)', el('input', { name: 'maxBytes', type: 'number', min: 2, max: 1048576, value: 65536 })),
    el('label', {}, 'Description', el('input', { name: 'description', maxlength: 500, size: 40 })),
    el('label', {}, 'JSON Schema', el('textarea', { name: 'schema', rows: 6, cols: 60, required: true },
      '{"type": "object", "required": ["runId"]}')),
    el('button', { type: 'submit' }, 'Register'));
  onSubmit(create, status, async values => {
    let schema;
    try {
      schema = JSON.parse(values.schema);
    } catch (e) {
      throw new Error('The schema is not JSON: ' + e.message);
    }
    await api('v1/admin/upload-kinds/' + encodeURIComponent(values.name), { method: 'PUT',
      body: { description: values.description || '', maxBytes: Number(values.maxBytes), schema } });
    loadKinds();
    return notice('Kind ' + values.name + ' registered: apps upload to /api/v1/uploads/' + values.name + '.');
  });
  fill(kinds, async () => [el('h2', {}, 'Upload kinds'), table([['Kind', k => k.name], ['Description', k => k.description || '—'],
    ['Largest body', k => String(k.maxBytes), { num: true }], ['Changed', k => [time(k.updatedAt), ' by ', k.updatedBy]]],
  await api('v1/admin/upload-kinds'), 'No upload kind registered.'), el('h3', {}, 'Register or replace a kind'), create]);
}

load();
if (admin) loadKinds();
