// SPDX-License-Identifier: MIT
// Renders /api/openapi.json as a readable list of routes, grouped by resource.
'use strict';

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function render(doc) {
  document.getElementById('info').textContent = `${doc.info.title} ${doc.info.version} — ${doc.info.description}`;
  const groups = new Map();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const tag = (op.tags && op.tags[0]) || 'other';
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag).push({ path, method, op });
    }
  }
  const nav = document.getElementById('tags');
  const main = document.getElementById('paths');
  for (const [tag, ops] of groups) {
    const link = element('a', null, tag);
    link.href = `#${tag}`;
    nav.append(link);
    const section = element('section');
    section.id = tag;
    section.append(element('h2', null, tag));
    for (const { path, method, op } of ops) {
      const row = element('div', 'op');
      row.append(element('span', `method ${method}`, method.toUpperCase()));
      row.append(element('code', 'path', path));
      row.append(element('span', 'summary', op.summary || ''));
      row.append(element('span', 'role', op['x-kumo-role'] === 'none' ? 'public' : op['x-kumo-role']));
      if (op['x-kumo-audit']) row.append(element('span', 'audit', `audit: ${op['x-kumo-audit']}`));
      section.append(row);
    }
    main.append(section);
  }
  if (doc.components && doc.components.schemas) {
    const section = element('section');
    section.id = 'schemas';
    section.append(element('h2', null, 'schemas'));
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      section.append(element('h3', null, name));
      section.append(element('pre', null, JSON.stringify(schema, null, 2)));
    }
    main.append(section);
    const link = element('a', null, 'schemas');
    link.href = '#schemas';
    nav.append(link);
  }
}

fetch('/api/openapi.json', { credentials: 'same-origin' })
  .then(async (response) => {
    if (response.status === 401) throw new Error('Sign in to Kumo first (the API document needs a signed-in user).');
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
    render(await response.json());
  })
  .catch((error) => { document.getElementById('info').textContent = error.message; });
