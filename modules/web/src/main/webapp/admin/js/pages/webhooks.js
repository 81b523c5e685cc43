import { api, el, fill, notice, onSubmit, param, setParams, start, table, time } from '../vigil.js';

// Webhook sources: register one (its secret is sealed and never shown again), replace a secret after
// rotating it at the provider, and see a source's recent deliveries.
await start();
const page = document.getElementById('page');
const status = el('div', { 'aria-live': 'polite', id: 'status' });
const list = el('section', { 'aria-live': 'polite' });
const deliveries = el('section', { 'aria-live': 'polite', id: 'deliveries' });
const filter = { source: param('source') || '' };
const create = el('form', { class: 'inline', 'aria-label': 'Register a webhook source' },
  el('label', {}, 'Name', el('input', { name: 'name', required: true, minlength: 2, maxlength: 64 })),
  el('label', {}, 'Signature', el('select', { name: 'scheme' }, ['vigil', 'github', 'slack'].map(s => el('option', { value: s }, s)))),
  el('label', {}, 'Signing secret (16 or more)', el('input', { name: 'secret', type: 'password', required: true, minlength: 16,
    maxlength: 256, autocomplete: 'off' })),
  el('button', { type: 'submit' }, 'Register'));
onSubmit(create, status, async values => {
  await api('v1/admin/webhook-sources', { method: 'POST', body: values });
  create.reset();
  load();
  return notice('Source ' + values.name + ' registered: deliveries go to /api/v1/webhooks/' + values.name + '.');
});
page.replaceChildren(create, status, list, deliveries);

function load() {
  fill(list, async () => table([
    ['Source', s => el('a', { href: '#deliveries', onclick: e => { e.preventDefault(); open(s.name); } }, s.name)],
    ['Signature', s => s.scheme], ['Endpoint', s => el('code', {}, '/api/v1/webhooks/' + s.name)],
    ['Registered', s => [time(s.createdAt), ' by ', s.createdBy || '—']],
    ['New secret', s => {
      const form = el('form', { class: 'inline', 'aria-label': 'New secret for ' + s.name },
        el('label', {}, 'Secret', el('input', { name: 'secret', type: 'password', required: true, minlength: 16, maxlength: 256,
          autocomplete: 'off', size: 16 })), el('button', { type: 'submit', class: 'secondary' }, 'Replace'));
      onSubmit(form, status, async values => {
        await api('v1/admin/webhook-sources/' + encodeURIComponent(s.name) + '/secret', { method: 'PUT', body: values });
        form.reset();
        return notice('Secret of ' + s.name + ' replaced.');
      });
      return form;
    }]], await api('v1/admin/webhook-sources'), 'No webhook source registered.'));
}

function open(name) {
  filter.source = name;
  setParams(filter);
  fill(deliveries, async () => [el('h2', {}, 'Deliveries of ', name), table([['Received', d => time(d.receivedAt)],
    ['Delivery id', d => el('code', {}, d.deliveryId || '—')], ['Type', d => d.contentType || '—'], ['Bytes', d => String(d.bytes), { num: true }]],
  await api('v1/admin/webhook-sources/' + encodeURIComponent(name) + '/deliveries?limit=50'), 'No delivery yet.')]);
}

load();
if (filter.source) open(filter.source);
