// The customer's app: one page, a view per address after the '#'. Each view gets the same context: the
// installation's settings, who is signed in, the delivery point, and ways to move on, sign in and speak up.
import { api, currentUser, el, logout, onSignedOut, publicApi } from '/assets/dabba.js';
import { accountPanel } from '/assets/account.js';
import * as browse from './browse.js';
import * as checkout from './checkout.js';
import * as orders from './orders.js';

const PLACE_KEY = 'dabba.customer.place';
const $ = id => document.getElementById(id);
const view = $('view');

// What a view left running (sockets, timers): stopped when the person goes elsewhere.
let leaving = [];
// Each route change gets a number, so that a slow view that finishes late does not draw over the next one.
let generation = 0;
let cartCounts = 0;

const ROUTES = [
    [/^\/$/, () => browse.renderFind(view, ctx), 'find'],
    [/^\/restaurants\/([^/]+)$/, id => browse.renderMenu(view, ctx, id), 'find'],
    [/^\/cart$/, () => browse.renderCart(view, ctx), 'cart'],
    [/^\/checkout$/, () => checkout.renderCheckout(view, ctx), 'cart'],
    [/^\/orders$/, () => orders.renderOrders(view, ctx), 'orders'],
    [/^\/orders\/([^/]+)$/, id => orders.renderOrder(view, ctx, id), 'orders'],
    [/^\/notifications$/, () => orders.renderNotifications(view, ctx), 'notifications'],
    [/^\/sign-in$/, () => renderSignIn(), null]
];

function readPlace() {
    try {
        const place = JSON.parse(sessionStorage.getItem(PLACE_KEY));
        return place && Number.isFinite(place.lat) && Number.isFinite(place.lng) ? place : null;
    } catch {
        return null;
    }
}

function isCustomer(user) {
    return Boolean(user) && user.roles.includes('CUSTOMER');
}

const ctx = {
    settings: { map: {} },
    user: () => currentUser(),
    place: readPlace,
    setPlace({ lat, lng }) {
        sessionStorage.setItem(PLACE_KEY, JSON.stringify({ lat: Number(lat), lng: Number(lng) }));
    },
    navigate(hash) {
        if (location.hash === hash) {
            route();
        } else {
            location.hash = hash;
        }
    },
    /**
     * Resolves with the signed-in customer; until then shows the sign-in/sign-up panel in {@code target} under
     * {@code heading}.
     */
    requireSignIn(target, heading) {
        const user = currentUser();
        if (isCustomer(user)) {
            return Promise.resolve(user);
        }
        return new Promise(resolve => {
            const panel = el('section', { class: 'panel narrow', 'aria-label': heading });
            target.replaceChildren(panel);
            accountPanel(panel, {
                role: 'CUSTOMER', title: heading, who: 'customers',
                onSignedIn: signedIn => {
                    showWho();
                    ctx.refreshCartCount();
                    resolve(signedIn);
                }
            });
            focusHeading(target);
        });
    },
    announce(text) {
        const announcer = $('announcer');
        // the same words twice in a row are read again only if the region changes in between
        announcer.textContent = '';
        setTimeout(() => {
            announcer.textContent = text;
        }, 50);
    },
    onLeave(fn) {
        leaving.push(fn);
    },
    async refreshCartCount(settled = false, attempt = 1) {
        // answers may come back out of order: only the latest question's answer is shown
        const mine = ++cartCounts;
        let count = 0;
        let checkingOut = false;
        if (isCustomer(currentUser())) {
            try {
                const cart = await api('GET', '/carts/me');
                count = cart.totalItems || 0;
                checkingOut = cart.status === 'CHECKOUT_IN_PROGRESS';
            } catch {
                count = 0; // no cart (404) or not reachable: nothing to show
            }
        }
        if (mine !== cartCounts) {
            return;
        }
        if (settled && checkingOut && attempt < 6) {
            // a payment just settled: its cart is cleared (or let go) a moment after the order shows it
            setTimeout(() => ctx.refreshCartCount(true, attempt + 1), 500 * attempt);
        }
        const badge = $('cart-count');
        badge.textContent = String(count);
        badge.setAttribute('aria-label', count === 1 ? '1 item' : `${count} items`);
        badge.dataset.count = String(count);
    }
};

function focusHeading(target) {
    const heading = target.querySelector('h1, h2, h3');
    if (heading) {
        if (!heading.hasAttribute('tabindex')) {
            heading.setAttribute('tabindex', '-1');
        }
        heading.focus({ preventScroll: false });
    }
}

function showWho() {
    const user = currentUser();
    $('who').hidden = !user;
    $('who').textContent = user ? user.email : '';
    $('sign-out').hidden = !user;
    $('sign-in').hidden = Boolean(user);
}

async function renderSignIn() {
    await ctx.requireSignIn(view, 'Sign in to order');
    ctx.navigate('#/');
}

async function route() {
    const mine = ++generation;
    const stopping = leaving;
    leaving = [];
    stopping.forEach(fn => {
        try {
            fn();
        } catch {
            // a view's clean-up must not stop the next view
        }
    });
    const path = (location.hash || '#/').slice(1) || '/';
    let match = null;
    let found = ROUTES.find(([pattern]) => (match = path.match(pattern)));
    if (!found) {
        found = ROUTES[0];
        match = ['/'];
    }
    const [, render, section] = found;
    document.querySelectorAll('.app-nav a').forEach(link => {
        if (link.dataset.route === section) {
            link.setAttribute('aria-current', 'page');
        } else {
            link.removeAttribute('aria-current');
        }
    });
    view.replaceChildren();
    showWho();
    try {
        const drawing = render(...match.slice(1).map(decodeURIComponent));
        focusHeading(view);
        await drawing;
    } catch (problem) {
        if (mine === generation) {
            view.replaceChildren(el('section', { class: 'panel' }, el('h2', {}, 'Something went wrong'),
                el('p', { class: 'form-error', role: 'alert' }, problem.detail || problem.message || String(problem))));
        }
    }
    if (mine === generation && !view.contains(document.activeElement)) {
        focusHeading(view);
    }
}

$('sign-out').addEventListener('click', async () => {
    await logout();
});

onSignedOut(() => {
    showWho();
    ctx.refreshCartCount();
    route();
});

window.addEventListener('hashchange', route);

(async () => {
    try {
        ctx.settings = await publicApi('GET', '/pages/settings');
    } catch {
        ctx.settings = { map: {} }; // without settings the maps draw without tiles
    }
    showWho();
    ctx.refreshCartCount();
    route();
})();
