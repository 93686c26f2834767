//! The `--preview` picture: the photo with each region outlined instead of
//! redacted, so a person can check what would be painted.

use image::{Rgb, RgbImage};
use imageproc::drawing::draw_hollow_rect_mut;
use imageproc::rect::Rect as PixelRect;

use crate::redact::mask_rect;
use crate::region::{Region, RegionKind, Verdict};

/// Outline colour per kind of region.
fn colour(region: &Region) -> Rgb<u8> {
    match (region.kind, region.verdict) {
        (RegionKind::Face, _) => Rgb([255, 40, 40]),
        (RegionKind::Record, Verdict::Redact) => Rgb([255, 140, 0]),
        (RegionKind::Record, Verdict::Review) => Rgb([255, 230, 0]),
        (RegionKind::Manual, _) => Rgb([40, 120, 255]),
    }
}

/// Draws the area each region would cover, 3 px thick (thicker on big photos).
pub fn draw_regions(image: &mut RgbImage, regions: &[Region]) {
    let (w, h) = image.dimensions();
    let thickness = (w.max(h) / 600).max(3);
    for region in regions {
        let Some((x0, y0, x1, y1)) = mask_rect(region).pixel_bounds(w, h) else {
            continue;
        };
        for t in 0..thickness {
            let (rw, rh) = (
                (x1 - x0).saturating_sub(2 * t),
                (y1 - y0).saturating_sub(2 * t),
            );
            if rw == 0 || rh == 0 {
                break;
            }
            let rect = PixelRect::at((x0 + t) as i32, (y0 + t) as i32).of_size(rw, rh);
            draw_hollow_rect_mut(image, rect, colour(region));
        }
    }
}
