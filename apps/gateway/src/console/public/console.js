'use strict';

(function () {
  const POLL_MS = 2000;
  // the instabook-cache token page keeps the admin token under the same key
  const TOKEN_KEY = 'demo-admin-token';
  const API = '/console/api/services';
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const NODE = { width: 200, height: 62, columnGap: 56, rowGap: 22, margin: 12 };

  const map = document.getElementById('map');
  const servicesBox = document.getElementById('services');
  const pollStatus = document.getElementById('poll-status');
  const tokenForm = document.getElementById('token-form');
  const tokenInput = document.getElementById('admin-token');
  const forgetToken = document.getElementById('forget-token');
  const tokenPageLink = document.getElementById('token-page-link');
  const grafanaLink = document.getElementById('grafana-link');

  /** service → its card in the scenario list */
  const cards = new Map();
  /** `service/scenario` → its row */
  const rows = new Map();
  /** service → its node on the map */
  const nodes = new Map();
  /** service → the counters of the previous poll, for rates */
  const previous = new Map();
  let mapShape = '';
  let polling = false;

  // ---- the admin token (sessionStorage: forgotten with the tab) ----

  function adminToken() {
    try {
      return sessionStorage.getItem(TOKEN_KEY) || '';
    } catch (error) {
      return '';
    }
  }

  function storeToken(value) {
    try {
      if (value) sessionStorage.setItem(TOKEN_KEY, value);
      else sessionStorage.removeItem(TOKEN_KEY);
    } catch (error) {
      // storage refused (private mode): the token lasts as long as the page
    }
    showTokenState();
  }

  function showTokenState() {
    tokenInput.value = '';
    tokenInput.placeholder = adminToken()
      ? 'a token is in use in this tab'
      : 'only if ADMIN_TOKEN is set';
  }

  function headers(extra) {
    const all = Object.assign({ Accept: 'application/json' }, extra || {});
    const token = adminToken();
    if (token) all.Authorization = 'Bearer ' + token;
    return all;
  }

  tokenForm.addEventListener('submit', function (event) {
    event.preventDefault();
    storeToken(tokenInput.value.trim());
    poll();
  });
  forgetToken.addEventListener('click', function () {
    storeToken('');
    poll();
  });

  // ---- rates between two polls ----

  function ratesOf(service, at) {
    const now = { at: at, requests: service.requests, errors: service.errors };
    const before = previous.get(service.name);
    previous.set(service.name, now);
    if (now.requests === null || !before || before.requests === null) return null;
    const seconds = (now.at - before.at) / 1000;
    const requests = now.requests - before.requests;
    // a restarted service starts its counters again
    if (seconds <= 0 || requests < 0) return null;
    const errors = Math.max(0, now.errors - before.errors);
    return {
      perSecond: requests / seconds,
      errorRatio: requests > 0 ? Math.min(1, errors / requests) : 0,
    };
  }

  // ---- the map ----

  function svgElement(name, attributes) {
    const element = document.createElementNS(SVG_NS, name);
    for (const key of Object.keys(attributes || {})) element.setAttribute(key, attributes[key]);
    return element;
  }

  /** Columns by call depth (who calls nobody's callee first), each ordered near its callers. */
  function layout(services) {
    const depth = new Map();
    function depthOf(name, seen) {
      if (depth.has(name)) return depth.get(name);
      if (seen.has(name)) return 0;
      seen.add(name);
      const callers = services.filter(function (s) {
        return s.calls.indexOf(name) >= 0;
      });
      const value = callers.length
        ? 1 +
          Math.max.apply(
            null,
            callers.map(function (c) {
              return depthOf(c.name, seen);
            }),
          )
        : 0;
      depth.set(name, value);
      return value;
    }
    services.forEach(function (s) {
      depthOf(s.name, new Set());
    });
    const columns = [];
    services.forEach(function (s, index) {
      const column = depth.get(s.name);
      (columns[column] = columns[column] || []).push({ service: s, index: index });
    });
    const row = new Map();
    columns.forEach(function (column) {
      column.forEach(function (entry) {
        const callerRows = services
          .filter(function (s) {
            return s.calls.indexOf(entry.service.name) >= 0 && row.has(s.name);
          })
          .map(function (s) {
            return row.get(s.name);
          });
        entry.weight = callerRows.length
          ? callerRows.reduce(function (a, b) {
              return a + b;
            }, 0) / callerRows.length
          : entry.index;
      });
      column.sort(function (a, b) {
        return a.weight - b.weight || a.index - b.index;
      });
      column.forEach(function (entry, i) {
        row.set(entry.service.name, i);
      });
    });
    const tallest = Math.max.apply(
      null,
      columns.map(function (c) {
        return c.length;
      }),
    );
    const positions = new Map();
    columns.forEach(function (column, x) {
      const offset = ((tallest - column.length) * (NODE.height + NODE.rowGap)) / 2;
      column.forEach(function (entry, y) {
        positions.set(entry.service.name, {
          x: NODE.margin + x * (NODE.width + NODE.columnGap),
          y: NODE.margin + offset + y * (NODE.height + NODE.rowGap),
        });
      });
    });
    return {
      positions: positions,
      width: 2 * NODE.margin + columns.length * NODE.width + (columns.length - 1) * NODE.columnGap,
      height: 2 * NODE.margin + tallest * NODE.height + (tallest - 1) * NODE.rowGap,
    };
  }

  function buildMap(services) {
    const { positions, width, height } = layout(services);
    map.textContent = '';
    map.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    const defs = svgElement('defs');
    const marker = svgElement('marker', {
      id: 'arrow',
      viewBox: '0 0 10 10',
      refX: '10',
      refY: '5',
      markerWidth: '7',
      markerHeight: '7',
      orient: 'auto-start-reverse',
    });
    marker.appendChild(svgElement('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#9ca3af' }));
    defs.appendChild(marker);
    map.appendChild(defs);
    services.forEach(function (s) {
      const from = positions.get(s.name);
      s.calls.forEach(function (callee) {
        const to = positions.get(callee);
        if (!to) return;
        const x1 = from.x + NODE.width;
        const y1 = from.y + NODE.height / 2;
        const x2 = to.x;
        const y2 = to.y + NODE.height / 2;
        const bend = Math.max(24, (x2 - x1) / 2);
        map.appendChild(
          svgElement('path', {
            class: 'edge',
            'data-from': s.name,
            'data-to': callee,
            d:
              'M ' +
              x1 +
              ' ' +
              y1 +
              ' C ' +
              (x1 + bend) +
              ' ' +
              y1 +
              ', ' +
              (x2 - bend) +
              ' ' +
              y2 +
              ', ' +
              x2 +
              ' ' +
              y2,
            'marker-end': 'url(#arrow)',
          }),
        );
      });
    });
    nodes.clear();
    services.forEach(function (s) {
      const at = positions.get(s.name);
      const group = svgElement('g', {
        class: 'node',
        'data-service': s.name,
        transform: 'translate(' + at.x + ' ' + at.y + ')',
      });
      const rect = svgElement('rect', { width: NODE.width, height: NODE.height, rx: 10 });
      const title = svgElement('title');
      const name = svgElement('text', { class: 'name', x: NODE.width / 2, y: 20 });
      name.textContent = s.name;
      const traffic = svgElement('text', { class: 'traffic', x: NODE.width / 2, y: 38 });
      const errors = svgElement('text', { class: 'errors', x: NODE.width / 2, y: 54 });
      group.append(title, rect, name, traffic, errors);
      map.appendChild(group);
      nodes.set(s.name, {
        group: group,
        rect: rect,
        title: title,
        traffic: traffic,
        errors: errors,
      });
    });
  }

  /** Green without errors, through amber, to red once half the requests fail. */
  function colourOf(up, rates) {
    if (!up) return '#6b7280';
    if (!rates) return '#64748b';
    const hue = 130 * (1 - Math.min(1, rates.errorRatio / 0.5));
    return 'hsl(' + hue.toFixed(0) + ', 65%, 38%)';
  }

  function percent(ratio) {
    const value = ratio * 100;
    return (value > 0 && value < 10 ? value.toFixed(1) : value.toFixed(0)) + ' % errors';
  }

  function updateNode(s, rates) {
    const node = nodes.get(s.name);
    if (!node) return;
    node.rect.setAttribute('fill', colourOf(s.up, rates));
    node.group.setAttribute('data-up', String(s.up));
    node.group.setAttribute('data-request-rate', rates ? rates.perSecond.toFixed(2) : '');
    node.group.setAttribute('data-error-rate', rates ? rates.errorRatio.toFixed(3) : '');
    if (!s.up) {
      node.traffic.textContent = 'not answering';
      node.errors.textContent = '';
    } else if (!rates) {
      node.traffic.textContent = s.requests === null ? 'no metrics' : '… req/s';
      node.errors.textContent = '';
    } else {
      node.traffic.textContent = rates.perSecond.toFixed(1) + ' req/s';
      node.errors.textContent = percent(rates.errorRatio);
    }
    node.title.textContent = s.name + ' (' + s.url + ')' + (s.problem ? ': ' + s.problem : '');
  }

  // ---- the scenario list ----

  function element(tag, className, text) {
    const made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  }

  function cardOf(s) {
    let card = cards.get(s.name);
    if (card) return card;
    const box = element('article', 'service');
    box.setAttribute('data-service', s.name);
    const heading = element('h3');
    const state = element('span', 'state');
    heading.append(element('span', 'title', s.name), state);
    const problem = element('p', 'problem');
    problem.hidden = true;
    const list = element('div', 'scenario-list');
    box.append(heading, problem, list);
    servicesBox.appendChild(box);
    card = { box: box, state: state, problem: problem, list: list };
    cards.set(s.name, card);
    return card;
  }

  function scenarioUrl(row) {
    return (
      API + '/' + encodeURIComponent(row.service) + '/scenarios/' + encodeURIComponent(row.name)
    );
  }

  /** The params as typed; a number param that is not a number goes as typed, for the service to refuse. */
  function paramsOf(row) {
    const params = {};
    row.inputs.forEach(function (input, key) {
      const raw = input.value.trim();
      params[key] =
        input.type === 'number' && raw !== '' && !isNaN(Number(raw)) ? Number(raw) : raw;
    });
    return params;
  }

  function showRowError(row, message) {
    row.error.textContent = message;
    row.error.hidden = !message;
  }

  async function send(row, enabled) {
    row.busy = true;
    row.toggle.disabled = true;
    row.apply.disabled = true;
    try {
      const response = await fetch(scenarioUrl(row), {
        method: 'PUT',
        headers: headers({ 'Content-Type': 'application/json' }),
        body: JSON.stringify({ enabled: enabled, params: paramsOf(row) }),
        cache: 'no-store',
      });
      const body = await response.json().catch(function () {
        return null;
      });
      if (!response.ok) {
        const reason = body && typeof body.error === 'string' ? body.error : 'no reason given';
        const hint = response.status === 401 ? ' (enter the admin token above)' : '';
        showRowError(row, 'HTTP ' + response.status + ': ' + reason + hint);
        row.toggle.checked = row.enabled;
        return;
      }
      showRowError(row, '');
      row.inputs.forEach(function (input) {
        delete input.dataset.dirty;
      });
      row.busy = false;
      updateRow(row, body);
    } catch (error) {
      showRowError(row, 'Could not reach the gateway (' + error.message + ')');
      row.toggle.checked = row.enabled;
    } finally {
      row.busy = false;
      row.toggle.disabled = false;
      row.apply.disabled = false;
    }
  }

  function rowOf(service, scenario, card) {
    const key = service + '/' + scenario.name;
    let row = rows.get(key);
    if (row) return row;
    const box = element('div', 'scenario');
    box.setAttribute('data-service', service);
    box.setAttribute('data-scenario', scenario.name);
    const toggle = element('input', 'switch');
    toggle.type = 'checkbox';
    toggle.setAttribute('role', 'switch');
    toggle.setAttribute('aria-label', scenario.name + ' on ' + service);
    toggle.setAttribute('data-service', service);
    toggle.setAttribute('data-scenario', scenario.name);
    const description = element('div', 'description', scenario.description);
    const params = element('div', 'params');
    const inputs = new Map();
    Object.keys(scenario.params || {}).forEach(function (param) {
      const label = element('label');
      const input = element('input');
      input.type = typeof scenario.params[param] === 'number' ? 'number' : 'text';
      if (input.type === 'number') input.step = 'any';
      input.setAttribute('data-param', param);
      input.addEventListener('input', function () {
        input.dataset.dirty = '1';
      });
      label.append(param + ' ', input);
      params.appendChild(label);
      inputs.set(param, input);
    });
    const apply = element('button', 'quiet', 'Apply');
    apply.type = 'button';
    apply.setAttribute('data-apply', scenario.name);
    apply.hidden = inputs.size === 0;
    params.appendChild(apply);
    const error = element('p', 'error');
    error.setAttribute('role', 'alert');
    error.hidden = true;
    box.append(toggle, element('span', 'name', scenario.name), description, params, error);
    card.list.appendChild(box);
    row = {
      service: service,
      name: scenario.name,
      box: box,
      toggle: toggle,
      inputs: inputs,
      apply: apply,
      error: error,
      enabled: false,
      busy: false,
    };
    toggle.addEventListener('change', function () {
      send(row, toggle.checked);
    });
    apply.addEventListener('click', function () {
      send(row, row.enabled);
    });
    rows.set(key, row);
    return row;
  }

  function updateRow(row, scenario) {
    if (row.busy) return;
    row.enabled = scenario.enabled === true;
    row.toggle.checked = row.enabled;
    row.box.setAttribute('data-enabled', String(row.enabled));
    row.box.classList.toggle('on', row.enabled);
    row.inputs.forEach(function (input, key) {
      const value = scenario.params ? scenario.params[key] : undefined;
      if (value === undefined || input.dataset.dirty || document.activeElement === input) return;
      input.value = String(value);
    });
  }

  function updateCard(s) {
    const card = cardOf(s);
    card.box.setAttribute('data-up', String(s.up));
    card.state.textContent = s.up
      ? s.kind === 'load-generator'
        ? 'load generator'
        : 'up'
      : 'not answering';
    card.state.classList.toggle('down', !s.up);
    card.problem.textContent = s.problem ? 'Could not read everything: ' + s.problem : '';
    card.problem.hidden = !s.problem;
    if (!s.scenarios) return;
    const listed = new Set();
    s.scenarios.forEach(function (scenario) {
      listed.add(scenario.name);
      updateRow(rowOf(s.name, scenario, card), scenario);
    });
    rows.forEach(function (row, key) {
      if (row.service === s.name && !listed.has(row.name)) {
        row.box.remove();
        rows.delete(key);
      }
    });
  }

  // ---- polling ----

  function render(overview) {
    tokenPageLink.href = overview.links.tokenPage;
    if (overview.links.grafana) {
      grafanaLink.href = overview.links.grafana;
      grafanaLink.hidden = false;
    } else {
      grafanaLink.hidden = true;
    }
    const shape = overview.services
      .map(function (s) {
        return s.name + '>' + s.calls.join('+');
      })
      .join(' ');
    if (shape !== mapShape) {
      buildMap(overview.services);
      mapShape = shape;
    }
    overview.services.forEach(function (s) {
      updateNode(s, ratesOf(s, overview.at));
      updateCard(s);
    });
    const down = overview.services.filter(function (s) {
      return !s.up;
    });
    pollStatus.className = 'poll-status';
    pollStatus.textContent =
      'Updated ' +
      new Date(overview.at).toLocaleTimeString() +
      (down.length
        ? ' · not answering: ' +
          down
            .map(function (s) {
              return s.name;
            })
            .join(', ')
        : ' · all ' + overview.services.length + ' services answer');
  }

  async function poll() {
    if (polling) return;
    polling = true;
    try {
      const response = await fetch(API, { headers: headers(), cache: 'no-store' });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      render(await response.json());
    } catch (error) {
      pollStatus.className = 'poll-status failed';
      pollStatus.textContent =
        'Could not read the services from the gateway (' +
        error.message +
        '); showing the last known state.';
    } finally {
      polling = false;
    }
  }

  showTokenState();
  poll();
  setInterval(poll, POLL_MS);
})();
