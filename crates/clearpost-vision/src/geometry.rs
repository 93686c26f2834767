//! Axis-aligned boxes in image pixels and the box arithmetic every detector
//! shares: intersection over union, greedy non-maximum suppression, margins.

use serde::{Deserialize, Serialize};

/// An axis-aligned rectangle in pixels of the upright image (`x`, `y` is the
/// top-left corner). Floating point so that detector output keeps its
/// sub-pixel precision until it is painted.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width (never negative).
    pub w: f32,
    /// Height (never negative).
    pub h: f32,
}

impl Rect {
    /// A rectangle from its top-left corner and size; negative sizes become 0.
    pub fn new(x: f32, y: f32, w: f32, h: f32) -> Rect {
        Rect {
            x,
            y,
            w: w.max(0.0),
            h: h.max(0.0),
        }
    }

    /// A rectangle from two corners (in any order).
    pub fn from_corners(x1: f32, y1: f32, x2: f32, y2: f32) -> Rect {
        Rect::new(x1.min(x2), y1.min(y2), (x2 - x1).abs(), (y2 - y1).abs())
    }

    /// Right edge.
    pub fn right(&self) -> f32 {
        self.x + self.w
    }

    /// Bottom edge.
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }

    /// Area in square pixels.
    pub fn area(&self) -> f32 {
        self.w * self.h
    }

    /// The overlapping part of two rectangles, if any.
    pub fn intersection(&self, other: &Rect) -> Option<Rect> {
        let x1 = self.x.max(other.x);
        let y1 = self.y.max(other.y);
        let x2 = self.right().min(other.right());
        let y2 = self.bottom().min(other.bottom());
        (x2 > x1 && y2 > y1).then(|| Rect::new(x1, y1, x2 - x1, y2 - y1))
    }

    /// The smallest rectangle holding both.
    pub fn union(&self, other: &Rect) -> Rect {
        Rect::from_corners(
            self.x.min(other.x),
            self.y.min(other.y),
            self.right().max(other.right()),
            self.bottom().max(other.bottom()),
        )
    }

    /// Intersection over union, 0 for disjoint or empty rectangles.
    pub fn iou(&self, other: &Rect) -> f32 {
        let inter = self.intersection(other).map_or(0.0, |r| r.area());
        let union = self.area() + other.area() - inter;
        if union <= 0.0 {
            0.0
        } else {
            inter / union
        }
    }

    /// The rectangle grown by `dx` on the left and right and `dy` on the top
    /// and bottom (shrunk when negative).
    pub fn expand(&self, dx: f32, dy: f32) -> Rect {
        Rect::new(
            self.x - dx,
            self.y - dy,
            self.w + 2.0 * dx,
            self.h + 2.0 * dy,
        )
    }

    /// The rectangle scaled about the origin (to map between image scales).
    pub fn scale(&self, factor: f32) -> Rect {
        Rect::new(
            self.x * factor,
            self.y * factor,
            self.w * factor,
            self.h * factor,
        )
    }

    /// The part inside a `width` × `height` image, in whole pixels
    /// (`x0, y0, x1, y1`, end exclusive), or `None` when nothing is inside.
    /// Rounds outwards: a redaction never covers less than the box asked for.
    pub fn pixel_bounds(&self, width: u32, height: u32) -> Option<(u32, u32, u32, u32)> {
        if !(self.x.is_finite() && self.y.is_finite() && self.w.is_finite() && self.h.is_finite()) {
            return None;
        }
        let x0 = self.x.floor().max(0.0);
        let y0 = self.y.floor().max(0.0);
        let x1 = self.right().ceil().min(width as f32);
        let y1 = self.bottom().ceil().min(height as f32);
        (x1 > x0 && y1 > y0).then_some((x0 as u32, y0 as u32, x1 as u32, y1 as u32))
    }

    /// The rectangle clipped to a `width` × `height` image.
    pub fn clamp_to(&self, width: u32, height: u32) -> Rect {
        let x1 = self.x.clamp(0.0, width as f32);
        let y1 = self.y.clamp(0.0, height as f32);
        let x2 = self.right().clamp(0.0, width as f32);
        let y2 = self.bottom().clamp(0.0, height as f32);
        Rect::from_corners(x1, y1, x2, y2)
    }
}

/// Greedy non-maximum suppression: visits boxes by descending score and keeps
/// a box only when its IoU with every box kept so far is at most `max_iou`.
/// Returns the indices of the kept boxes, best first.
pub fn non_max_suppression(rects: &[Rect], scores: &[f32], max_iou: f32) -> Vec<usize> {
    let mut order: Vec<usize> = (0..rects.len().min(scores.len())).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let mut kept: Vec<usize> = Vec::new();
    for candidate in order {
        if kept
            .iter()
            .all(|&k| rects[k].iou(&rects[candidate]) <= max_iou)
        {
            kept.push(candidate);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iou_of_identical_disjoint_and_half_overlapping_boxes() {
        let a = Rect::new(0.0, 0.0, 10.0, 10.0);
        assert_eq!(a.iou(&a), 1.0);
        assert_eq!(a.iou(&Rect::new(20.0, 20.0, 5.0, 5.0)), 0.0);
        let b = Rect::new(5.0, 0.0, 10.0, 10.0);
        assert!((a.iou(&b) - 50.0 / 150.0).abs() < 1e-6);
    }

    #[test]
    fn nms_drops_overlapping_lower_scores_and_keeps_separate_boxes() {
        let rects = [
            Rect::new(0.0, 0.0, 10.0, 10.0),
            Rect::new(1.0, 1.0, 10.0, 10.0),
            Rect::new(50.0, 50.0, 10.0, 10.0),
        ];
        let kept = non_max_suppression(&rects, &[0.5, 0.9, 0.7], 0.3);
        assert_eq!(kept, vec![1, 2]);
    }

    #[test]
    fn pixel_bounds_round_outwards_and_clip() {
        let r = Rect::new(-3.5, 2.2, 10.0, 5.0);
        assert_eq!(r.pixel_bounds(5, 100), Some((0, 2, 5, 8)));
        assert_eq!(Rect::new(200.0, 0.0, 5.0, 5.0).pixel_bounds(100, 100), None);
        assert_eq!(
            Rect::new(f32::NAN, 0.0, 5.0, 5.0).pixel_bounds(100, 100),
            None
        );
    }
}
