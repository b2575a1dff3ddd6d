// The menu editor: categories, dishes with their price, veg or non-veg and photo, and availability switches that
// change the menu customers see at once.
import { api, el, money } from '/assets/dabba.js';
import { field, localProblem, picturePicker, submitting, value } from '/partner/forms.js';

const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
const PRICE = /^\d{1,6}(\.\d{1,2})?$/;

const menu = {
    restaurant: null,
    items: new Map(),
    // Categories are the dishes' own; one added here stays on this page until a dish is put in it.
    categories: new Set(),
    editing: null,
    root: null,
    photo: null
};

/** Draws the editor for {@code restaurant} into {@code root} and reads its menu. */
export async function openMenu(root, restaurant) {
    menu.restaurant = restaurant;
    menu.root = root;
    menu.items.clear();
    menu.editing = null;
    root.replaceChildren(el('p', { class: 'muted' }, 'Loading the menu…'));
    try {
        const current = await api('GET', `/restaurants/${restaurant.id}/menu`);
        for (const category of current.categories || []) {
            menu.categories.add(category.name);
            for (const item of category.items || []) {
                menu.items.set(item.id, item);
            }
        }
    } catch (problem) {
        root.replaceChildren(el('p', { class: 'form-error', role: 'alert' }, problem.detail));
        return;
    }
    render();
}

function render() {
    const list = el('div', { id: 'dish-list', class: 'dish-list' });
    menu.root.replaceChildren(
        el('div', { class: 'menu-layout' },
            el('div', {}, categoryForm(), dishForm()),
            el('section', { 'aria-labelledby': 'dishes-title' },
                el('h3', { id: 'dishes-title' }, 'Dishes'), list)));
    renderDishes();
}

function categoryNames() {
    const names = new Set(menu.categories);
    for (const item of menu.items.values()) {
        names.add(item.category);
    }
    return [...names].sort((a, b) => a.localeCompare(b));
}

function categoryForm() {
    const form = el('form', { id: 'category-form', class: 'panel', novalidate: true },
        el('h3', {}, 'Categories'),
        el('ul', { class: 'chips', id: 'category-list', 'aria-label': 'Categories' },
            categoryNames().map(name => el('li', {}, name))),
        field({ name: 'category', label: 'New category', maxlength: '60', hint: 'e.g. Starters, Mains, Desserts' }),
        el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'secondary' }, 'Add category')));
    form.addEventListener('submit', event => submitting(event, form, async () => {
        const name = value(form, 'category');
        if (!name) {
            throw localProblem('category', 'Give the category a name.');
        }
        menu.categories.add(name);
        render();
        const dishCategory = document.querySelector('#dish-form [name="category"]');
        dishCategory.value = name;
        document.querySelector('#category-form [name="category"]').focus();
    }));
    return form;
}

function dishForm() {
    const item = menu.editing ? menu.items.get(menu.editing) : null;
    menu.photo = picturePicker({ name: 'imageUrl', label: 'Dish photo', current: item && item.imageUrl,
        maxBytes: PHOTO_MAX_BYTES, previewAlt: 'Dish photo preview' });
    const categories = categoryNames();
    const form = el('form', { id: 'dish-form', class: 'panel', novalidate: true },
        el('h3', {}, item ? `Edit ${item.name}` : 'Add a dish'),
        field({ name: 'name', label: 'Dish name', required: true, maxlength: '120', value: item && item.name }),
        field({ name: 'description', label: 'Dish description', multiline: true, maxlength: '1000',
            value: item && item.description }),
        el('div', { class: 'row' },
            field({ name: 'price', label: 'Price (₹)', required: true, inputmode: 'decimal',
                value: item ? String(item.price) : '', hint: 'e.g. 250.00' }),
            field({ name: 'category', label: 'Category', required: true, maxlength: '60', list: categories,
                value: item ? item.category : categories[0] || '' })),
        field({ name: 'type', label: 'Veg or non-veg', options: [['VEG', 'Veg'], ['NON_VEG', 'Non-veg']],
            value: item ? item.type : 'VEG' }),
        item ? null : field({ name: 'isAvailable', label: 'Available to order', type: 'checkbox', value: true }),
        menu.photo.node,
        el('p', { class: 'form-error', role: 'alert', 'data-error-for': '' }),
        el('div', { class: 'actions' },
            el('button', { type: 'submit' }, item ? 'Save dish' : 'Add dish'),
            item ? el('button', { type: 'button', class: 'secondary', onclick: () => edit(null) }, 'Cancel editing')
                : null));
    form.addEventListener('submit', event => submitting(event, form, async () => {
        const price = value(form, 'price');
        if (!PRICE.test(price)) {
            throw localProblem('price', 'must be an amount like 250 or 250.50 (at most 2 decimals)');
        }
        const body = {
            name: value(form, 'name'), description: value(form, 'description'), price,
            category: value(form, 'category'), type: value(form, 'type')
        };
        if (menu.photo.picked()) {
            body.imageUrl = menu.photo.picked();
        }
        let saved;
        if (item) {
            saved = await api('PUT', `/restaurants/${menu.restaurant.id}/menu/items/${item.id}`, body);
        } else {
            body.isAvailable = form.querySelector('[name="isAvailable"]').checked;
            saved = await api('POST', `/restaurants/${menu.restaurant.id}/menu/items`, body);
        }
        menu.items.set(saved.id, saved);
        menu.editing = null;
        render();
        const row = document.querySelector(`[data-dish-id="${saved.id}"]`);
        if (row) {
            row.classList.add('fresh');
        }
        document.querySelector('#dish-form [name="name"]').focus();
    }));
    return form;
}

function edit(itemId) {
    menu.editing = itemId;
    render();
    document.querySelector('#dish-form [name="name"]').focus();
}

function renderDishes() {
    const list = document.getElementById('dish-list');
    if (!menu.items.size) {
        list.replaceChildren(el('p', { class: 'muted' }, 'No dishes yet: add the first one.'));
        return;
    }
    const byCategory = new Map();
    for (const item of [...menu.items.values()].sort((a, b) => a.name.localeCompare(b.name))) {
        if (!byCategory.has(item.category)) {
            byCategory.set(item.category, []);
        }
        byCategory.get(item.category).push(item);
    }
    list.replaceChildren(...[...byCategory.keys()].sort((a, b) => a.localeCompare(b)).map(category =>
        el('section', { class: 'dish-category', 'data-category': category },
            el('h4', {}, category),
            el('ul', { class: 'dishes' }, byCategory.get(category).map(dishRow)))));
}

function dishRow(item) {
    const error = el('p', { class: 'field-error', role: 'alert' });
    const photo = item.thumbnailUrl || item.imageUrl;
    return el('li', { class: 'dish', 'data-dish-id': item.id, 'aria-label': item.name },
        photo ? el('img', { class: 'thumb', src: photo, alt: item.name, width: '72', height: '72' })
            : el('span', { class: 'thumb none', 'aria-hidden': 'true' }, '🍽'),
        el('div', { class: 'dish-text' },
            el('strong', {}, item.name), ' ',
            el('span', { class: `badge ${item.type === 'VEG' ? 'ok' : 'bad'}` }, item.type === 'VEG' ? 'Veg' : 'Non-veg'),
            el('div', {}, money(item.price, 'INR')),
            item.description ? el('div', { class: 'muted' }, item.description) : null,
            error),
        el('div', { class: 'dish-actions' },
            el('span', { class: 'switch' },
                el('button', { type: 'button', role: 'switch', class: 'availability',
                    'aria-checked': String(item.isAvailable), 'aria-label': `${item.name} available`,
                    onclick: event => toggle(event.currentTarget, item, error) },
                item.isAvailable ? 'Available' : 'Sold out')),
            el('button', { type: 'button', class: 'secondary', 'aria-label': `Edit ${item.name}`,
                onclick: () => edit(item.id) }, 'Edit'),
            el('button', { type: 'button', class: 'danger', 'aria-label': `Delete ${item.name}`,
                onclick: event => remove(event.currentTarget, item, error) }, 'Delete')));
}

async function toggle(button, item, error) {
    error.textContent = '';
    button.disabled = true;
    try {
        const saved = await api('PATCH', `/restaurants/${menu.restaurant.id}/menu/items/${item.id}/availability`,
            { isAvailable: button.getAttribute('aria-checked') !== 'true' });
        menu.items.set(saved.id, saved);
        button.setAttribute('aria-checked', String(saved.isAvailable));
        button.textContent = saved.isAvailable ? 'Available' : 'Sold out';
        item.isAvailable = saved.isAvailable;
    } catch (problem) {
        error.textContent = problem.detail;
    } finally {
        button.disabled = false;
    }
}

/** Delete asks once more on the same button: a dish is gone from the menu at once. */
async function remove(button, item, error) {
    if (!button.dataset.confirming) {
        button.dataset.confirming = 'yes';
        button.textContent = 'Really delete?';
        button.setAttribute('aria-label', `Really delete ${item.name}?`);
        return;
    }
    error.textContent = '';
    button.disabled = true;
    try {
        await api('DELETE', `/restaurants/${menu.restaurant.id}/menu/items/${item.id}`);
        menu.items.delete(item.id);
        if (menu.editing === item.id) {
            menu.editing = null;
        }
        render();
    } catch (problem) {
        error.textContent = problem.detail;
        button.disabled = false;
    }
}
