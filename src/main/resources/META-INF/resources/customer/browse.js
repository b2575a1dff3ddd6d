// Finding food: restaurants that deliver to the customer's point, a restaurant's menu, and the cart.
import { api, clearProblem, el, money, publicApi, showProblem } from '/assets/dabba.js';
import { distanceKm, placeMap } from '/assets/map.js';

const FIND_KEY = 'dabba.customer.find';
// Before a point is chosen the map shows the whole country, so that a click lands somewhere sensible.
const COUNTRY = { lat: 22.5, lon: 79.0, reachKm: 1100 };
// Dashed rings on the map: how far the restaurants are from the delivery point.
const RINGS = [2, 5];
// The widest page the search API gives; the minimum-rating filter works on it.
const PAGE_SIZE = 50;
const MAX_QUANTITY = 50;

const SORTS = [
    ['relevance', 'Best match'], ['distance', 'Distance'], ['rating', 'Rating'], ['popularity', 'Popularity'],
    ['delivery_time', 'Delivery time']
];
const RATINGS = [['', 'Any rating'], ['3', '3 ★ and up'], ['3.5', '3.5 ★ and up'], ['4', '4 ★ and up'],
    ['4.5', '4.5 ★ and up']];

let ids = 0;

function readFind() {
    try {
        return Object.assign({ query: '', veg: false, minRating: '', sort: 'relevance' },
            JSON.parse(sessionStorage.getItem(FIND_KEY)) || {});
    } catch {
        return { query: '', veg: false, minRating: '', sort: 'relevance' };
    }
}

function saveFind(state) {
    sessionStorage.setItem(FIND_KEY, JSON.stringify(state));
}

function errorSlot(name, attributes = {}) {
    return el('p', Object.assign({ class: 'field-error', 'data-error-for': name }, attributes));
}

function time(instant) {
    return new Date(instant).toLocaleString([], { weekday: 'short', hour: '2-digit', minute: '2-digit' });
}

function rating(value, count) {
    if (!value) {
        return 'No ratings yet';
    }
    const text = `★ ${Number(value).toFixed(1)}`;
    return count ? `${text} (${count})` : text;
}

function openBadge(openNow, opensAt) {
    if (openNow) {
        return el('span', { class: 'badge ok' }, 'Open now');
    }
    return el('span', { class: 'badge bad' }, opensAt ? `Closed · opens ${time(opensAt)}` : 'Closed');
}

// ---- Find: the delivery point, the search and the results

export async function renderFind(view, ctx) {
    const state = readFind();
    const key = `find-${++ids}`;

    const pointForm = el('form', { id: `${key}-point`, class: 'point-form', novalidate: true },
        el('div', { class: 'actions' },
            el('button', { type: 'button', class: 'secondary', id: 'use-location' }, 'Use my location')),
        errorSlot('geolocation', { role: 'alert' }),
        el('div', { class: 'coords' },
            el('div', {},
                el('label', { for: `${key}-lat` }, 'Latitude'),
                el('input', { id: `${key}-lat`, name: 'lat', type: 'number', step: 'any', min: '-90', max: '90',
                    inputmode: 'decimal', required: true }),
                errorSlot('lat')),
            el('div', {},
                el('label', { for: `${key}-long` }, 'Longitude'),
                el('input', { id: `${key}-long`, name: 'long', type: 'number', step: 'any', min: '-180',
                    max: '180', inputmode: 'decimal', required: true }),
                errorSlot('long')),
            el('button', { type: 'submit' }, 'Deliver here')),
        el('p', { class: 'form-error', 'data-error-for': '', role: 'alert' }),
        el('p', { class: 'muted hint', id: `${key}-map-hint` }, 'Or click the map to choose where to deliver.'));

    const mapBox = el('div', { class: 'map-box' });
    const pointLine = el('p', { class: 'point-line', id: 'delivery-point' });

    const searchForm = el('form', { id: `${key}-search`, class: 'search-form', role: 'search', novalidate: true },
        el('div', { class: 'search-row' },
            el('div', {},
                el('label', { for: `${key}-query` }, 'Dish or restaurant'),
                el('input', { id: `${key}-query`, name: 'query', type: 'search', maxlength: '100',
                    autocomplete: 'off', value: state.query })),
            el('button', { type: 'submit' }, 'Search')),
        errorSlot('query'),
        el('fieldset', { class: 'filters' },
            el('legend', { class: 'visually-hidden' }, 'Filters'),
            el('div', { class: 'check' },
                el('input', { id: `${key}-veg`, name: 'veg', type: 'checkbox', checked: state.veg }),
                el('label', { for: `${key}-veg` }, 'Veg only')),
            el('div', {},
                el('label', { for: `${key}-rating` }, 'Minimum rating'),
                el('select', { id: `${key}-rating`, name: 'minRating' },
                    RATINGS.map(([value, text]) => el('option', { value, selected: value === state.minRating },
                        text)))),
            el('div', {},
                el('label', { for: `${key}-sort` }, 'Sort by'),
                el('select', { id: `${key}-sort`, name: 'sort' },
                    SORTS.map(([value, text]) => el('option', { value, selected: value === state.sort }, text))))),
        el('p', { class: 'form-error', 'data-error-for': '', role: 'alert' }));

    const status = el('p', { id: 'results-status', role: 'status', class: 'muted' });
    const results = el('ul', { id: 'results', class: 'results', 'aria-labelledby': `${key}-results-title` });

    view.replaceChildren(
        el('section', { class: 'panel', 'aria-labelledby': `${key}-title` },
            el('h2', { id: `${key}-title` }, 'Find food near you'),
            pointLine, pointForm, mapBox),
        el('section', { class: 'panel', 'aria-labelledby': `${key}-results-title` },
            el('h2', { id: `${key}-results-title` }, 'Restaurants'),
            searchForm, status, results));

    const map = placeMap(mapBox, {
        label: 'Map of the delivery point and restaurants; click to choose where to deliver',
        onPick: (lat, lon) => choose(lat, lon, 'the map'),
        tileUrl: ctx.settings.map && ctx.settings.map.tileUrl,
        attribution: ctx.settings.map && ctx.settings.map.attribution
    });
    let found = [];
    let searchNumber = 0;

    function drawMap() {
        const place = ctx.place();
        if (!place) {
            map.show({ center: { lat: COUNTRY.lat, lon: COUNTRY.lon }, reachKm: COUNTRY.reachKm });
            return;
        }
        const here = { lat: place.lat, lon: place.lng };
        map.show({
            center: here, rings: RINGS,
            places: [Object.assign({ kind: 'you', label: 'Deliver here' }, here)].concat(found
                .filter(r => Number.isFinite(r.latitude) && Number.isFinite(r.longitude))
                .map(r => ({ lat: r.latitude, lon: r.longitude, kind: 'restaurant', label: r.name })))
        });
    }

    function showPoint() {
        const place = ctx.place();
        if (place) {
            pointForm.lat.value = String(place.lat);
            pointForm.long.value = String(place.lng);
            pointLine.replaceChildren('Delivering to ', el('strong', {},
                `${place.lat.toFixed(5)}, ${place.lng.toFixed(5)}`));
        } else {
            pointLine.textContent = 'Choose where to deliver: use your location, type its latitude and longitude, '
                + 'or click the map.';
        }
    }

    function choose(lat, lng, how) {
        ctx.setPlace({ lat, lng });
        clearProblem(pointForm);
        showPoint();
        ctx.announce(`Delivering to the point from ${how}. Looking for restaurants.`);
        search();
    }

    pointForm.addEventListener('submit', event => {
        event.preventDefault();
        clearProblem(pointForm);
        const lat = pointForm.lat.value.trim() === '' ? NaN : Number(pointForm.lat.value);
        const lng = pointForm.long.value.trim() === '' ? NaN : Number(pointForm.long.value);
        const fields = {};
        if (!(lat >= -90 && lat <= 90)) {
            fields.lat = 'Enter a latitude between -90 and 90.';
        }
        if (!(lng >= -180 && lng <= 180)) {
            fields.long = 'Enter a longitude between -180 and 180.';
        }
        if (Object.keys(fields).length) {
            showProblem(pointForm, { detail: 'Check the point.', fields });
            return;
        }
        choose(lat, lng, 'the coordinates you typed');
    });

    pointForm.querySelector('#use-location').addEventListener('click', event => {
        const button = event.currentTarget;
        clearProblem(pointForm);
        if (!('geolocation' in navigator)) {
            showProblem(pointForm, { detail: 'This browser cannot tell where you are: type the point or click '
                + 'the map.' }, 'geolocation');
            return;
        }
        button.disabled = true;
        button.textContent = 'Finding you…';
        navigator.geolocation.getCurrentPosition(position => {
            button.disabled = false;
            button.textContent = 'Use my location';
            choose(Math.round(position.coords.latitude * 1e6) / 1e6,
                Math.round(position.coords.longitude * 1e6) / 1e6, 'your location');
        }, failure => {
            button.disabled = false;
            button.textContent = 'Use my location';
            const why = failure.code === failure.PERMISSION_DENIED
                ? 'Your location is not shared with this page.' : 'Your location could not be found.';
            showProblem(pointForm, { detail: `${why} Type the point or click the map.` }, 'geolocation');
        }, { enableHighAccuracy: false, timeout: 15_000, maximumAge: 60_000 });
    });

    function readFilters() {
        return {
            query: searchForm.query.value.trim(), veg: searchForm.veg.checked,
            minRating: searchForm.minRating.value, sort: searchForm.sort.value
        };
    }

    searchForm.addEventListener('submit', event => {
        event.preventDefault();
        search();
    });
    // Filters apply at once; the text waits for Search (or Enter).
    for (const name of ['veg', 'minRating', 'sort']) {
        searchForm[name].addEventListener('change', () => search());
    }

    async function search() {
        const mine = ++searchNumber;
        clearProblem(searchForm);
        const filters = readFilters();
        saveFind(filters);
        const place = ctx.place();
        if (!place) {
            found = [];
            results.replaceChildren();
            status.textContent = 'Choose where to deliver to see the restaurants near you.';
            drawMap();
            return;
        }
        const params = new URLSearchParams({ lat: String(place.lat), long: String(place.lng),
            sort_by: filters.sort, size: String(PAGE_SIZE) });
        if (filters.query) {
            params.set('query', filters.query);
        }
        if (filters.veg) {
            params.set('veg', 'true');
        }
        status.textContent = 'Looking for restaurants…';
        results.setAttribute('aria-busy', 'true');
        let answer;
        try {
            answer = await publicApi('GET', `/search/restaurants?${params}`);
        } catch (problem) {
            if (mine !== searchNumber) {
                return;
            }
            results.removeAttribute('aria-busy');
            status.textContent = '';
            // the point's fields are lat and long; the text's is query, sort_by and veg belong to the filters
            if (problem.fields && (problem.fields.lat || problem.fields.long)) {
                showProblem(pointForm, problem);
            } else {
                showProblem(searchForm, problem, problem.fields && problem.fields.query ? 'query' : undefined);
            }
            return;
        }
        if (mine !== searchNumber) {
            return;
        }
        results.removeAttribute('aria-busy');
        // The API has no rating filter: the page keeps the hits at or above the chosen rating.
        const min = filters.minRating ? Number(filters.minRating) : 0;
        found = answer.results.filter(r => !min || Number(r.rating) >= min);
        results.replaceChildren(...found.map(resultCard));
        const count = found.length;
        status.textContent = count === 0
            ? (filters.query ? `No restaurant near you matches “${filters.query}”.`
                : 'No restaurant delivers here yet.')
            : `${count} ${count === 1 ? 'restaurant delivers' : 'restaurants deliver'} here`
                + (filters.query ? ` matching “${filters.query}”` : '') + '.';
        drawMap();
    }

    function resultCard(r) {
        const titleId = `restaurant-${r.restaurantId}-name`;
        const facts = [openBadge(r.openNow ?? r.isOpen, r.opensAt), el('span', {}, rating(r.rating))];
        if (r.distanceKm !== null && r.distanceKm !== undefined) {
            facts.push(el('span', {}, `${Number(r.distanceKm).toFixed(1)} km`));
        }
        if (r.estimatedDeliveryMinutes) {
            facts.push(el('span', {}, `about ${r.estimatedDeliveryMinutes} min`));
        }
        if (r.deliveryFee !== null && r.deliveryFee !== undefined) {
            facts.push(el('span', {}, `delivery ${money(r.deliveryFee)}`));
        }
        return el('li', { class: 'card restaurant-card', 'data-restaurant-id': r.restaurantId,
            'aria-labelledby': titleId },
        r.logoUrl ? el('img', { src: r.logoUrl, alt: '', class: 'logo', loading: 'lazy', width: 56, height: 56 })
            : el('span', { class: 'logo placeholder', 'aria-hidden': 'true' }, (r.name || '?').slice(0, 1)),
        el('div', {},
            el('h3', { id: titleId }, el('a', { href: `#/restaurants/${r.restaurantId}` }, r.name)),
            el('p', { class: 'facts' }, facts),
            r.matchedItems && r.matchedItems.length
                ? el('p', { class: 'muted matched' }, `Has ${r.matchedItems.map(m => m.name).join(', ')}`)
                : null));
    }

    showPoint();
    await search();
}

// ---- A restaurant's menu

export async function renderMenu(view, ctx, restaurantId) {
    const key = `menu-${++ids}`;
    const loading = el('section', { class: 'panel' }, el('h2', {}, 'Menu'), el('p', { role: 'status' }, 'Loading…'));
    view.replaceChildren(loading);
    let restaurant;
    let menu;
    try {
        [restaurant, menu] = await Promise.all([
            publicApi('GET', `/restaurants/${encodeURIComponent(restaurantId)}`),
            publicApi('GET', `/restaurants/${encodeURIComponent(restaurantId)}/menu`)
        ]);
    } catch (problem) {
        view.replaceChildren(el('section', { class: 'panel' }, el('h2', {}, 'Menu'),
            el('p', { class: 'form-error', role: 'alert' }, problem.status === 404
                ? 'This restaurant is not on Dabba (or not taking orders any more).' : problem.detail),
            el('p', {}, el('a', { href: '#/' }, 'Back to the restaurants'))));
        return;
    }

    // What the customer already has of each dish in this restaurant, to add to it.
    const inCart = new Map();
    const signInSlot = el('div', { class: 'sign-in-slot' });
    const cartBar = el('p', { class: 'cart-bar', id: 'menu-cart-bar', hidden: true });
    const dialog = replaceDialog(key);

    async function readCart() {
        inCart.clear();
        const user = ctx.user();
        if (!user || !user.roles.includes('CUSTOMER')) {
            return null;
        }
        try {
            const cart = await api('GET', '/carts/me');
            if (cart.restaurantId === restaurant.id) {
                for (const line of cart.items || []) {
                    inCart.set(line.itemId, (inCart.get(line.itemId) || 0) + line.quantity);
                }
            }
            return cart;
        } catch {
            return null;
        }
    }

    function showCartBar(cart) {
        if (!cart || !cart.totalItems) {
            cartBar.hidden = true;
            return;
        }
        cartBar.hidden = false;
        cartBar.replaceChildren(el('a', { href: '#/cart', class: 'button-link' },
            `View cart · ${cart.totalItems} ${cart.totalItems === 1 ? 'item' : 'items'} · `
            + money(cart.subtotal, cart.currency)));
    }

    function showInCart(card) {
        const count = inCart.get(card.dataset.itemId) || 0;
        const note = card.querySelector('.in-cart');
        note.textContent = count ? `In your cart: ${count}` : '';
    }

    const header = el('section', { class: 'panel restaurant-head', 'aria-labelledby': `${key}-title` },
        restaurant.logoUrl ? el('img', { src: restaurant.logoUrl, alt: '', class: 'logo', width: 72, height: 72 })
            : null,
        el('div', {},
            el('p', { class: 'back' }, el('a', { href: '#/' }, '← All restaurants')),
            el('h2', { id: `${key}-title` }, restaurant.name),
            restaurant.description ? el('p', {}, restaurant.description) : null,
            el('p', { class: 'facts' }, openBadge(restaurant.openNow, restaurant.opensAt),
                el('span', {}, rating(restaurant.rating, restaurant.ratingCount)),
                distanceLine(ctx, restaurant)),
            restaurant.address ? el('p', { class: 'muted' },
                `${restaurant.address.street}, ${restaurant.address.city}`) : null));

    const categories = (menu.categories || []).filter(c => (c.items || []).length);
    const nav = categories.length > 1 ? el('nav', { class: 'category-nav', 'aria-label': 'Menu categories' },
        categories.map((c, i) => el('button', { type: 'button', class: 'chip', onclick: () => {
            const heading = document.getElementById(`${key}-cat-${i}`);
            heading.scrollIntoView({ block: 'start' });
            heading.focus({ preventScroll: true });
        } }, c.name))) : null;

    const sections = categories.map((c, i) => el('section', { class: 'panel category',
        'aria-labelledby': `${key}-cat-${i}` },
    el('h3', { id: `${key}-cat-${i}`, tabindex: '-1' }, c.name),
    el('ul', { class: 'dishes' }, c.items.map(dish => dishCard(dish)))));

    function dishCard(dish) {
        const qtyId = `${key}-qty-${dish.id}`;
        const titleId = `${key}-dish-${dish.id}`;
        const available = dish.isAvailable !== false;
        const form = el('form', { class: 'add-form', id: `${key}-add-${dish.id}`, novalidate: true },
            el('div', {},
                el('label', { for: qtyId }, `Quantity of ${dish.name}`),
                el('input', { id: qtyId, name: 'quantity', type: 'number', min: '1', max: String(MAX_QUANTITY),
                    step: '1', inputmode: 'numeric', value: '1', required: true, disabled: !available })),
            el('button', { type: 'submit', disabled: !available }, `Add ${dish.name}`),
            errorSlot('quantity'),
            el('p', { class: 'field-error dish-problem', 'data-error-for': '', role: 'alert' }));
        const photo = dish.thumbnailUrl || dish.imageUrl;
        const card = el('li', { class: `dish${available ? '' : ' unavailable'}`, 'data-item-id': dish.id,
            'aria-labelledby': titleId },
        photo ? el('img', { src: photo, alt: `Photo of ${dish.name}`, class: 'dish-photo', loading: 'lazy',
            width: 96, height: 96 }) : null,
        el('div', { class: 'dish-body' },
            el('h4', { id: titleId }, dietMark(dish.type), ' ', dish.name),
            dish.description ? el('p', { class: 'muted' }, dish.description) : null,
            el('p', { class: 'price' }, money(dish.price),
                available ? null : el('span', { class: 'badge warn availability' }, 'Not available now')),
            el('p', { class: 'in-cart muted' }),
            form));
        form.addEventListener('submit', event => add(event, dish, card, form));
        return card;
    }

    async function add(event, dish, card, form) {
        event.preventDefault();
        clearProblem(form);
        const wanted = Number(form.quantity.value);
        if (!Number.isInteger(wanted) || wanted < 1 || wanted > MAX_QUANTITY) {
            showProblem(form, { detail: `Choose 1 to ${MAX_QUANTITY}.`,
                fields: { quantity: `Choose a quantity from 1 to ${MAX_QUANTITY}.` } });
            return;
        }
        const button = form.querySelector('button[type="submit"]');
        if (!ctx.user() || !ctx.user().roles.includes('CUSTOMER')) {
            signInSlot.scrollIntoView({ block: 'start' });
            await ctx.requireSignIn(signInSlot, `Sign in to add ${dish.name}`);
            signInSlot.replaceChildren();
            await readCart();
            sections.forEach(s => s.querySelectorAll('.dish').forEach(showInCart));
            button.focus();
        }
        const quantity = Math.min(MAX_QUANTITY, (inCart.get(dish.id) || 0) + wanted);
        button.disabled = true;
        try {
            await put(dish, quantity, false, form);
        } catch (problem) {
            if (problem.type && problem.type.endsWith('/cart-restaurant-conflict')) {
                const replace = await dialog.ask(dish, restaurant, problem.body.restaurantId);
                if (replace) {
                    try {
                        inCart.clear();
                        await put(dish, wanted, true, form);
                    } catch (again) {
                        showDishProblem(again, dish, card, form);
                    }
                } else {
                    ctx.announce('Your cart is kept as it was.');
                }
                button.focus();
            } else {
                showDishProblem(problem, dish, card, form);
            }
        } finally {
            button.disabled = card.classList.contains('unavailable');
        }

        async function put(d, q, replaceCart, f) {
            const body = { restaurantId: restaurant.id, itemId: d.id, quantity: q };
            if (replaceCart) {
                body.replaceCart = true;
            }
            const cart = await api('PUT', '/carts/items', body);
            inCart.clear();
            for (const line of cart.items || []) {
                inCart.set(line.itemId, (inCart.get(line.itemId) || 0) + line.quantity);
            }
            sections.forEach(s => s.querySelectorAll('.dish').forEach(showInCart));
            showCartBar(cart);
            f.quantity.value = '1';
            ctx.refreshCartCount();
            ctx.announce(`Added ${wanted} × ${d.name}. Your cart has ${cart.totalItems} `
                + `${cart.totalItems === 1 ? 'item' : 'items'}.`);
        }
    }

    function showDishProblem(problem, dish, card, form) {
        if (problem.type && problem.type.endsWith('/item-out-of-stock')) {
            card.classList.add('unavailable');
            form.quantity.disabled = true;
            const price = card.querySelector('.price');
            if (!price.querySelector('.availability')) {
                price.append(el('span', { class: 'badge warn availability' }, 'Not available now'));
            }
        }
        // the dish's id in the detail means nothing to a customer: the name beside it says which dish
        const detail = String(problem.detail || '').replace(/ \([0-9a-f-]{36}\)/gi, '');
        showProblem(form, { detail, fields: problem.fields || {} });
        ctx.announce(`${dish.name}: ${detail}`);
    }

    view.replaceChildren(...[header, signInSlot, nav, ...sections,
        categories.length ? null : el('section', { class: 'panel' }, el('p', {}, 'No dishes on the menu yet.')),
        cartBar, dialog.element].filter(Boolean));
    const cart = await readCart();
    sections.forEach(s => s.querySelectorAll('.dish').forEach(showInCart));
    showCartBar(cart);
}

function dietMark(type) {
    const veg = type === 'VEG';
    return el('span', { class: `diet ${veg ? 'veg' : 'non-veg'}`, title: veg ? 'Vegetarian' : 'Non-vegetarian' },
        el('span', { class: 'diet-dot', 'aria-hidden': 'true' }), veg ? 'Veg' : 'Non-veg');
}

function distanceLine(ctx, restaurant) {
    const place = ctx.place();
    if (!place || !restaurant.address) {
        return null;
    }
    const km = distanceKm({ lat: place.lat, lon: place.lng },
        { lat: restaurant.address.latitude, lon: restaurant.address.longitude });
    return el('span', {}, `${km.toFixed(1)} km from you`);
}

/** The question when a dish of another restaurant meets a cart: start a new cart, or keep the one there is. */
function replaceDialog(key) {
    const text = el('p', { id: `${key}-replace-text` });
    const keep = el('button', { type: 'button', class: 'secondary', value: 'keep' }, 'Keep my cart');
    const replace = el('button', { type: 'button', value: 'replace' }, 'Start a new cart');
    const element = el('dialog', { class: 'replace-dialog', 'aria-labelledby': `${key}-replace-title`,
        'aria-describedby': `${key}-replace-text` },
    el('h2', { id: `${key}-replace-title` }, 'Start a new cart?'), text,
    el('div', { class: 'actions' }, replace, keep));
    let answer = null;
    keep.addEventListener('click', () => element.close('keep'));
    replace.addEventListener('click', () => element.close('replace'));
    return {
        element,
        async ask(dish, restaurant, otherRestaurantId) {
            let other = 'another restaurant';
            try {
                other = (await publicApi('GET', `/restaurants/${otherRestaurantId}`)).name;
            } catch {
                // its name is a courtesy; the question stands without it
            }
            text.textContent = `Your cart has dishes from ${other}. A cart holds one restaurant's dishes: start a `
                + `new cart with ${dish.name} from ${restaurant.name}, or keep your cart as it is.`;
            return new Promise(resolve => {
                answer = resolve;
                element.returnValue = 'keep';
                element.addEventListener('close', () => answer(element.returnValue === 'replace'), { once: true });
                element.showModal();
                keep.focus();
            });
        }
    };
}

// ---- The cart

export async function renderCart(view, ctx) {
    const key = `cart-${++ids}`;
    view.replaceChildren(el('section', { class: 'panel' }, el('h2', {}, 'Your cart')));
    await ctx.requireSignIn(view, 'Sign in to see your cart');
    const section = el('section', { class: 'panel cart', 'aria-labelledby': `${key}-title` },
        el('h2', { id: `${key}-title` }, 'Your cart'));
    view.replaceChildren(section);
    const body = el('div', { 'aria-live': 'polite' });
    section.append(body);

    let cart;
    try {
        cart = await api('GET', '/carts/me');
    } catch (problem) {
        if (problem.status === 404) {
            return empty();
        }
        body.replaceChildren(el('p', { class: 'form-error', role: 'alert' }, problem.detail));
        return;
    }
    let restaurant = null;
    try {
        restaurant = await publicApi('GET', `/restaurants/${cart.restaurantId}`);
    } catch {
        // the lines and totals still stand without the restaurant's name
    }
    draw();

    function empty() {
        body.replaceChildren(el('p', { id: 'cart-empty' }, 'Your cart is empty.'),
            el('p', {}, el('a', { href: '#/', class: 'button-link' }, 'Find food')));
        ctx.refreshCartCount();
    }

    function draw() {
        const locked = cart.status === 'CHECKOUT_IN_PROGRESS';
        const lines = el('ul', { class: 'cart-lines', id: 'cart-lines' }, cart.items.map(line => lineCard(line,
            locked)));
        const totals = el('dl', { class: 'totals', id: 'cart-totals' },
            el('dt', {}, 'Subtotal'), el('dd', { 'data-total': 'subtotal' }, money(cart.subtotal, cart.currency)));
        const pricing = el('div', { class: 'pricing' });
        body.replaceChildren(...[
            restaurant ? el('p', {}, 'From ', el('a', { href: `#/restaurants/${restaurant.id}` }, restaurant.name))
                : null,
            locked ? el('p', { class: 'badge warn' }, 'This cart is being checked out: it cannot change now.') : null,
            lines, totals, pricing,
            el('div', { class: 'actions' },
                el('a', { href: '#/checkout', class: 'button-link', id: 'checkout-link' }, 'Checkout'),
                restaurant ? el('a', { href: `#/restaurants/${restaurant.id}`, class: 'button-link secondary' },
                    'Add more dishes') : null)].filter(Boolean));
        priceIt(pricing);
    }

    /** With a delivery point, the API's full price of the cart (taxes, fees) and anything stale in it. */
    async function priceIt(pricing) {
        const place = ctx.place();
        if (!place) {
            pricing.replaceChildren(el('p', { class: 'muted' },
                'Delivery fee, taxes and the total follow once you choose where to deliver (Find food).'));
            return;
        }
        const params = new URLSearchParams({ cartId: cart.cartId, lat: String(place.lat), long: String(place.lng) });
        try {
            const summary = await api('GET', `/checkout/summary?${params}`);
            const p = summary.pricing;
            const row = (name, label, value) => [el('dt', {}, label), el('dd', { 'data-total': name },
                money(value, p.currency))];
            pricing.replaceChildren(el('dl', { class: 'totals' },
                Number(p.discount) ? row('discount', 'Discount', -Number(p.discount)) : null,
                row('tax', 'Tax', p.tax), row('platformFee', 'Platform fee', p.platformFee),
                row('deliveryFee', 'Delivery fee', p.deliveryFee),
                el('dt', { class: 'grand' }, 'Total'),
                el('dd', { class: 'grand', 'data-total': 'total' }, money(p.total, p.currency))));
        } catch (problem) {
            const stale = problem.body && Array.isArray(problem.body.items) ? problem.body.items : [];
            for (const item of stale) {
                const card = body.querySelector(`[data-item-id="${CSS.escape(item.itemId)}"]`);
                if (card) {
                    card.querySelector('.line-problem').textContent = staleReason(item, cart.currency);
                }
            }
            pricing.replaceChildren(el('p', { class: 'form-error', role: 'alert', id: 'cart-problem' },
                problem.detail));
        }
    }

    function lineCard(line, locked) {
        const qtyId = `${key}-qty-${line.itemId}-${line.specialInstructions || ''}`.replace(/[^\w-]/g, '-');
        const form = el('form', { class: 'line-form', novalidate: true },
            el('div', {},
                el('label', { for: qtyId }, `Quantity of ${line.name}`),
                el('input', { id: qtyId, name: 'quantity', type: 'number', min: '1', max: String(MAX_QUANTITY),
                    step: '1', inputmode: 'numeric', value: String(line.quantity), required: true,
                    disabled: locked })),
            el('button', { type: 'submit', class: 'secondary', disabled: locked }, `Update ${line.name}`),
            el('button', { type: 'button', class: 'danger', disabled: locked, onclick: () => remove(line, form) },
                `Remove ${line.name}`),
            errorSlot('quantity'),
            el('p', { class: 'field-error line-problem', 'data-error-for': '', role: 'alert' }));
        form.addEventListener('submit', event => change(event, line, form));
        return el('li', { class: 'cart-line', 'data-item-id': line.itemId },
            el('div', { class: 'line-head' },
                el('h3', {}, line.name),
                el('span', { class: 'line-total' }, money(line.lineTotal, cart.currency))),
            el('p', { class: 'muted' }, `${money(line.unitPrice, cart.currency)} each`,
                line.specialInstructions ? ` · “${line.specialInstructions}”` : ''),
            form);
    }

    async function change(event, line, form) {
        event.preventDefault();
        clearProblem(form);
        const quantity = Number(form.quantity.value);
        if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
            showProblem(form, { detail: 'Check the quantity.',
                fields: { quantity: `Choose a quantity from 1 to ${MAX_QUANTITY}, or remove the dish.` } });
            return;
        }
        await work(form, async () => {
            cart = await api('PUT', '/carts/items', { restaurantId: cart.restaurantId, itemId: line.itemId,
                quantity, specialInstructions: line.specialInstructions || undefined });
            ctx.announce(`${line.name}: ${quantity}.`);
        });
    }

    async function remove(line, form) {
        clearProblem(form);
        await work(form, async () => {
            const params = new URLSearchParams({ specialInstructions: line.specialInstructions || '' });
            const answer = await api('DELETE', `/carts/${cart.cartId}/items/${line.itemId}?${params}`);
            ctx.announce(`${line.name} removed.`);
            cart = answer;
        });
    }

    async function work(form, call) {
        form.querySelectorAll('button').forEach(b => { b.disabled = true; });
        try {
            await call();
        } catch (problem) {
            form.querySelectorAll('button').forEach(b => { b.disabled = false; });
            showProblem(form, problem);
            return;
        }
        ctx.refreshCartCount();
        if (!cart) {
            empty();
            section.querySelector('h2').focus();
            return;
        }
        draw();
        section.querySelector('h2').setAttribute('tabindex', '-1');
        section.querySelector('h2').focus();
    }
}

function staleReason(item, currency) {
    switch (item.reason) {
        case 'UNAVAILABLE':
            return `${item.name} is not available now: remove it to check out.`;
        case 'REMOVED':
            return `${item.name} is no longer on the menu: remove it to check out.`;
        case 'PRICE_CHANGED':
            return `${item.name} now costs ${money(item.currentPrice, currency)} (was ${money(item.cartPrice,
                currency)}): update it to check out at the new price.`;
        default:
            return item.reason || '';
    }
}
