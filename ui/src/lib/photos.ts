// Box geometry for the Photos panel. Every rectangle is in whole pixels of the
// full-size upright picture (what the engine redacts); the editor converts
// pointer positions on the scaled preview into these coordinates.
import type { BoxRect, PhotoBox } from "./api/photos";

/** Smallest box side, in picture pixels (a 1-pixel box covers nothing useful). */
export const MIN_SIDE = 4;

export type Handle = "nw" | "n" | "ne" | "e" | "se" | "s" | "sw" | "w";
export const HANDLES: Handle[] = ["nw", "n", "ne", "e", "se", "s", "sw", "w"];

/** `r` rounded to whole pixels and kept inside a `width` × `height` picture. */
export function clampRect(r: BoxRect, width: number, height: number): BoxRect {
  const w = Math.round(Math.min(Math.max(r.w, Math.min(MIN_SIDE, width)), width));
  const h = Math.round(Math.min(Math.max(r.h, Math.min(MIN_SIDE, height)), height));
  const x = Math.round(Math.min(Math.max(r.x, 0), width - w));
  const y = Math.round(Math.min(Math.max(r.y, 0), height - h));
  return { x, y, w, h };
}

/** The box spanned by a drag from (x0, y0) to (x1, y1), in any direction. */
export function rectFromDrag(
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  width: number,
  height: number,
): BoxRect {
  const left = Math.max(0, Math.min(x0, x1));
  const top = Math.max(0, Math.min(y0, y1));
  const right = Math.min(width, Math.max(x0, x1));
  const bottom = Math.min(height, Math.max(y0, y1));
  return clampRect({ x: left, y: top, w: right - left, h: bottom - top }, width, height);
}

/** `r` moved by (dx, dy), its size kept, stopping at the picture's edges. */
export function moveRect(r: BoxRect, dx: number, dy: number, width: number, height: number): BoxRect {
  return clampRect({ ...r, x: r.x + dx, y: r.y + dy }, width, height);
}

/** `r` with the edges named by `handle` moved by (dx, dy); the opposite edges stay put. */
export function resizeRect(
  r: BoxRect,
  handle: Handle,
  dx: number,
  dy: number,
  width: number,
  height: number,
): BoxRect {
  let left = r.x;
  let top = r.y;
  let right = r.x + r.w;
  let bottom = r.y + r.h;
  if (handle.includes("w")) left = Math.min(Math.max(0, left + dx), right - MIN_SIDE);
  if (handle.includes("e")) right = Math.max(Math.min(width, right + dx), left + MIN_SIDE);
  if (handle.includes("n")) top = Math.min(Math.max(0, top + dy), bottom - MIN_SIDE);
  if (handle.includes("s")) bottom = Math.max(Math.min(height, bottom + dy), top + MIN_SIDE);
  return clampRect({ x: left, y: top, w: right - left, h: bottom - top }, width, height);
}

/**
 * The box after an arrow key: moves it by `step` pixels, or with Shift
 * resizes it (right/down grow, left/up shrink). Null for any other key.
 */
export function rectAfterKey(
  r: BoxRect,
  key: string,
  shift: boolean,
  step: number,
  width: number,
  height: number,
): BoxRect | null {
  const delta: Record<string, [number, number]> = {
    ArrowLeft: [-step, 0],
    ArrowRight: [step, 0],
    ArrowUp: [0, -step],
    ArrowDown: [0, step],
  };
  const d = delta[key];
  if (!d) return null;
  return shift ? resizeRect(r, "se", d[0], d[1], width, height) : moveRect(r, d[0], d[1], width, height);
}

/** An id for a new drawn box, unused among `boxes`. */
export function newBoxId(boxes: PhotoBox[]): string {
  const used = new Set(boxes.map((b) => b.id));
  let n = boxes.filter((b) => b.kind === "manual").length + 1;
  while (used.has(`manual-${n}`)) n += 1;
  return `manual-${n}`;
}

/** A short label for a box: "face 87%", "record", "drawn". */
export function boxLabel(b: PhotoBox): string {
  if (b.kind === "manual") return "drawn";
  // A float crosses as `number | null` (serde writes NaN as null).
  if (b.score === null) return b.kind;
  return `${b.kind} ${Math.round(b.score * 100)}%`;
}

/** True when a record's text holds PHI that must not be published. */
export function hasBlockingPhi(b: PhotoBox): boolean {
  return (b.phi ?? []).some((p) => p.blocking);
}

/** The id of the box after (or before, with `back`) `current`, wrapping around. */
export function cycleBox(boxes: PhotoBox[], current: string | null, back = false): string | null {
  if (boxes.length === 0) return null;
  const i = boxes.findIndex((b) => b.id === current);
  if (i < 0) return boxes[back ? boxes.length - 1 : 0]?.id ?? null;
  const next = (i + (back ? -1 : 1) + boxes.length) % boxes.length;
  return boxes[next]?.id ?? null;
}

/**
 * Plain words for a metadata item: "GPS position 33.49° N, 111.92° W — will
 * be removed". The label leads unless the detail already starts with it.
 */
export function metadataLine(label: string, detail: string): string {
  const said = detail.toLowerCase().startsWith(label.toLowerCase());
  return `${said ? detail : `${label}: ${detail}`} — will be removed`;
}
