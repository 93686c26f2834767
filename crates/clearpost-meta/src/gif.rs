//! GIF: a small bounds-checked block walker (no crate edits GIF blocks without
//! re-encoding), inspect and strip.

use crate::report::{BlockKind, FindingKind, MetadataReport};
use crate::{ImageFormat, MetaError};

const FORMAT: &str = "GIF";

/// One top-level piece of a GIF after the header and global colour table.
enum Piece<'a> {
    /// An image: descriptor, local colour table, LZW data (all bytes kept).
    Image(&'a [u8]),
    /// An extension: its label, its first sub-block (the header), all bytes.
    Extension {
        label: u8,
        first: &'a [u8],
        raw: &'a [u8],
    },
}

struct Layout<'a> {
    head: &'a [u8],
    pieces: Vec<Piece<'a>>,
    trailing: &'a [u8],
}

fn short(reason: &str) -> MetaError {
    MetaError::malformed(FORMAT, format!("truncated {reason}"))
}

fn table_size(packed: u8) -> usize {
    if packed & 0x80 != 0 {
        3 << ((packed & 0x07) + 1)
    } else {
        0
    }
}

/// Skips data sub-blocks from `pos`; returns the position after the terminator.
fn skip_sub_blocks(bytes: &[u8], mut pos: usize) -> Result<usize, MetaError> {
    loop {
        let len = *bytes.get(pos).ok_or_else(|| short("data sub-blocks"))? as usize;
        pos += 1;
        if len == 0 {
            return Ok(pos);
        }
        pos += len;
        if pos > bytes.len() {
            return Err(short("data sub-block"));
        }
    }
}

fn walk(bytes: &[u8]) -> Result<Layout<'_>, MetaError> {
    let lsd = bytes.get(6..13).ok_or_else(|| short("screen descriptor"))?;
    let mut pos = 13 + table_size(lsd[4]);
    if pos > bytes.len() {
        return Err(short("global colour table"));
    }
    let head = &bytes[..pos];
    let mut pieces = Vec::new();
    // A missing trailer is tolerated (it is re-added on output).
    while let Some(&introducer) = bytes.get(pos) {
        let start = pos;
        match introducer {
            0x3B => {
                return Ok(Layout {
                    head,
                    pieces,
                    trailing: &bytes[pos + 1..],
                })
            }
            0x2C => {
                let desc = bytes
                    .get(pos..pos + 10)
                    .ok_or_else(|| short("image descriptor"))?;
                pos += 10 + table_size(desc[9]) + 1; // + LZW minimum code size
                if pos > bytes.len() {
                    return Err(short("image"));
                }
                pos = skip_sub_blocks(bytes, pos)?;
                pieces.push(Piece::Image(&bytes[start..pos]));
            }
            0x21 => {
                let label = *bytes.get(pos + 1).ok_or_else(|| short("extension"))?;
                let first_len = *bytes.get(pos + 2).ok_or_else(|| short("extension"))? as usize;
                let first = bytes
                    .get(pos + 3..pos + 3 + first_len)
                    .ok_or_else(|| short("extension"))?;
                pos = skip_sub_blocks(bytes, pos + 2)?;
                pieces.push(Piece::Extension {
                    label,
                    first,
                    raw: &bytes[start..pos],
                });
            }
            other => {
                return Err(MetaError::malformed(
                    FORMAT,
                    format!("unexpected block 0x{other:02x} at byte {pos}"),
                ))
            }
        }
    }
    Ok(Layout {
        head,
        pieces,
        trailing: &[],
    })
}

/// Extensions needed to draw or animate: graphic control, plain text (drawn
/// text is picture content), NETSCAPE/ANIMEXTS looping, ICC profile.
fn keeps(label: u8, first: &[u8]) -> bool {
    match label {
        0xF9 | 0x01 => true,
        0xFF => {
            first.starts_with(b"NETSCAPE2.0") || first.starts_with(b"ANIMEXTS1.0") || is_icc(first)
        }
        _ => false,
    }
}

fn is_icc(first: &[u8]) -> bool {
    first.starts_with(b"ICCRGBG1012")
}

fn require_image(layout: &Layout<'_>) -> Result<(), MetaError> {
    if layout.pieces.iter().any(|p| matches!(p, Piece::Image(_))) {
        Ok(())
    } else {
        Err(MetaError::malformed(
            FORMAT,
            "no image data (no image descriptor)",
        ))
    }
}

/// Lists comment, application and unknown extensions and data after the trailer.
pub(crate) fn inspect(bytes: &[u8]) -> Result<MetadataReport, MetaError> {
    let layout = walk(bytes)?;
    require_image(&layout)?;
    let mut report = MetadataReport::new(ImageFormat::Gif);
    for piece in &layout.pieces {
        let Piece::Extension { label, first, raw } = piece else {
            continue;
        };
        if *label == 0xFF && is_icc(first) {
            report.block(
                BlockKind::IccProfile,
                "ICC profile extension",
                raw.len(),
                true,
            );
        } else if keeps(*label, first) {
            continue;
        } else if *label == 0xFE {
            report.block(BlockKind::Comment, "comment extension", raw.len(), false);
            let text: String = String::from_utf8_lossy(first)
                .chars()
                .filter(|c| !c.is_control())
                .take(120)
                .collect();
            report.finding(FindingKind::Comment, format!("comment: {}", text.trim()));
        } else if *label == 0xFF {
            let id = String::from_utf8_lossy(&first[..first.len().min(11)]).into_owned();
            let kind = if id.starts_with("XMP Data") {
                BlockKind::Xmp
            } else {
                BlockKind::Vendor
            };
            report.block(
                kind,
                format!("application extension '{id}'"),
                raw.len(),
                false,
            );
            report.finding(FindingKind::Other, format!("application block '{id}'"));
        } else {
            report.block(
                BlockKind::Vendor,
                format!("extension 0x{label:02x}"),
                raw.len(),
                false,
            );
        }
    }
    if !layout.trailing.is_empty() {
        report.block(
            BlockKind::TrailingData,
            "data after the GIF trailer",
            layout.trailing.len(),
            false,
        );
    }
    Ok(report)
}

/// Rebuilds the GIF with the header, images and drawing extensions only.
pub(crate) fn strip(bytes: &[u8]) -> Result<Vec<u8>, MetaError> {
    let layout = walk(bytes)?;
    require_image(&layout)?;
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(layout.head);
    for piece in &layout.pieces {
        match piece {
            Piece::Image(raw) => out.extend_from_slice(raw),
            Piece::Extension { label, first, raw } if keeps(*label, first) => {
                out.extend_from_slice(raw)
            }
            Piece::Extension { .. } => {}
        }
    }
    out.push(0x3B);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_gif() -> Vec<u8> {
        let img = image::RgbaImage::from_fn(4, 4, |x, y| {
            image::Rgba([(x * 60) as u8, (y * 60) as u8, 0, 255])
        });
        let mut plain = Vec::new();
        img.write_to(
            &mut std::io::Cursor::new(&mut plain),
            image::ImageFormat::Gif,
        )
        .unwrap();
        // Insert a comment and an XMP application extension before the trailer.
        let trailer = plain.pop().unwrap();
        assert_eq!(trailer, 0x3B);
        plain.extend_from_slice(b"\x21\xFE\x0Bpatient Bob\x00");
        plain.extend_from_slice(b"\x21\xFF\x0BXMP DataXMP\x03abc\x00");
        plain.push(0x3B);
        plain.extend_from_slice(b"junk after trailer");
        plain
    }

    #[test]
    fn removes_comments_and_application_blocks() {
        let input = sample_gif();
        let before = inspect(&input).unwrap();
        assert_eq!(before.removable_blocks().count(), 3, "{:?}", before.blocks);
        assert!(before
            .findings
            .iter()
            .any(|f| f.detail.contains("patient Bob")));
        let out = strip(&input).unwrap();
        assert!(inspect(&out).unwrap().is_clean());
        assert!(!out.windows(7).any(|w| w == b"patient"));
        let a = image::load_from_memory(&input).unwrap().to_rgba8();
        let b = image::load_from_memory(&out).unwrap().to_rgba8();
        assert_eq!(a, b);
    }

    #[test]
    fn truncation_is_an_error_not_a_panic() {
        let input = sample_gif();
        for cut in 0..input.len() {
            let _ = strip(&input[..cut]);
        }
        assert!(strip(b"GIF89a\x01\x00").is_err());
    }
}
