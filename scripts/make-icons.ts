/**
 * Draws the app icon and the tray icons (one per state) and writes them as PNGs, with nothing but
 * Node: shapes are sampled 4×4 per pixel for smooth edges, and the PNG is assembled by hand
 * (signature, IHDR, zlib-deflated IDAT, IEND, CRC-32). Run `npx tsx scripts/make-icons.ts` after
 * changing a shape; test/electron/icons.test.ts fails while the committed files differ.
 *
 *   build/icons/icon.png (1024) + NxN.png   electron-builder: Windows, macOS, Linux
 *   electron/assets/icon.png (256)          window and notification icon
 *   electron/assets/tray/tray-<state>.png   16 px and @2x 32 px, one per Health
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';

type RGBA = readonly [number, number, number, number];
/** A shape in unit coordinates (0..1 both ways, y down): the colour at a point, or null. */
type Shape = (x: number, y: number) => RGBA | null;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** An 8-bit RGBA PNG of `size`×`size` from straight (not premultiplied) pixels. */
export function encodePng(size: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Renders shapes (later ones on top) with 4×4 supersampling. */
export function render(size: number, shapes: readonly Shape[]): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / size;
          const y = (py + (sy + 0.5) / n) / size;
          let cr = 0;
          let cg = 0;
          let cb = 0;
          let ca = 0;
          for (const shape of shapes) {
            const c = shape(x, y);
            if (!c) continue;
            const sa = c[3] / 255;
            const na = sa + ca * (1 - sa);
            if (na > 0) {
              cr = (c[0] * sa + cr * ca * (1 - sa)) / na;
              cg = (c[1] * sa + cg * ca * (1 - sa)) / na;
              cb = (c[2] * sa + cb * ca * (1 - sa)) / na;
            }
            ca = na;
          }
          r += cr * ca;
          g += cg * ca;
          b += cb * ca;
          a += ca;
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) {
        out[i] = Math.round(r / a);
        out[i + 1] = Math.round(g / a);
        out[i + 2] = Math.round(b / a);
      }
      out[i + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return out;
}

// ---- shapes ------------------------------------------------------------------------------------

const WHITE: RGBA = [255, 255, 255, 255];

function hex(h: string): RGBA {
  const v = Number.parseInt(h.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255, 255];
}

const circle =
  (cx: number, cy: number, r: number, color: RGBA): Shape =>
  (x, y) =>
    (x - cx) ** 2 + (y - cy) ** 2 <= r * r ? color : null;

function roundedSquare(inset: number, radius: number, top: RGBA, bottom: RGBA): Shape {
  return (x, y) => {
    const lo = inset + radius;
    const hi = 1 - inset - radius;
    const dx = Math.max(lo - x, 0, x - hi);
    const dy = Math.max(lo - y, 0, y - hi);
    if (dx * dx + dy * dy > radius * radius) return null;
    const t = (y - inset) / (1 - 2 * inset);
    return [0, 1, 2]
      .map((k) => Math.round((top[k] ?? 0) * (1 - t) + (bottom[k] ?? 0) * t))
      .concat(255) as unknown as RGBA;
  };
}

function distToSegment(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const vx = bx - ax;
  const vy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy)));
  return Math.hypot(x - (ax + t * vx), y - (ay + t * vy));
}

/** A round-capped stroke along a polyline of [x, y] points. */
const stroke =
  (points: ReadonlyArray<readonly [number, number]>, width: number, color: RGBA): Shape =>
  (x, y) => {
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1];
      const b = points[i];
      if (a && b && distToSegment(x, y, a[0], a[1], b[0], b[1]) <= width / 2) return color;
    }
    return null;
  };

function inTriangle(x: number, y: number, t: ReadonlyArray<readonly [number, number]>): boolean {
  const [a, b, c] = t as [readonly [number, number], readonly [number, number], readonly [number, number]];
  const s = (p: readonly [number, number], q: readonly [number, number]) =>
    (x - q[0]) * (p[1] - q[1]) - (p[0] - q[0]) * (y - q[1]);
  const d1 = s(a, b);
  const d2 = s(b, c);
  const d3 = s(c, a);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
}

/** Two arcs chasing each other round (cx, cy), each ending in an arrowhead: the sync glyph. */
function syncGlyph(cx: number, cy: number, r: number, width: number, color: RGBA): Shape {
  const arcs: Array<[number, number]> = [
    [Math.PI * 0.15, Math.PI * 0.8],
    [Math.PI * 1.15, Math.PI * 1.8],
  ];
  const heads = arcs.map(([, end]) => {
    const px = cx + r * Math.cos(end);
    const py = cy + r * Math.sin(end);
    const tx = -Math.sin(end); // tangent (direction of travel)
    const ty = Math.cos(end);
    const nx = Math.cos(end); // outward normal
    const ny = Math.sin(end);
    const h = width * 1.6;
    return [
      [px + tx * h * 1.2, py + ty * h * 1.2],
      [px + nx * h, py + ny * h],
      [px - nx * h, py - ny * h],
    ] as Array<readonly [number, number]>;
  });
  return (x, y) => {
    const d = Math.hypot(x - cx, y - cy);
    if (Math.abs(d - r) <= width / 2) {
      let ang = Math.atan2(y - cy, x - cx);
      if (ang < 0) ang += 2 * Math.PI;
      if (arcs.some(([a, b]) => ang >= a && ang <= b)) return color;
    }
    return heads.some((t) => inTriangle(x, y, t)) ? color : null;
  };
}

// ---- the icons ---------------------------------------------------------------------------------

export const TRAY_STATES = {
  synced: {
    color: '#2e9d57',
    glyph: (c: RGBA) => [
      stroke(
        [
          [0.3, 0.52],
          [0.44, 0.66],
          [0.71, 0.36],
        ],
        0.13,
        c,
      ),
    ],
  },
  syncing: { color: '#2f7bd9', glyph: (c: RGBA) => [syncGlyph(0.5, 0.5, 0.24, 0.1, c)] },
  attention: {
    color: '#e09b00',
    glyph: (c: RGBA) => [
      stroke(
        [
          [0.5, 0.27],
          [0.5, 0.55],
        ],
        0.14,
        c,
      ),
      circle(0.5, 0.73, 0.075, c),
    ],
  },
  disconnected: {
    color: '#d64545',
    glyph: (c: RGBA) => [
      stroke(
        [
          [0.33, 0.33],
          [0.67, 0.67],
        ],
        0.13,
        c,
      ),
      stroke(
        [
          [0.67, 0.33],
          [0.33, 0.67],
        ],
        0.13,
        c,
      ),
    ],
  },
  setup: {
    color: '#7d8591',
    glyph: (c: RGBA) => [circle(0.3, 0.5, 0.075, c), circle(0.5, 0.5, 0.075, c), circle(0.7, 0.5, 0.075, c)],
  },
} as const;

export function trayIcon(state: keyof typeof TRAY_STATES, size: number): Buffer {
  const s = TRAY_STATES[state];
  return encodePng(size, render(size, [circle(0.5, 0.5, 0.47, hex(s.color)), ...s.glyph(WHITE)]));
}

export function appIcon(size: number): Buffer {
  return encodePng(
    size,
    render(size, [
      roundedSquare(0.06, 0.2, hex('#1d8a99'), hex('#13566b')),
      syncGlyph(0.5, 0.5, 0.25, 0.075, WHITE),
      circle(0.5, 0.5, 0.06, WHITE),
    ]),
  );
}

export const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512] as const;

/** Every file this script writes, relative to the repository root. */
export function iconFiles(): Array<[string, () => Buffer]> {
  const files: Array<[string, () => Buffer]> = [
    ['build/icons/icon.png', () => appIcon(1024)],
    ...LINUX_SIZES.map((n): [string, () => Buffer] => [`build/icons/${n}x${n}.png`, () => appIcon(n)]),
    ['electron/assets/icon.png', () => appIcon(256)],
  ];
  for (const state of Object.keys(TRAY_STATES) as Array<keyof typeof TRAY_STATES>) {
    files.push([`electron/assets/tray/tray-${state}.png`, () => trayIcon(state, 16)]);
    files.push([`electron/assets/tray/tray-${state}@2x.png`, () => trayIcon(state, 32)]);
  }
  return files;
}

function main(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  for (const [rel, make] of iconFiles()) {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, make());
    console.log(`wrote ${rel}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
