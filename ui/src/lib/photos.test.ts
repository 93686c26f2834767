import { describe, expect, it } from "vitest";
import type { PhotoBox } from "./api/photos";
import {
  MIN_SIDE,
  clampRect,
  cycleBox,
  metadataLine,
  moveRect,
  newBoxId,
  rectAfterKey,
  rectFromDrag,
  resizeRect,
} from "./photos";

const W = 400;
const H = 300;

function box(id: string, kind: PhotoBox["kind"] = "face"): PhotoBox {
  return { id, kind, rect: { x: 10, y: 10, w: 20, h: 20 }, score: 0.9, included: true };
}

describe("box geometry", () => {
  it("a drag in any direction gives the same box, cut at the picture's edges", () => {
    expect(rectFromDrag(50, 60, 10, 20, W, H)).toEqual({ x: 10, y: 20, w: 40, h: 40 });
    expect(rectFromDrag(10, 20, 50, 60, W, H)).toEqual({ x: 10, y: 20, w: 40, h: 40 });
    expect(rectFromDrag(380, 290, 999, 999, W, H)).toEqual({ x: 380, y: 290, w: 20, h: 10 });
    // A click without a drag still makes a box of the minimum size, inside.
    const tiny = rectFromDrag(399, 299, 399, 299, W, H);
    expect(tiny.w).toBe(MIN_SIDE);
    expect(tiny.x + tiny.w).toBeLessThanOrEqual(W);
  });

  it("moving stops at the edges and keeps the size", () => {
    const r = { x: 370, y: 5, w: 20, h: 20 };
    expect(moveRect(r, 50, -50, W, H)).toEqual({ x: 380, y: 0, w: 20, h: 20 });
    expect(moveRect(r, -7, 3, W, H)).toEqual({ x: 363, y: 8, w: 20, h: 20 });
  });

  it("resizing moves only the dragged edges and never inverts the box", () => {
    const r = { x: 100, y: 100, w: 50, h: 40 };
    expect(resizeRect(r, "se", 10, 5, W, H)).toEqual({ x: 100, y: 100, w: 60, h: 45 });
    expect(resizeRect(r, "nw", -10, -20, W, H)).toEqual({ x: 90, y: 80, w: 60, h: 60 });
    expect(resizeRect(r, "e", -500, 0, W, H)).toEqual({ x: 100, y: 100, w: MIN_SIDE, h: 40 });
    expect(resizeRect(r, "n", 0, -500, W, H)).toEqual({ x: 100, y: 0, w: 50, h: 140 });
  });

  it("arrow keys move, Shift+arrows resize, other keys do nothing", () => {
    const r = { x: 10, y: 10, w: 20, h: 20 };
    expect(rectAfterKey(r, "ArrowRight", false, 5, W, H)).toEqual({ x: 15, y: 10, w: 20, h: 20 });
    expect(rectAfterKey(r, "ArrowUp", false, 50, W, H)).toEqual({ x: 10, y: 0, w: 20, h: 20 });
    expect(rectAfterKey(r, "ArrowRight", true, 5, W, H)).toEqual({ x: 10, y: 10, w: 25, h: 20 });
    expect(rectAfterKey(r, "ArrowUp", true, 5, W, H)).toEqual({ x: 10, y: 10, w: 20, h: 15 });
    expect(rectAfterKey(r, "a", false, 5, W, H)).toBeNull();
  });

  it("clamping rounds to whole pixels and fits boxes larger than the picture", () => {
    expect(clampRect({ x: -3.4, y: 2.6, w: 10.2, h: 999 }, W, H)).toEqual({ x: 0, y: 0, w: 10, h: 300 });
  });
});

describe("box list", () => {
  it("new drawn boxes get unused ids", () => {
    expect(newBoxId([box("face-1")])).toBe("manual-1");
    expect(newBoxId([box("manual-1", "manual"), box("manual-2", "manual"), box("manual-3")])).toBe("manual-4");
  });

  it("Tab cycles through the boxes and wraps around", () => {
    const boxes = [box("a"), box("b"), box("c")];
    expect(cycleBox(boxes, null)).toBe("a");
    expect(cycleBox(boxes, "c")).toBe("a");
    expect(cycleBox(boxes, "a", true)).toBe("c");
    expect(cycleBox([], "a")).toBeNull();
  });
});

describe("metadata in plain words", () => {
  it("names the item once and says it will be removed", () => {
    expect(metadataLine("GPS position", "GPS position 33.49420° N, 111.92610° W")).toBe(
      "GPS position 33.49420° N, 111.92610° W — will be removed",
    );
    expect(metadataLine("device", "Apple iPhone 12")).toBe("device: Apple iPhone 12 — will be removed");
  });
});
