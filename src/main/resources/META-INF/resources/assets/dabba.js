// Dabba's pages talk to the public API and sockets through this one module: sign-in, tokens that renew themselves,
// problem+json errors shown next to the field they name, and sockets that come back after a dropped connection.

const SESSION_KEY = 'dabba.session';
// Renew this long before the access token runs out, so no request or socket handshake meets an expired one.
const RENEW_AHEAD_MS = 60_000;

/** An API answer that is not a success: the problem's title and detail, and the message for each named field. */
export class Problem extends Error {
    constructor({ status = 0, type = '', title = 'Something went wrong', detail = '', fields = {}, body = {} }) {
        super(detail || title);
        this.status = status;
        this.type = type;
        this.title = title;
        this.detail = detail || title;
        this.fields = fields;
        this.body = body;
    }
}

async function problemOf(response) {
    let body = {};
    try {
        body = await response.json();
    } catch {
        // not JSON (a proxy's page): the status says enough
    }
    const fields = {};
    for (const e of body.errors || []) {
        if (e.field && !(e.field in fields)) {
            fields[e.field] = e.message;
        }
    }
    return new Problem({
        status: response.status, type: body.type || '', title: body.title || response.statusText || 'Error',
        detail: body.detail || '', fields, body
    });
}

/** fetch, with a lost connection as a Problem like any other, so that pages show one kind of error. */
async function send(path, options) {
    try {
        return await fetch(path, options);
    } catch {
        throw new Problem({ title: 'No connection',
            detail: 'Dabba cannot be reached. Check the connection and try again.' });
    }
}

// ---- The session: one per browser tab, gone when the tab closes.

let refreshTimer = null;
let refreshing = null;
const signedOutListeners = new Set();

function readSession() {
    try {
        return JSON.parse(sessionStorage.getItem(SESSION_KEY));
    } catch {
        return null;
    }
}

function keep(tokens) {
    const session = {
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        expiresAt: Date.now() + tokens.expiresIn * 1000,
        user: claims(tokens.accessToken)
    };
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    scheduleRefresh(session);
    return session;
}

function claims(jwt) {
    try {
        const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
        const json = JSON.parse(decodeURIComponent(escape(atob(part))));
        return { id: json.sub, email: json.upn || json.email || '', roles: json.groups || [] };
    } catch {
        return { id: '', email: '', roles: [] };
    }
}

function scheduleRefresh(session) {
    clearTimeout(refreshTimer);
    const due = Math.max(1_000, session.expiresAt - Date.now() - RENEW_AHEAD_MS);
    refreshTimer = setTimeout(() => refresh().catch(() => {}), due);
}

function forget(reason) {
    clearTimeout(refreshTimer);
    sessionStorage.removeItem(SESSION_KEY);
    signedOutListeners.forEach(listener => listener(reason));
}

// A page reloaded within a session keeps renewing it.
if (readSession()) {
    scheduleRefresh(readSession());
}

/** The signed-in user ({id, email, roles}), or null. */
export function currentUser() {
    const session = readSession();
    return session ? session.user : null;
}

/** Called with a reason when the session ends (signed out here, expired, or ended elsewhere). */
export function onSignedOut(listener) {
    signedOutListeners.add(listener);
}

/** Signs in; a wrong email or password is a Problem (401) whose detail says so. */
export async function login(email, password) {
    const response = await send('/auth/login', {
        method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ email, password })
    });
    if (!response.ok) {
        throw await problemOf(response);
    }
    return keep(await response.json()).user;
}

/** Ends the session on the server too (its tokens and sockets stop at once). */
export async function logout() {
    const session = readSession();
    if (session) {
        try {
            await fetch('/auth/logout', {
                method: 'POST',
                headers: { Authorization: `Bearer ${session.accessToken}`, 'Content-Type': 'application/json' },
                body: JSON.stringify({ refreshToken: session.refreshToken })
            });
        } catch {
            // offline: the tokens still die with the tab
        }
    }
    forget('signed-out');
}

/** The next token pair; callers at the same moment share one refresh (each refresh token is good once). */
export function refresh() {
    if (!refreshing) {
        refreshing = (async () => {
            const session = readSession();
            if (!session) {
                throw new Problem({ status: 401, title: 'Signed out', detail: 'Please sign in.' });
            }
            const response = await send('/auth/refresh', {
                method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
                body: JSON.stringify({ refreshToken: session.refreshToken })
            });
            if (!response.ok) {
                const problem = await problemOf(response);
                if (problem.status === 401 || problem.status === 403) {
                    forget(problem.type.split('/').pop() || 'session-ended');
                }
                throw problem;
            }
            return keep(await response.json());
        })().finally(() => {
            refreshing = null;
        });
    }
    return refreshing;
}

/** A valid access token, renewed first when it is about to run out. */
export async function accessToken() {
    let session = readSession();
    if (!session) {
        throw new Problem({ status: 401, title: 'Signed out', detail: 'Please sign in.' });
    }
    if (session.expiresAt - Date.now() < RENEW_AHEAD_MS) {
        session = await refresh();
    }
    return session.accessToken;
}

/**
 * Calls the API as the signed-in user: resolves with the JSON answer (null for 204), rejects with a Problem.
 * A 401 is tried once more with renewed tokens (the token may have been revoked or the clock be off).
 * {@code headers} adds request headers (e.g. an Idempotency-Key).
 */
export async function api(method, path, body, headers = {}) {
    const call = async token => send(path, {
        method,
        headers: Object.assign({ Authorization: `Bearer ${token}`, Accept: 'application/json' },
            body === undefined ? {} : { 'Content-Type': 'application/json' }, headers),
        body: body === undefined ? undefined : JSON.stringify(body)
    });
    let response = await call(await accessToken());
    if (response.status === 401 && readSession()) {
        response = await call((await refresh()).accessToken);
    }
    if (!response.ok) {
        throw await problemOf(response);
    }
    return response.status === 204 ? null : response.json();
}

/** Calls a public part of the API without a session (sign-up, search, menus): the JSON answer, or a Problem. */
export async function publicApi(method, path, body) {
    const response = await send(path, {
        method,
        headers: Object.assign({ Accept: 'application/json' },
            body === undefined ? {} : { 'Content-Type': 'application/json' }),
        body: body === undefined ? undefined : JSON.stringify(body)
    });
    if (!response.ok) {
        throw await problemOf(response);
    }
    return response.status === 204 ? null : response.json();
}

// ---- Forms: a problem shown next to the field it names.

/**
 * Shows {@code problem} in {@code form}: each named field's message under that field (an element
 * [data-error-for=field]), the detail under {@code fallbackField} when no field is named, else in the form's
 * [data-error-for=""] element.
 */
export function showProblem(form, problem, fallbackField) {
    clearProblem(form);
    const detail = problem.detail || problem.message || 'Something went wrong';
    const fields = Object.keys(problem.fields || {});
    const named = fields.filter(field => form.querySelector(`[data-error-for="${CSS.escape(field)}"]`));
    if (named.length) {
        named.forEach(field => markField(form, field, problem.fields[field]));
        const first = form.querySelector(`[name="${CSS.escape(named[0])}"]`);
        if (first) {
            first.focus();
        }
    } else if (fallbackField && form.querySelector(`[data-error-for="${CSS.escape(fallbackField)}"]`)) {
        markField(form, fallbackField, detail);
        const input = form.querySelector(`[name="${CSS.escape(fallbackField)}"]`);
        if (input) {
            input.focus();
        }
    } else {
        const general = form.querySelector('[data-error-for=""]');
        if (general) {
            general.textContent = detail;
        }
    }
}

function markField(form, field, message) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(field)}"]`);
    slot.textContent = message;
    const input = form.querySelector(`[name="${CSS.escape(field)}"]`);
    if (input) {
        input.setAttribute('aria-invalid', 'true');
        if (!slot.id) {
            slot.id = `${form.id || 'form'}-${field}-error`.replace(/[^\w-]/g, '-');
        }
        input.setAttribute('aria-describedby', slot.id);
    }
}

/**
 * Runs {@code work} for {@code form}: its buttons wait meanwhile (no second submit), and a problem it throws is
 * shown like {@link showProblem} does.
 */
export async function whileBusy(form, work, fallbackField) {
    clearProblem(form);
    const buttons = [...form.querySelectorAll('button')];
    buttons.forEach(b => { b.disabled = true; });
    try {
        await work();
    } catch (problem) {
        showProblem(form, problem, fallbackField);
    } finally {
        buttons.forEach(b => { b.disabled = false; });
    }
}

export function clearProblem(form) {
    form.querySelectorAll('[data-error-for]').forEach(slot => {
        slot.textContent = '';
    });
    form.querySelectorAll('[aria-invalid]').forEach(input => input.removeAttribute('aria-invalid'));
}

// ---- Sockets: the token in the access_token query (browsers cannot send headers on a handshake).

const ENDED = new Set(['session-ended', 'password-changed', 'refresh-token-reused', 'account-disabled']);

/**
 * Opens the socket at {@code path} and keeps it open: after a dropped connection it comes back with growing
 * waits (the server then sends its current state again). {@code onMessage} gets each JSON message,
 * {@code onState} 'connecting', 'open', 'reconnecting' or 'closed'. Returns {send(object), close()}.
 */
export function socket(path, { onMessage, onState = () => {} }) {
    let ws = null;
    let attempts = 0;
    let stopped = false;
    let retryTimer = null;

    async function open() {
        if (stopped) {
            return;
        }
        onState(attempts === 0 ? 'connecting' : 'reconnecting');
        let token;
        try {
            token = await accessToken();
        } catch (problem) {
            if (problem.status === 401 || problem.status === 403) {
                stop();
                return;
            }
            return retry();
        }
        const url = new URL(path, location.href);
        url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
        url.searchParams.set('access_token', token);
        ws = new WebSocket(url);
        ws.onopen = () => {
            attempts = 0;
            onState('open');
        };
        ws.onmessage = event => {
            let message;
            try {
                message = JSON.parse(event.data);
            } catch {
                return;
            }
            onMessage(message);
        };
        ws.onclose = async event => {
            ws = null;
            if (stopped) {
                return;
            }
            if (ENDED.has(event.reason)) {
                forget(event.reason);
                stop();
                return;
            }
            if (event.reason === 'token-expired') {
                await refresh().catch(() => {});
            }
            retry();
        };
    }

    function retry() {
        // 0.5 s, 1 s, 2 s ... up to 30 s, spread so that a restarted server is not met by every board at once
        const wait = Math.min(30_000, 500 * 2 ** attempts++) * (0.5 + Math.random() / 2);
        onState('reconnecting');
        retryTimer = setTimeout(open, wait);
    }

    function stop() {
        stopped = true;
        clearTimeout(retryTimer);
        if (ws) {
            ws.close(1000);
        }
        onState('closed');
    }

    open();
    return {
        send(message) {
            if (ws && ws.readyState === WebSocket.OPEN) {
                ws.send(JSON.stringify(message));
                return true;
            }
            return false;
        },
        close: stop
    };
}

// ---- Small shared helpers

/** The short reference people read out on the phone: the id's first 8 characters. */
export function orderRef(orderId) {
    return String(orderId).slice(0, 8).toUpperCase();
}

export function money(amount, currency) {
    const value = Number(amount);
    try {
        return new Intl.NumberFormat(undefined, { style: 'currency', currency: currency || 'INR' }).format(value);
    } catch {
        return `${value.toFixed(2)} ${currency || ''}`.trim();
    }
}

/** Builds an element: el('li', {class: 'card'}, child, 'text', ...). */
export function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
        if (value === null || value === undefined || value === false) {
            continue;
        }
        if (name.startsWith('on') && typeof value === 'function') {
            node.addEventListener(name.slice(2), value);
        } else {
            node.setAttribute(name, value === true ? '' : value);
        }
    }
    for (const child of children.flat()) {
        if (child !== null && child !== undefined && child !== false) {
            node.append(child instanceof Node ? child : document.createTextNode(String(child)));
        }
    }
    return node;
}
