// A restaurant's details: the registration form, and the profile form where the owner changes what may change
// (name, licence and GST are checked by Dabba and stay as registered).
import { api, el } from '/assets/dabba.js';
import { field, localProblem, picturePicker, submitting, value } from '/partner/forms.js';

const LOGO_MAX_BYTES = 2 * 1024 * 1024;

function addressFields(r = {}) {
    const a = r.address || {};
    return el('fieldset', {}, el('legend', {}, 'Address'),
        field({ name: 'address.street', label: 'Street', value: a.street, required: true,
            autocomplete: 'street-address' }),
        el('div', { class: 'row' },
            field({ name: 'address.city', label: 'City', value: a.city, required: true,
                autocomplete: 'address-level2' }),
            field({ name: 'address.zipCode', label: 'PIN code', value: a.zipCode, required: true,
                autocomplete: 'postal-code', inputmode: 'numeric' })),
        el('div', { class: 'row' },
            field({ name: 'address.latitude', label: 'Latitude', value: a.latitude, required: true,
                inputmode: 'decimal', hint: 'e.g. 17.3850' }),
            field({ name: 'address.longitude', label: 'Longitude', value: a.longitude, required: true,
                inputmode: 'decimal', hint: 'e.g. 78.4867' })));
}

function contactFields(r = {}) {
    const c = r.contact || {};
    return el('fieldset', {}, el('legend', {}, 'Contact for customers and couriers'),
        el('div', { class: 'row' },
            field({ name: 'contact.email', label: 'Contact email', type: 'email', value: c.email, required: true }),
            field({ name: 'contact.phone', label: 'Contact phone', type: 'tel', value: c.phone, required: true,
                hint: 'With the country code, e.g. +919876543210' })));
}

/** A coordinate as typed, or a problem naming its field (the API wants a number there). */
function coordinate(form, name) {
    const raw = value(form, name);
    const number = Number(raw);
    if (raw === '' || !Number.isFinite(number)) {
        throw localProblem(name, 'must be a number');
    }
    return number;
}

function addressOf(form) {
    return {
        street: value(form, 'address.street'), city: value(form, 'address.city'),
        zipCode: value(form, 'address.zipCode'),
        latitude: coordinate(form, 'address.latitude'), longitude: coordinate(form, 'address.longitude')
    };
}

function contactOf(form) {
    return { email: value(form, 'contact.email'), phone: value(form, 'contact.phone') };
}

/** The registration form; {@code onRegistered(restaurant)} once Dabba has it. */
export function registerForm(onRegistered) {
    const logo = picturePicker({ name: 'logoUrl', label: 'Logo (optional)', maxBytes: LOGO_MAX_BYTES,
        previewAlt: 'Logo preview' });
    const form = el('form', { id: 'register-form', novalidate: true },
        field({ name: 'name', label: 'Restaurant name', required: true, maxlength: '120',
            autocomplete: 'organization' }),
        field({ name: 'description', label: 'About the restaurant', multiline: true, maxlength: '2000' }),
        addressFields(),
        contactFields(),
        el('fieldset', {}, el('legend', {}, 'Licences'),
            el('div', { class: 'row' },
                field({ name: 'licenseNumber', label: 'Licence number', required: true, maxlength: '64',
                    hint: 'Your FSSAI food licence' }),
                field({ name: 'gst', label: 'GST number', maxlength: '20' }))),
        logo.node,
        el('p', { class: 'form-error', role: 'alert', 'data-error-for': '' }),
        el('div', { class: 'actions' }, el('button', { type: 'submit' }, 'Register restaurant')));
    form.addEventListener('submit', event => submitting(event, form, async () => {
        const body = {
            name: value(form, 'name'), address: addressOf(form), contact: contactOf(form),
            licenseNumber: value(form, 'licenseNumber')
        };
        if (value(form, 'description')) {
            body.description = value(form, 'description');
        }
        if (value(form, 'gst')) {
            body.gst = value(form, 'gst');
        }
        if (logo.picked()) {
            body.logoUrl = logo.picked();
        }
        const created = await api('POST', '/restaurants', body);
        onRegistered(await api('GET', `/restaurants/${created.id}`));
    }));
    return form;
}

/** The profile: what the API lets the owner change, and what stays as registered. */
export function profileForm(restaurant, onSaved) {
    const r = restaurant;
    const logo = picturePicker({ name: 'logoUrl', label: 'Logo', current: r.logoUrl, maxBytes: LOGO_MAX_BYTES,
        previewAlt: 'Logo' });
    const saved = el('p', { class: 'ok-note', role: 'status' });
    const form = el('form', { id: 'profile-form', novalidate: true },
        el('h3', {}, 'Profile'),
        el('dl', { class: 'facts' },
            el('dt', {}, 'Name'), el('dd', {}, r.name),
            el('dt', {}, 'Licence number'), el('dd', {}, r.licenseNumber || '—'),
            el('dt', {}, 'GST number'), el('dd', {}, r.gst || '—'),
            el('dt', {}, 'Rating'), el('dd', {}, r.ratingCount ? `${r.rating} ★ (${r.ratingCount})` : 'No ratings yet')),
        el('p', { class: 'muted hint' }, 'Name, licence and GST number stay as verified. Go ONLINE or OFFLINE with '
            + 'the switch at the top.'),
        field({ name: 'description', label: 'About the restaurant', multiline: true, value: r.description,
            maxlength: '2000' }),
        addressFields(r),
        contactFields(r),
        el('div', { class: 'row' },
            field({ name: 'prepTimeMinutes', label: 'Usual preparation, in minutes', type: 'number', min: '1',
                max: '240', value: r.prepTimeMinutes, inputmode: 'numeric' }),
            field({ name: 'deliveryRadiusKm', label: 'Delivery radius (km)', value: r.deliveryRadiusKm ?? '',
                inputmode: 'decimal', hint: 'Empty: Dabba’s usual radius' })),
        logo.node,
        el('p', { class: 'form-error', role: 'alert', 'data-error-for': '' }),
        saved,
        el('div', { class: 'actions' }, el('button', { type: 'submit' }, 'Save profile')));
    form.addEventListener('submit', event => submitting(event, form, async () => {
        saved.textContent = '';
        const body = {
            description: value(form, 'description'), address: addressOf(form), contact: contactOf(form)
        };
        const prep = value(form, 'prepTimeMinutes');
        if (prep !== '') {
            body.prepTimeMinutes = Number(prep);
        }
        const radius = value(form, 'deliveryRadiusKm');
        if (radius !== '') {
            body.deliveryRadiusKm = Number(radius);
        }
        if (logo.picked()) {
            body.logoUrl = logo.picked();
        }
        const updated = await api('PATCH', `/restaurants/${r.id}`, body);
        logo.reset(updated.logoUrl);
        saved.textContent = 'Saved.';
        onSaved(updated);
    }));
    return form;
}
