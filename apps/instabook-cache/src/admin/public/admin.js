'use strict';

(function () {
  const REFRESH_MS = 3000;
  const badge = document.getElementById('token-state');
  const consequence = document.getElementById('consequence');
  const button = document.getElementById('toggle-token');
  const errorLine = document.getElementById('error');
  const tokenForm = document.getElementById('admin-token-form');
  const tokenInput = document.getElementById('admin-token');
  const forgetToken = document.getElementById('forget-admin-token');
  // the gateway's console keeps the admin token under the same key
  const TOKEN_KEY = 'demo-admin-token';

  const CONSEQUENCES = {
    enabled:
      'instabook-cache accepts /cache calls that carry the right Bearer token, so bookings flow normally.',
    disabled:
      'instabook-cache answers 401 to every /cache call; instabook turns that into 500 ' +
      '"Internal service authentication failure", and the booking load generator logs errors.',
  };

  // an answer to an older request (a poll sent before a toggle) must not overwrite a newer one
  let latestRequest = 0;
  let toggling = false;

  function render(enabled) {
    const label = enabled ? 'Disable token auth' : 'Enable token auth';
    badge.textContent = enabled ? 'ENABLED' : 'DISABLED';
    badge.className = 'badge ' + (enabled ? 'badge-enabled' : 'badge-disabled');
    consequence.textContent = enabled ? CONSEQUENCES.enabled : CONSEQUENCES.disabled;
    button.textContent = label;
    button.setAttribute('aria-label', label);
    button.className = enabled ? 'danger' : 'primary';
    if (!toggling) button.disabled = false;
  }

  function showError(message) {
    errorLine.textContent = message;
    errorLine.hidden = false;
  }

  function clearError() {
    errorLine.textContent = '';
    errorLine.hidden = true;
  }

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
      // storage refused (private mode): nothing to keep it in
    }
    tokenInput.value = '';
    tokenInput.placeholder = adminToken()
      ? 'a token is in use in this tab'
      : 'only if ADMIN_TOKEN is set';
  }

  /** The answer's `{"error"}` message, if it has one. */
  async function reasonOf(response) {
    try {
      const body = await response.json();
      return typeof body.error === 'string' ? ': ' + body.error : '';
    } catch (error) {
      return '';
    }
  }

  async function call(method) {
    const request = ++latestRequest;
    try {
      const headers = { Accept: 'application/json' };
      const token = adminToken();
      // with ADMIN_TOKEN set on the cache, switching needs it as a Bearer token
      if (token) headers.Authorization = 'Bearer ' + token;
      const response = await fetch('/admin/token', {
        method: method,
        headers: headers,
        cache: 'no-store',
      });
      if (response.status === 401) {
        throw new Error(
          'the cache answered HTTP 401' +
            (await reasonOf(response)) +
            (token ? '; check the admin token below' : '; enter the admin token below'),
        );
      }
      if (!response.ok) throw new Error('the cache answered HTTP ' + response.status);
      const body = await response.json();
      if (typeof body.enabled !== 'boolean') throw new Error('unexpected answer from the cache');
      if (request === latestRequest) {
        render(body.enabled);
        clearError();
      }
    } catch (error) {
      if (request === latestRequest) {
        const action = method === 'POST' ? 'toggle' : 'read';
        showError(
          'Could not ' +
            action +
            ' the token state (' +
            error.message +
            '); showing the last known state.',
        );
      }
    }
  }

  button.addEventListener('click', function () {
    toggling = true;
    button.disabled = true;
    call('POST').finally(function () {
      toggling = false;
      button.disabled = false;
    });
  });

  tokenForm.addEventListener('submit', function (event) {
    event.preventDefault();
    storeToken(tokenInput.value.trim());
  });
  forgetToken.addEventListener('click', function () {
    storeToken('');
  });

  storeToken(adminToken());
  call('GET');
  setInterval(function () {
    if (!toggling) call('GET');
  }, REFRESH_MS);
})();
