// Checkout: the cart priced by the API (promo code, fees, total), the delivery address, the order placed with an
// Idempotency-Key, then the card paid: against the sandbox this app serves with its publishable key, or against
// Stripe with Stripe.js (the card's details then go to Stripe only, never to us).
import { Problem, api, clearProblem, el, money, showProblem } from '/assets/dabba.js';

// An order placed but not paid yet, by cart: coming back to checkout shows its card form again (the cart stays
// locked until the order is paid or its payment fails).
const PENDING_KEY = 'dabba.customer.pending-payment';

const REASONS = {
    UNAVAILABLE: 'is not available any more',
    REMOVED: 'was taken off the menu',
    PRICE_CHANGED: 'has a new price'
};

function newKey() {
    if (crypto.randomUUID) {
        return crypto.randomUUID();
    }
    // crypto.randomUUID needs a secure context; a page on a plain-http address still gets a random key
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}

function field(label, name, attributes = {}) {
    const id = `checkout-${name.replace(/\W/g, '-')}`;
    return el('div', {},
        el('label', { for: id }, label),
        el('input', Object.assign({ id, name }, attributes)),
        el('p', { class: 'field-error', 'data-error-for': name }));
}

function readPending(cartId) {
    try {
        const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY));
        return pending && pending.cartId === cartId ? pending : null;
    } catch {
        return null;
    }
}

export async function renderCheckout(view, ctx) {
    await ctx.requireSignIn(view, 'Sign in to check out');
    const section = el('section', { class: 'panel checkout', 'aria-labelledby': 'checkout-title' },
        el('h2', { id: 'checkout-title' }, 'Checkout'));
    view.replaceChildren(section);

    let cart;
    try {
        cart = await api('GET', '/carts/me');
    } catch (problem) {
        if (problem.status !== 404) {
            throw problem;
        }
        cart = null;
    }
    if (!cart || !cart.items || cart.items.length === 0) {
        section.append(el('p', {}, 'Your cart is empty. ', el('a', { href: '#/' }, 'Find food')));
        return;
    }

    const pending = readPending(cart.cartId);
    if (pending && cart.status === 'CHECKOUT_IN_PROGRESS') {
        const status = await api('GET', `/orders/${pending.orderId}/status`).catch(() => null);
        if (status && status.status === 'PAYMENT_PENDING') {
            section.append(el('p', {}, 'Your order is placed and waits for its payment.'));
            renderPayment(section, ctx, pending);
            return;
        }
    }

    const place = ctx.place() || {};
    let promoCode = null;

    // ---- The summary, priced by the API for the delivery point (and the promo code, once applied).
    const summary = el('section', { class: 'summary', 'aria-labelledby': 'summary-title', 'aria-busy': 'true' },
        el('h3', { id: 'summary-title' }, 'Your order'));
    const summaryBody = el('div', { id: 'summary' });
    const summaryProblem = el('div', { class: 'form-error', id: 'summary-problem', role: 'alert' });
    summary.append(summaryBody, summaryProblem);

    const promoForm = el('form', { id: 'promo-form', class: 'inline-form', novalidate: true },
        field('Promo code', 'promoCode', { autocomplete: 'off', maxlength: '40', autocapitalize: 'characters' }),
        el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'secondary' }, 'Apply code')));

    const addressForm = el('form', { id: 'checkout-form', novalidate: true },
        el('fieldset', {},
            el('legend', {}, 'Delivery address'),
            field('Street', 'deliveryAddress.street', { autocomplete: 'street-address', required: true, maxlength: '200' }),
            field('City', 'deliveryAddress.city', { autocomplete: 'address-level2', required: true, maxlength: '100' }),
            field('ZIP code', 'deliveryAddress.zipCode', { autocomplete: 'postal-code', required: true, maxlength: '20' }),
            el('div', { class: 'pair' },
                field('Latitude', 'deliveryAddress.latitude', { inputmode: 'decimal', required: true,
                    value: place.lat ?? '' }),
                field('Longitude', 'deliveryAddress.longitude', { inputmode: 'decimal', required: true,
                    value: place.lng ?? '' }))),
        el('fieldset', {},
            el('legend', {}, 'Payment'),
            el('label', { class: 'choice' },
                el('input', { type: 'radio', name: 'paymentMethod', value: 'CARD', checked: true }), ' Card'),
            el('p', { class: 'field-error', 'data-error-for': 'paymentMethod' })),
        el('p', { class: 'form-error', 'data-error-for': '', role: 'alert' }),
        el('div', { class: 'actions' }, el('button', { type: 'submit', id: 'place-order' }, 'Place order')));

    section.append(summary, promoForm, addressForm);
    const placeButton = addressForm.querySelector('#place-order');

    function point() {
        const lat = Number(addressForm.elements['deliveryAddress.latitude'].value);
        const lng = Number(addressForm.elements['deliveryAddress.longitude'].value);
        const given = addressForm.elements['deliveryAddress.latitude'].value.trim() !== ''
            && addressForm.elements['deliveryAddress.longitude'].value.trim() !== '';
        return given && Number.isFinite(lat) && Number.isFinite(lng) ? { lat, lng } : null;
    }

    function drawSummary(priced) {
        const pricing = priced.pricing;
        const currency = pricing.currency;
        const row = (label, amount, extra = {}) => el('div', Object.assign({ class: 'row' }, extra),
            el('dt', {}, label), el('dd', {}, money(amount, currency)));
        const lines = el('ul', { class: 'lines' }, priced.items.map(line => el('li', {},
            el('span', {}, `${line.quantity} × ${line.name}`), el('span', {}, money(line.lineTotal, currency)))));
        const totals = el('dl', { class: 'totals' },
            row('Subtotal', pricing.subtotal),
            Number(pricing.discount) > 0 ? row(`Discount${priced.promoCode ? ` (${priced.promoCode})` : ''}`,
                -Number(pricing.discount), { class: 'row discount' }) : null,
            row('Tax', pricing.tax),
            row('Platform fee', pricing.platformFee),
            row('Delivery fee', pricing.deliveryFee),
            row('Total', pricing.total, { class: 'row total' }));
        summaryBody.replaceChildren(lines, totals, priced.estimatedDeliveryMinutes
            ? el('p', { class: 'muted' }, `Delivered in about ${priced.estimatedDeliveryMinutes} minutes`) : null);
    }

    function drawProblem(problem) {
        const stale = problem.body && Array.isArray(problem.body.items) ? problem.body.items : [];
        summaryProblem.replaceChildren(el('strong', {}, problem.title),
            problem.detail && problem.detail !== problem.title ? el('span', {}, ` ${problem.detail}`) : null,
            stale.length ? el('ul', { class: 'stale' }, stale.map(item => el('li', {},
                `${item.name} ${REASONS[item.reason] || item.reason}`))) : null);
    }

    /** Prices the cart again; a promo code that does not apply is shown next to its field and left out. */
    async function price(withPromo) {
        clearProblem(promoForm);
        summaryProblem.replaceChildren();
        const at = point();
        if (!at) {
            summaryBody.replaceChildren(el('p', { class: 'muted' },
                'Give the delivery point (latitude and longitude) to see the fees and the total.'));
            placeButton.disabled = false;
            summary.setAttribute('aria-busy', 'false');
            return;
        }
        summary.setAttribute('aria-busy', 'true');
        const query = new URLSearchParams({ cartId: cart.cartId, lat: at.lat, long: at.lng });
        if (withPromo) {
            query.set('promoCode', withPromo);
        }
        try {
            const priced = await api('GET', `/checkout/summary?${query}`);
            promoCode = withPromo;
            drawSummary(priced);
            placeButton.disabled = false;
        } catch (problem) {
            if (withPromo && problem.status === 422 && /promo/.test(problem.type)) {
                showProblem(promoForm, problem, 'promoCode');
                await price(promoCode);
                return;
            }
            drawProblem(problem);
            // a cart the menu no longer matches cannot be ordered until it is fixed in the cart
            placeButton.disabled = problem.status === 409;
            if (problem.status === 409) {
                summaryProblem.append(el('p', {}, el('a', { href: '#/cart' }, 'Back to the cart')));
            }
        } finally {
            summary.setAttribute('aria-busy', 'false');
        }
    }

    promoForm.addEventListener('submit', async event => {
        event.preventDefault();
        const code = promoForm.elements.promoCode.value.trim();
        await price(code || null);
        if (code && promoCode === code) {
            ctx.announce(`Promo code ${code.toUpperCase()} applied`);
        }
    });
    for (const name of ['deliveryAddress.latitude', 'deliveryAddress.longitude']) {
        addressForm.elements[name].addEventListener('change', () => price(promoCode));
    }

    // One key per checkout: sent again if the answer was lost, a new one after the API refused the checkout.
    let idempotencyKey = newKey();
    addressForm.addEventListener('submit', async event => {
        event.preventDefault();
        clearProblem(addressForm);
        const value = name => addressForm.elements[name].value.trim();
        const number = name => (value(name) === '' ? null : Number(value(name)));
        const body = {
            cartId: cart.cartId,
            deliveryAddress: {
                street: value('deliveryAddress.street'),
                city: value('deliveryAddress.city'),
                zipCode: value('deliveryAddress.zipCode'),
                latitude: number('deliveryAddress.latitude'),
                longitude: number('deliveryAddress.longitude')
            },
            paymentMethod: 'CARD',
            promoCode
        };
        placeButton.disabled = true;
        try {
            const placed = await api('POST', '/orders/checkout', body, { 'Idempotency-Key': idempotencyKey });
            const payment = { cartId: cart.cartId, orderId: placed.orderId, clientSecret: placed.clientSecret,
                paymentIntentId: placed.paymentIntentId, amount: placed.amount, currency: placed.currency };
            sessionStorage.setItem(PENDING_KEY, JSON.stringify(payment));
            ctx.setPlace({ lat: body.deliveryAddress.latitude, lng: body.deliveryAddress.longitude });
            promoForm.remove();
            addressForm.remove();
            ctx.announce('Order placed. Now pay for it.');
            renderPayment(section, ctx, payment);
        } catch (problem) {
            if (problem.status !== 0) {
                idempotencyKey = newKey();
            }
            if (problem.status === 409 || (problem.status === 422 && !Object.keys(problem.fields).length)) {
                drawProblem(problem);
            }
            showProblem(addressForm, problem);
            placeButton.disabled = false;
        }
    });

    await price(null);
}

/** The card form for a placed order; paid, it goes to the order's page. */
function renderPayment(section, ctx, payment) {
    const settings = (ctx.settings && ctx.settings.payments) || {};
    const pay = el('section', { class: 'pay', 'aria-labelledby': 'pay-title' },
        el('h3', { id: 'pay-title', tabindex: '-1' }, 'Pay by card'),
        el('p', {}, 'Amount due: ', el('strong', { class: 'amount-due' }, money(payment.amount, payment.currency))));
    section.append(pay);
    if (!settings.publishableKey) {
        pay.append(el('p', { class: 'form-error', role: 'alert' },
            'Card payments are not set up on this installation. Your order waits for its payment; ask the operator.'));
        pay.querySelector('h3').focus();
        return;
    }
    if (settings.gateway === 'stripe') {
        payWithStripe(pay, ctx, payment, settings);
    } else {
        payWithSandbox(pay, ctx, payment, settings);
    }
    pay.querySelector('h3').focus();
}

function paid(ctx, payment) {
    sessionStorage.removeItem(PENDING_KEY);
    ctx.announce('Payment accepted');
    ctx.refreshCartCount(true);
    ctx.navigate(`#/orders/${payment.orderId}`);
}

/**
 * After a decline the order's payment fails (the gateway tells the app), and the cart is let go for another
 * checkout: wait for that, then start checkout again.
 */
async function afterDecline(pay, ctx, payment) {
    sessionStorage.removeItem(PENDING_KEY);
    const again = el('button', { type: 'button', class: 'secondary' }, 'Try again with another card');
    const order = el('a', { href: `#/orders/${payment.orderId}` }, 'See the order');
    pay.append(el('div', { class: 'actions' }, again, order));
    again.addEventListener('click', async () => {
        again.disabled = true;
        for (let i = 0; i < 20; i++) {
            const status = await api('GET', `/orders/${payment.orderId}/status`).catch(() => null);
            if (!status || status.status !== 'PAYMENT_PENDING') {
                break;
            }
            await new Promise(resolve => setTimeout(resolve, 500));
        }
        ctx.navigate('#/checkout');
    });
}

// The sandbox's Stripe-shaped card errors name the parameter; each is shown next to its field.
const CARD_FIELDS = {
    'payment_method_data[card][number]': 'number',
    'payment_method_data[card][exp_month]': 'expiry',
    'payment_method_data[card][exp_year]': 'expiry',
    'payment_method_data[card][cvc]': 'cvc'
};

function payWithSandbox(pay, ctx, payment, settings) {
    const form = el('form', { id: 'card-form', novalidate: true },
        field('Card number', 'number', { inputmode: 'numeric', autocomplete: 'cc-number', required: true,
            maxlength: '23' }),
        el('div', { class: 'pair' },
            field('Expiry (MM/YY)', 'expiry', { inputmode: 'numeric', autocomplete: 'cc-exp', required: true,
                placeholder: 'MM/YY', maxlength: '7' }),
            field('CVC', 'cvc', { inputmode: 'numeric', autocomplete: 'cc-csc', required: true, maxlength: '4' })),
        el('p', { class: 'hint muted' }, 'Test cards: 4242 4242 4242 4242 is paid, 4000 0000 0000 0002 is declined; '
            + 'any future expiry and any CVC.'),
        el('p', { class: 'form-error', 'data-error-for': '', role: 'alert' }),
        el('div', { class: 'actions' }, el('button', { type: 'submit' }, 'Pay')));
    pay.append(form);
    const button = form.querySelector('button[type=submit]');
    form.addEventListener('submit', async event => {
        event.preventDefault();
        clearProblem(form);
        const [month, year] = form.elements.expiry.value.split('/').map(part => part.trim());
        const body = new URLSearchParams({
            client_secret: payment.clientSecret,
            'payment_method_data[type]': 'card',
            'payment_method_data[card][number]': form.elements.number.value.replace(/\s+/g, ''),
            'payment_method_data[card][exp_month]': month || '',
            'payment_method_data[card][exp_year]': year || '',
            'payment_method_data[card][cvc]': form.elements.cvc.value.trim()
        });
        button.disabled = true;
        let answer;
        let json = {};
        try {
            answer = await fetch(`${settings.apiBase}/v1/payment_intents/${encodeURIComponent(payment.paymentIntentId)}/confirm`, {
                method: 'POST',
                headers: { Authorization: `Bearer ${settings.publishableKey}`,
                    'Content-Type': 'application/x-www-form-urlencoded' },
                body
            });
            json = await answer.json().catch(() => ({}));
        } catch {
            showProblem(form, new Problem({ title: 'No connection',
                detail: 'The payment could not be sent. Check the connection and try again.' }));
            button.disabled = false;
            return;
        }
        if (answer.ok && json.status === 'succeeded') {
            paid(ctx, payment);
            return;
        }
        const error = json.error || {};
        const message = error.message || 'The payment did not go through.';
        const name = CARD_FIELDS[error.param] || (error.type === 'card_error' ? 'number' : '');
        showProblem(form, new Problem({ status: answer.status, title: message, detail: message }), name);
        if (error.code === 'card_declined') {
            form.querySelectorAll('input, button').forEach(input => {
                input.disabled = true;
            });
            ctx.announce(message);
            await afterDecline(pay, ctx, payment);
            return;
        }
        button.disabled = false;
    });
}

/** Stripe.js, loaded once from Stripe: the one script from elsewhere, so that card data never reaches this app. */
let stripeJs = null;
function loadStripe() {
    if (!stripeJs) {
        stripeJs = new Promise((resolve, reject) => {
            const script = el('script', { src: 'https://js.stripe.com/v3/' });
            script.addEventListener('load', () => resolve(window.Stripe));
            script.addEventListener('error', () => {
                stripeJs = null;
                reject(new Error('Stripe could not be reached. Check the connection and try again.'));
            });
            document.head.append(script);
        });
    }
    return stripeJs;
}

async function payWithStripe(pay, ctx, payment, settings) {
    const form = el('form', { id: 'card-form', novalidate: true },
        el('label', { id: 'card-element-label' }, 'Card'),
        el('div', { id: 'card-element', class: 'stripe-card', 'aria-labelledby': 'card-element-label' }),
        el('p', { class: 'field-error', 'data-error-for': 'number', role: 'alert' }),
        el('p', { class: 'form-error', 'data-error-for': '', role: 'alert' }),
        el('div', { class: 'actions' }, el('button', { type: 'submit', disabled: true }, 'Pay')));
    pay.append(form);
    const button = form.querySelector('button[type=submit]');
    let stripe;
    let card;
    try {
        const Stripe = await loadStripe();
        stripe = Stripe(settings.publishableKey);
        card = stripe.elements().create('card');
        card.mount(form.querySelector('#card-element'));
        button.disabled = false;
    } catch (failure) {
        showProblem(form, new Problem({ title: failure.message, detail: failure.message }));
        return;
    }
    form.addEventListener('submit', async event => {
        event.preventDefault();
        clearProblem(form);
        button.disabled = true;
        const { error, paymentIntent } = await stripe.confirmCardPayment(payment.clientSecret,
            { payment_method: { card } });
        if (!error && paymentIntent && paymentIntent.status === 'succeeded') {
            paid(ctx, payment);
            return;
        }
        const message = (error && error.message) || 'The payment did not go through.';
        showProblem(form, new Problem({ title: message, detail: message }), 'number');
        if (error && error.code === 'card_declined') {
            ctx.announce(message);
            await afterDecline(pay, ctx, payment);
            return;
        }
        button.disabled = false;
    });
}
