// A small map drawn as SVG: places (restaurant, courier, drop-off, you), distance rings and a scale, in Web
// Mercator so that tiles line up when a tile server is configured. Without one (these machines have no internet)
// it draws on a plain grid: positions and distances stay true, only the streets are missing.

const SVG = 'http://www.w3.org/2000/svg';
const TILE = 256;
const WIDTH = 480;
const HEIGHT = 320;
const MAX_ZOOM = 18;
const EARTH_M_PER_PX_AT_ZOOM_0 = 156543.03392;

/** How each kind of place is drawn: a fill colour with at least 3:1 contrast on the map, and a letter. */
const KINDS = {
    restaurant: { fill: '#9a3412', letter: 'R' },
    courier: { fill: '#1d4ed8', letter: 'C' },
    dropoff: { fill: '#166534', letter: 'D' },
    you: { fill: '#6d28d9', letter: 'Y' },
    pick: { fill: '#52525b', letter: '+' }
};

function world(lat, lon, zoom) {
    const size = TILE * 2 ** zoom;
    const sin = Math.sin(Math.max(-85, Math.min(85, lat)) * Math.PI / 180);
    return {
        x: (lon + 180) / 360 * size,
        y: (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * size
    };
}

function geo(x, y, zoom) {
    const size = TILE * 2 ** zoom;
    const lon = x / size * 360 - 180;
    const n = Math.PI - 2 * Math.PI * y / size;
    return { lat: 180 / Math.PI * Math.atan(Math.sinh(n)), lon };
}

function metresPerPixel(lat, zoom) {
    return EARTH_M_PER_PX_AT_ZOOM_0 * Math.cos(lat * Math.PI / 180) / 2 ** zoom;
}

/** Great-circle distance in km. */
export function distanceKm(a, b) {
    const rad = Math.PI / 180;
    const h = Math.sin((b.lat - a.lat) * rad / 2) ** 2
        + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin((b.lon - a.lon) * rad / 2) ** 2;
    return 12742 * Math.asin(Math.sqrt(h));
}

function node(tag, attributes = {}, text) {
    const n = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) {
        n.setAttribute(name, value);
    }
    if (text !== undefined) {
        n.textContent = text;
    }
    return n;
}

function niceDistance(metres) {
    const steps = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000];
    return steps.filter(s => s <= metres).pop() || steps[0];
}

/**
 * Draws a map into {@code container}. {@code label} names it for screen readers; {@code onPick(lat, lon)}, when
 * given, makes a click on the map choose a point; {@code tileUrl} ('https://…/{z}/{x}/{y}.png') and
 * {@code attribution} draw tiles under the places. Call {@code show({center, places, rings, reachKm})} to draw:
 * places are {lat, lon, kind: restaurant|courier|dropoff|you|pick, label}, rings are distances in km around
 * the center, reachKm (optional) how far from the center the map shows at least (a whole region, before a
 * point is chosen in it). Returns {show, element}.
 */
export function placeMap(container, { label = 'Map', onPick, tileUrl, attribution } = {}) {
    const svg = node('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'map', role: 'img', 'aria-label': label });
    container.replaceChildren(svg);
    const description = document.createElement('p');
    description.className = 'visually-hidden map-description';
    container.append(description);
    let view = null;

    if (onPick) {
        svg.classList.add('pickable');
        svg.addEventListener('click', event => {
            if (!view) {
                return;
            }
            const box = svg.getBoundingClientRect();
            const x = view.left + (event.clientX - box.left) * WIDTH / box.width;
            const y = view.top + (event.clientY - box.top) * HEIGHT / box.height;
            const point = geo(x, y, view.zoom);
            onPick(Math.round(point.lat * 1e6) / 1e6, Math.round(point.lon * 1e6) / 1e6);
        });
    }

    function show({ center, places = [], rings = [], reachKm = 0 }) {
        const all = places.filter(p => Number.isFinite(p.lat) && Number.isFinite(p.lon));
        const middle = center || all[0] || { lat: 0, lon: 0 };
        const reach = Math.max(0.5, reachKm, ...rings, ...all.map(p => distanceKm(middle, p))) * 1000 * 1.15;
        // the closest zoom at which everything (and every ring) fits around the middle
        let zoom = MAX_ZOOM;
        while (zoom > 1 && reach / metresPerPixel(middle.lat, zoom) > Math.min(WIDTH, HEIGHT) / 2 - 12) {
            zoom--;
        }
        const c = world(middle.lat, middle.lon, zoom);
        view = { zoom, left: c.x - WIDTH / 2, top: c.y - HEIGHT / 2 };
        const at = p => {
            const w = world(p.lat, p.lon, zoom);
            return { x: w.x - view.left, y: w.y - view.top };
        };
        const mpp = metresPerPixel(middle.lat, zoom);

        svg.replaceChildren(node('rect', { width: WIDTH, height: HEIGHT, fill: '#eef2f0' }));
        if (tileUrl) {
            drawTiles(svg, view, tileUrl);
        } else {
            const grid = niceDistance(mpp * 60) / mpp;
            for (let x = -((view.left % grid + grid) % grid); x < WIDTH; x += grid) {
                svg.append(node('line', { x1: x, y1: 0, x2: x, y2: HEIGHT, stroke: '#d4dcd8' }));
            }
            for (let y = -((view.top % grid + grid) % grid); y < HEIGHT; y += grid) {
                svg.append(node('line', { x1: 0, y1: y, x2: WIDTH, y2: y, stroke: '#d4dcd8' }));
            }
        }
        const m = at(middle);
        for (const km of rings) {
            svg.append(node('circle', { cx: m.x, cy: m.y, r: km * 1000 / mpp, fill: 'none', stroke: '#71717a',
                'stroke-dasharray': '4 4' }));
            svg.append(node('text', { x: m.x + 4, y: m.y - km * 1000 / mpp - 3, 'font-size': 11, fill: '#3f3f46' },
                `${km} km`));
        }
        for (const place of all) {
            const p = at(place);
            const kind = KINDS[place.kind] || KINDS.pick;
            const g = node('g', { class: `place ${place.kind}`, 'data-kind': place.kind });
            g.append(node('circle', { cx: p.x, cy: p.y, r: 10, fill: kind.fill, stroke: '#fff', 'stroke-width': 2 }));
            g.append(node('text', { x: p.x, y: p.y + 4, 'text-anchor': 'middle', 'font-size': 11,
                'font-weight': 700, fill: '#fff' }, kind.letter));
            if (place.label) {
                g.append(node('text', { x: p.x + 13, y: p.y + 4, 'font-size': 12, fill: '#1d1d1f',
                    stroke: '#fff', 'stroke-width': 3, 'paint-order': 'stroke' }, place.label));
                g.append(node('title', {}, place.label));
            }
            svg.append(g);
        }
        const bar = niceDistance(mpp * WIDTH / 4);
        const px = bar / mpp;
        svg.append(node('rect', { x: 8, y: HEIGHT - 26, width: px + 8, height: 20, fill: '#fff', opacity: .85 }));
        svg.append(node('path', { d: `M12 ${HEIGHT - 14} v6 h${px} v-6`, fill: 'none', stroke: '#1d1d1f',
            'stroke-width': 2 }));
        svg.append(node('text', { x: 14, y: HEIGHT - 16, 'font-size': 11, fill: '#1d1d1f', class: 'scale' },
            bar >= 1000 ? `${bar / 1000} km` : `${bar} m`));
        if (tileUrl && attribution) {
            svg.append(node('text', { x: WIDTH - 4, y: HEIGHT - 4, 'font-size': 9, 'text-anchor': 'end',
                fill: '#1d1d1f' }, attribution));
        }
        description.textContent = all.map(p => `${p.label || p.kind}: ${p.lat.toFixed(4)}, ${p.lon.toFixed(4)}`
            + (center && p !== middle ? `, ${distanceKm(middle, p).toFixed(1)} km away` : '')).join('; ');
        svg.setAttribute('aria-label', `${label}. ${description.textContent}`);
    }

    return { show, element: svg };
}

function drawTiles(svg, view, tileUrl) {
    const n = 2 ** view.zoom;
    for (let tx = Math.floor(view.left / TILE); tx * TILE < view.left + WIDTH; tx++) {
        for (let ty = Math.floor(view.top / TILE); ty * TILE < view.top + HEIGHT; ty++) {
            if (ty < 0 || ty >= n) {
                continue;
            }
            const url = tileUrl.replace('{z}', view.zoom).replace('{x}', ((tx % n) + n) % n).replace('{y}', ty);
            svg.append(node('image', { href: url, x: tx * TILE - view.left, y: ty * TILE - view.top, width: TILE,
                height: TILE }));
        }
    }
}
