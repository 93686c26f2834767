//! JPEG (and MPO): a bounds-checked marker walker, inspect and strip.
//!
//! img-parts treats everything after the first SOS as opaque entropy data, so it
//! cannot see markers between progressive scans nor the extra images and vendor
//! trailers appended after EOI (MPO second pictures carry their own EXIF). This
//! walker follows the scans to the real EOI, which is why it is our own.

use crate::report::{BlockKind, FindingKind, MetadataReport};
use crate::{exif, xmp, ImageFormat, MetaError};

const FORMAT: &str = "JPEG";
const SOI: u8 = 0xD8;
const EOI: u8 = 0xD9;
const SOS: u8 = 0xDA;
const COM: u8 = 0xFE;

/// One piece of a JPEG file between SOI and EOI.
#[derive(Debug)]
enum Piece<'a> {
    /// A marker segment: its marker and payload (after the length field).
    Segment { marker: u8, payload: &'a [u8] },
    /// A marker without payload (RSTn or TEM outside a scan).
    Standalone(u8),
    /// Entropy-coded scan data following an SOS segment.
    Entropy(&'a [u8]),
    /// Stray bytes after a scan has started: they follow a segment where a
    /// marker should (corrupt files). libjpeg skips them up to the next marker.
    Stray(&'a [u8]),
}

/// The walked file: pieces in order and whatever follows EOI.
struct Layout<'a> {
    pieces: Vec<Piece<'a>>,
    trailing: &'a [u8],
}

fn walk(bytes: &[u8]) -> Result<Layout<'_>, MetaError> {
    if !bytes.starts_with(&[0xFF, SOI]) {
        return Err(MetaError::malformed(
            FORMAT,
            "missing start-of-image marker",
        ));
    }
    let mut pieces = Vec::new();
    let mut scans_started = false;
    let mut pos = 2;
    loop {
        // Markers may be preceded by any number of 0xFF fill bytes.
        if pos >= bytes.len() {
            // Truncated after a complete segment or scan: tolerated, EOI is re-added.
            return Ok(Layout {
                pieces,
                trailing: &[],
            });
        }
        if bytes[pos] != 0xFF {
            // Extraneous bytes before a marker (corrupt data that decoders
            // skip with a warning): before any scan, skip to the next 0xFF as
            // libjpeg does.
            // Once scans have started they run up to the next real marker,
            // measured exactly as scan data is (stuffed `FF 00`, restart
            // markers and fill included), so that strip can tell them apart.
            if scans_started {
                let end = scan_end(bytes, pos);
                pieces.push(Piece::Stray(&bytes[pos..end]));
                pos = end;
                continue;
            }
            match memchr::memchr(0xFF, &bytes[pos..]) {
                Some(skip) => {
                    pos += skip;
                }
                None => {
                    return Ok(Layout {
                        pieces,
                        trailing: &[],
                    })
                }
            }
        }
        let marker_start = pos;
        while pos < bytes.len() && bytes[pos] == 0xFF {
            pos += 1;
        }
        let Some(&marker) = bytes.get(pos) else {
            return Ok(Layout {
                pieces,
                trailing: &[],
            });
        };
        pos += 1;
        match marker {
            EOI => {
                return Ok(Layout {
                    pieces,
                    trailing: &bytes[pos..],
                })
            }
            // 0xFF00 is a stuffed byte in corrupt data, not a marker. After a
            // scan it starts stray data like any other (see above).
            0x00 if scans_started => {
                let end = scan_end(bytes, marker_start);
                pieces.push(Piece::Stray(&bytes[marker_start..end]));
                pos = end;
            }
            0x00 => continue,
            0x01 | 0xD0..=0xD7 => pieces.push(Piece::Standalone(marker)),
            // A second SOI before any scan: an EXIF-only file whose "image" is
            // its thumbnail. Stop here; the missing scan is reported clearly.
            SOI => {
                return Ok(Layout {
                    pieces,
                    trailing: &[],
                })
            }
            _ => {
                let len_bytes = bytes
                    .get(pos..pos + 2)
                    .ok_or_else(|| MetaError::malformed(FORMAT, "truncated segment length"))?;
                let len = u16::from_be_bytes([len_bytes[0], len_bytes[1]]) as usize;
                if len < 2 {
                    return Err(MetaError::malformed(FORMAT, "segment length below 2"));
                }
                let payload = bytes.get(pos + 2..pos + len).ok_or_else(|| {
                    MetaError::malformed(
                        FORMAT,
                        format!("segment 0x{marker:02x} runs past the end of the file"),
                    )
                })?;
                pieces.push(Piece::Segment { marker, payload });
                pos += len;
                if marker == SOS {
                    let end = scan_end(bytes, pos);
                    pieces.push(Piece::Entropy(&bytes[pos..end]));
                    scans_started = true;
                    pos = end;
                }
            }
        }
    }
}

/// Where the entropy-coded data starting at `start` ends: at the first marker
/// that is not a stuffed 0x00, a restart marker, or fill.
fn scan_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    // Entropy data is megabytes long and 0xFF is rare in it: jump from one
    // 0xFF to the next (memchr is SIMD) instead of testing every byte.
    while let Some(skip) = memchr::memchr(0xFF, bytes.get(i..).unwrap_or(&[])) {
        i += skip;
        match bytes.get(i + 1) {
            None => break,
            Some(0x00 | 0xD0..=0xD7) => i += 2,
            Some(0xFF) => i += 1,
            Some(_) => return i,
        }
    }
    bytes.len()
}

/// Splits entropy data into its data and the 0xFF fill bytes that preceded
/// the next marker (the walker leaves them at the end of the scan data).
fn split_fill(entropy: &[u8]) -> (&[u8], usize) {
    let fill = entropy.iter().rev().take_while(|&&b| b == 0xFF).count();
    (&entropy[..entropy.len() - fill], fill)
}

/// Segments needed to decode the picture: frame, tables, scans.
fn is_structural(marker: u8) -> bool {
    matches!(marker, 0xC0..=0xCF | 0xDA..=0xDD | 0xDF)
}

/// What an APPn or COM payload is, by its identifier prefix.
#[derive(Debug, PartialEq)]
enum AppKind {
    Jfif,
    Jfxx,
    Exif,
    Xmp,
    ExtendedXmp,
    Icc,
    Mpf,
    Photoshop,
    Adobe,
    Comment,
    Other(String),
}

fn classify(marker: u8, payload: &[u8]) -> AppKind {
    let starts = |prefix: &[u8]| payload.starts_with(prefix);
    match marker {
        0xE0 if starts(b"JFIF\0") => AppKind::Jfif,
        0xE0 if starts(b"JFXX\0") => AppKind::Jfxx,
        0xE1 if starts(b"Exif\0") => AppKind::Exif,
        0xE1 if starts(b"http://ns.adobe.com/xap/1.0/\0") => AppKind::Xmp,
        0xE1 if starts(b"http://ns.adobe.com/xmp/extension/\0") => AppKind::ExtendedXmp,
        0xE2 if starts(b"ICC_PROFILE\0") => AppKind::Icc,
        0xE2 if starts(b"MPF\0") => AppKind::Mpf,
        0xED => AppKind::Photoshop,
        0xEE if starts(b"Adobe") => AppKind::Adobe,
        COM => AppKind::Comment,
        _ => {
            let id: String = payload
                .iter()
                .take_while(|&&b| b != 0 && b.is_ascii_graphic())
                .take(24)
                .map(|&b| b as char)
                .collect();
            AppKind::Other(id)
        }
    }
}

/// The EXIF TIFF payload inside an APP1 Exif segment ("Exif\0\0" then TIFF).
fn exif_tiff(payload: &[u8]) -> &[u8] {
    payload.get(6..).unwrap_or(&[])
}

/// `encoded` (a freshly encoded JPEG) with the ICC profile segments of
/// `source` inserted after its JFIF header, so that a re-encode keeps the
/// colours the original was drawn with.
pub(crate) fn with_icc_from(source: &[u8], encoded: &[u8]) -> Vec<u8> {
    let icc: Vec<&[u8]> = walk(source)
        .map(|layout| {
            layout
                .pieces
                .iter()
                .filter_map(|p| match p {
                    Piece::Segment { marker, payload }
                        if classify(*marker, payload) == AppKind::Icc =>
                    {
                        Some(*payload)
                    }
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    // Right after SOI, or after the APP0 JFIF header that must come first.
    let mut at = 2;
    if encoded.get(2..4) == Some(&[0xFF, 0xE0]) {
        if let Some(len) = encoded.get(4..6) {
            at = (4 + u16::from_be_bytes([len[0], len[1]]) as usize).min(encoded.len());
        }
    }
    let extra: usize = icc.iter().map(|p| p.len() + 4).sum();
    let mut out = Vec::with_capacity(encoded.len() + extra);
    out.extend_from_slice(&encoded[..at.min(encoded.len())]);
    for payload in icc {
        out.extend_from_slice(&[0xFF, 0xE2]);
        out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(payload);
    }
    out.extend_from_slice(&encoded[at.min(encoded.len())..]);
    out
}

/// The ICC profile carried in APP2 segments, reassembled in sequence order.
#[cfg(test)]
pub(crate) fn icc_profile(bytes: &[u8]) -> Option<Vec<u8>> {
    let layout = walk(bytes).ok()?;
    let mut parts: Vec<(u8, &[u8])> = layout
        .pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Segment { marker, payload } if classify(*marker, payload) == AppKind::Icc => {
                let seq = *payload.get(12)?;
                Some((seq, payload.get(14..)?))
            }
            _ => None,
        })
        .collect();
    parts.sort_by_key(|(seq, _)| *seq);
    let profile: Vec<u8> = parts.iter().flat_map(|(_, d)| d.iter().copied()).collect();
    (!profile.is_empty()).then_some(profile)
}

/// Lists every block of a JPEG and what it says.
pub(crate) fn inspect(bytes: &[u8]) -> Result<MetadataReport, MetaError> {
    let layout = walk(bytes)?;
    require_image(&layout)?;
    let mut report = MetadataReport::new(ImageFormat::Jpeg);
    for piece in &layout.pieces {
        let Piece::Segment { marker, payload } = piece else {
            continue;
        };
        let (marker, payload) = (*marker, *payload);
        if is_structural(marker) || !(marker >= 0xE0 || marker == COM) {
            continue;
        }
        let size = payload.len() + 4;
        let app = format!("APP{}", marker.wrapping_sub(0xE0));
        if payload.is_empty() {
            // What strip leaves where it dropped a segment that ended a scan
            // (see `strip`): a marker and no data.
            let name = if marker == COM { "COM".to_owned() } else { app };
            report.block(BlockKind::Structure, format!("{name} (empty)"), size, true);
            continue;
        }
        match classify(marker, payload) {
            AppKind::Jfif => {
                let (tw, th) = (
                    payload.get(12).copied().unwrap_or(0),
                    payload.get(13).copied().unwrap_or(0),
                );
                if tw > 0 && th > 0 {
                    report.block(BlockKind::Thumbnail, "APP0 JFIF thumbnail", size, false);
                    report.finding(
                        FindingKind::Thumbnail,
                        format!("JFIF thumbnail of {tw}×{th} pixels"),
                    );
                } else {
                    report.block(BlockKind::Structure, "APP0 JFIF header", size, true);
                }
            }
            AppKind::Jfxx => {
                report.block(BlockKind::Thumbnail, "APP0 JFXX thumbnail", size, false);
                report.finding(
                    FindingKind::Thumbnail,
                    format!("JFXX extension thumbnail ({} bytes)", payload.len()),
                );
            }
            AppKind::Exif => {
                let o = exif::describe(exif_tiff(payload), "APP1 Exif", &mut report);
                report.orientation = report.orientation.or(o);
                if let Some(b) = report.blocks.last_mut() {
                    b.size = size;
                }
            }
            AppKind::Xmp => {
                let packet = &payload[29..];
                xmp::describe(packet, "APP1 XMP", &mut report);
            }
            AppKind::ExtendedXmp => {
                report.block(BlockKind::Xmp, "APP1 extended XMP", size, false);
                report.finding(
                    FindingKind::Other,
                    "extended XMP part (often a depth map or original photo)",
                );
            }
            AppKind::Icc => report.block(BlockKind::IccProfile, "APP2 ICC profile", size, true),
            AppKind::Mpf => report.block(
                BlockKind::ExtraImage,
                "APP2 MPF (multi-picture index)",
                size,
                false,
            ),
            AppKind::Photoshop => {
                report.block(BlockKind::Iptc, "APP13 Photoshop/IPTC", size, false);
                report.finding(
                    FindingKind::Other,
                    "Photoshop/IPTC block (captions, names, places, keywords)",
                );
            }
            AppKind::Adobe => report.block(
                BlockKind::Structure,
                "APP14 Adobe colour transform",
                size,
                true,
            ),
            AppKind::Comment => {
                report.block(BlockKind::Comment, "COM comment", size, false);
                let text: String = String::from_utf8_lossy(payload)
                    .chars()
                    .filter(|c| !c.is_control())
                    .take(120)
                    .collect();
                report.finding(FindingKind::Comment, format!("comment: {}", text.trim()));
            }
            AppKind::Other(id) => {
                let label = if id.is_empty() {
                    app.clone()
                } else {
                    format!("{app} {id}")
                };
                report.block(BlockKind::Vendor, label.clone(), size, false);
                report.finding(FindingKind::Other, format!("vendor segment {label}"));
            }
        }
    }
    if !layout.trailing.is_empty() {
        let images = count_embedded_jpegs(layout.trailing);
        if images > 0 {
            report.block(
                BlockKind::ExtraImage,
                format!("{images} image(s) after end of image (MPO/preview)"),
                layout.trailing.len(),
                false,
            );
            report.finding(
                FindingKind::Thumbnail,
                format!(
                    "{images} extra image(s) after the picture ({} bytes)",
                    layout.trailing.len()
                ),
            );
        } else if layout.trailing.iter().any(|&b| b != 0) {
            report.block(
                BlockKind::TrailingData,
                "data after end of image",
                layout.trailing.len(),
                false,
            );
        }
    }
    Ok(report)
}

fn count_embedded_jpegs(data: &[u8]) -> usize {
    memchr::memmem::find_iter(data, &[0xFF, SOI, 0xFF]).count()
}

fn require_image(layout: &Layout<'_>) -> Result<(), MetaError> {
    let has_frame = layout.pieces.iter().any(|p| {
        matches!(p, Piece::Segment { marker, .. } if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC))
    });
    let has_scan = layout
        .pieces
        .iter()
        .any(|p| matches!(p, Piece::Segment { marker: SOS, .. }));
    if !has_frame || !has_scan {
        return Err(MetaError::malformed(
            FORMAT,
            "no image data (no frame header or scan): metadata-only or truncated file",
        ));
    }
    Ok(())
}

/// Rebuilds the JPEG with only the segments needed to draw it: frame, tables,
/// scans, the JFIF header (thumbnail dropped), ICC profile and Adobe APP14.
/// Entropy-coded data and stray bytes (corrupt files) are copied byte for
/// byte, so decoders draw the same picture.
///
/// Strip is idempotent: its output walks to exactly the pieces it wrote, so a
/// second strip returns the same bytes (asserted by the `meta_strip` fuzz
/// target). Two rules make that hold on corrupt files, where fuzzing found a
/// file whose fill bytes (`FF FF`), once the segment after them was dropped,
/// fused with the stray bytes that followed into a new marker (`FF 08 …`, a
/// reserved segment) that the next strip dropped:
/// - a segment that ends a scan is never removed, only emptied: its marker
///   stays right after the scan data with no payload, so decoders stop the
///   scan exactly where they did (zune-jpeg, the image crate's decoder,
///   treats an unknown marker there as an error and an APPn as the end of
///   the scan, and draws different pictures for each: `jpg__corrupted.jpg`
///   in the conformance corpus) and the fill keeps its marker;
/// - elsewhere, fill bytes whose segment was dropped are written before the
///   next marker only, never before stray bytes.
pub(crate) fn strip(bytes: &[u8]) -> Result<Vec<u8>, MetaError> {
    let layout = walk(bytes)?;
    require_image(&layout)?;
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&[0xFF, SOI]);
    // Fill bytes after scan or stray data belong to the marker that follows.
    // When strip drops that marker's segment they wait for the next marker.
    let mut pending_fill = 0usize;
    let mut after_scan_data = false;
    let fill_then_marker = |out: &mut Vec<u8>, pending: &mut usize, marker: u8| {
        out.extend(std::iter::repeat_n(0xFF, *pending));
        *pending = 0;
        out.extend_from_slice(&[0xFF, marker]);
    };
    for piece in &layout.pieces {
        let ends_scan = std::mem::replace(&mut after_scan_data, matches!(piece, Piece::Entropy(_)));
        match piece {
            Piece::Segment { marker, payload } => {
                let keep: Option<std::borrow::Cow<'_, [u8]>> = if is_structural(*marker) {
                    Some((*payload).into())
                } else {
                    match classify(*marker, payload) {
                        AppKind::Jfif => Some(jfif_without_thumbnail(payload).into()),
                        AppKind::Icc | AppKind::Adobe => Some((*payload).into()),
                        _ if ends_scan || payload.is_empty() => Some((&[][..]).into()),
                        _ => None,
                    }
                };
                if let Some(payload) = keep {
                    fill_then_marker(&mut out, &mut pending_fill, *marker);
                    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
                    out.extend_from_slice(&payload);
                }
            }
            Piece::Standalone(marker) => fill_then_marker(&mut out, &mut pending_fill, *marker),
            Piece::Entropy(data) | Piece::Stray(data) => {
                // Entropy data follows its (kept) SOS: no fill is pending.
                // Before stray data, fill would fuse with its first byte into
                // a new marker: it is left out.
                let (data, fill) = split_fill(data);
                out.extend_from_slice(data);
                pending_fill = fill;
            }
        }
    }
    fill_then_marker(&mut out, &mut pending_fill, EOI);
    Ok(out)
}

/// The 14-byte JFIF header (version, density) with the thumbnail removed.
fn jfif_without_thumbnail(payload: &[u8]) -> Vec<u8> {
    let mut header = payload.get(..12).unwrap_or(payload).to_vec();
    header.resize(12, 0);
    header.extend_from_slice(&[0, 0]);
    header
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A real 16×8 baseline JPEG made by the image crate, with `extra` segments
    /// (marker, payload) inserted after SOI and `trailer` appended after EOI.
    pub(crate) fn sample_jpeg(extra: &[(u8, Vec<u8>)], trailer: &[u8]) -> Vec<u8> {
        let mut out = sample_jpeg_sized(16, 8, extra);
        out.extend_from_slice(trailer);
        out
    }

    /// A `width`×`height` JPEG with `extra` segments after SOI.
    pub(crate) fn sample_jpeg_sized(width: u32, height: u32, extra: &[(u8, Vec<u8>)]) -> Vec<u8> {
        let img = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x * 15) as u8, (y * 30) as u8, ((x + y) * 7) as u8])
        });
        let mut plain = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 90)
            .encode_image(&img)
            .unwrap();
        let mut out = vec![0xFF, SOI];
        for (marker, payload) in extra {
            out.extend_from_slice(&[0xFF, *marker]);
            out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
            out.extend_from_slice(payload);
        }
        out.extend_from_slice(&plain[2..]);
        out
    }

    fn exif_segment(orientation: u16) -> (u8, Vec<u8>) {
        let mut p = b"Exif\0\0".to_vec();
        p.extend(crate::exif::tests::sample_exif(orientation));
        (0xE1, p)
    }

    #[test]
    fn strips_everything_but_structure_and_icc() {
        let mut icc = b"ICC_PROFILE\0\x01\x01".to_vec();
        icc.extend_from_slice(&[7; 40]);
        let input = sample_jpeg(
            &[
                exif_segment(1),
                (0xE2, icc.clone()),
                (0xED, b"Photoshop 3.0\0stuff".to_vec()),
                (COM, b"patient Jane Roe".to_vec()),
                (0xE5, b"RMETA\0secret".to_vec()),
            ],
            b"\xff\xd8\xff\xe1 second image",
        );
        let before = inspect(&input).unwrap();
        assert!(before
            .findings
            .iter()
            .any(|f| f.kind == FindingKind::GpsPosition));
        assert!(before
            .findings
            .iter()
            .any(|f| f.detail.contains("Jane Roe")));
        assert_eq!(before.removable_blocks().count(), 5, "{:?}", before.blocks);

        let out = strip(&input).unwrap();
        let after = inspect(&out).unwrap();
        assert!(after.is_clean(), "{:?}", after.blocks);
        assert!(after.blocks.iter().any(|b| b.kind == BlockKind::IccProfile));
        assert!(!out.windows(8).any(|w| w == b"Jane Roe"));
        assert_eq!(icc_profile(&out).unwrap(), icc[14..].to_vec());
        // Same pixels: the scan data was copied, not re-encoded.
        let a = image::load_from_memory(&input).unwrap().to_rgb8();
        let b = image::load_from_memory(&out).unwrap().to_rgb8();
        assert_eq!(a, b);
    }

    /// Fuzzing found a corrupt JPEG whose stripped output did not strip again:
    /// fill bytes before a dropped segment fused with stray bytes after it
    /// into a new marker. Strip must give the same clean result twice.
    #[test]
    fn fill_before_a_dropped_segment_does_not_fuse_into_a_new_marker() {
        let clean = sample_jpeg(&[], b"");
        assert_eq!(&clean[clean.len() - 2..], &[0xFF, EOI]);
        let mut corrupt = clean[..clean.len() - 2].to_vec();
        corrupt.extend_from_slice(&[0xFF, 0xFF]); // fill
        corrupt.extend_from_slice(&[0xFF, 0x08, 0x00, 0x04, 0xAB, 0xCD]); // reserved marker: dropped
        corrupt.extend_from_slice(b"\xE1\x00\x10Exif\0\0stray bytes"); // would read as APP1 after FF
        corrupt.extend_from_slice(&[0xFF, EOI]);
        let once = crate::strip(&corrupt).unwrap().bytes;
        let report = crate::inspect(&once).unwrap();
        assert!(report.is_clean(), "{:?}", report.blocks);
        let twice = crate::strip(&once).unwrap().bytes;
        assert_eq!(once, twice);
    }

    /// Stray bytes after a scan (corrupt files) are kept whole, stuffed
    /// `FF 00` and restart markers included, and the APP12 that ended the
    /// scan is emptied, not removed: decoders draw the same picture.
    #[test]
    fn stray_data_after_a_scan_is_kept_and_the_segment_ending_the_scan_emptied() {
        let clean = sample_jpeg(&[], b"");
        let mut corrupt = clean[..clean.len() - 2].to_vec();
        corrupt.extend_from_slice(&[0xFF, 0xEC, 0x00, 0x04, 0xAA, 0xBB]); // APP12 ends the scan
        let stray = [0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD3, 0x78];
        corrupt.extend_from_slice(&stray);
        corrupt.extend_from_slice(&[0xFF, EOI]);
        let once = crate::strip(&corrupt).unwrap().bytes;
        let mut expected = clean[..clean.len() - 2].to_vec();
        expected.extend_from_slice(&[0xFF, 0xEC, 0x00, 0x02]);
        expected.extend_from_slice(&stray);
        expected.extend_from_slice(&[0xFF, EOI]);
        assert_eq!(once, expected);
        let report = crate::inspect(&once).unwrap();
        assert!(report.is_clean(), "{:?}", report.blocks);
        assert!(report.blocks.iter().any(|b| b.location == "APP12 (empty)"));
        assert_eq!(crate::strip(&once).unwrap().bytes, once);
        let shown = |b: &[u8]| image::load_from_memory(b).map(|i| i.to_rgb8()).ok();
        assert_eq!(shown(&corrupt), shown(&once));
    }

    /// The fuzz finding generalised: fill, a segment strip does not keep,
    /// then stray data starting with any byte. Strip's output must strip to
    /// itself (before, `FF` + a stray `08` became a reserved segment that the
    /// second strip dropped, and `FF` + `E1` an APP1 that it refused), and the
    /// picture must stay what the corrupt file showed.
    #[test]
    fn strip_is_idempotent_whatever_stray_byte_follows_a_dropped_segment() {
        let clean = sample_jpeg(&[], b"");
        let shown = |b: &[u8]| image::load_from_memory(b).map(|i| i.to_rgb8()).ok();
        for first in 0..=255u8 {
            for dropped in [0x08, 0xE1, COM] {
                let mut corrupt = clean[..clean.len() - 2].to_vec();
                corrupt.extend_from_slice(&[0xFF, 0xFF, 0xFF, dropped, 0x00, 0x04, 0xAB, 0xCD]);
                corrupt.extend_from_slice(&[first, 0x00, 0x10]);
                corrupt.extend_from_slice(b"Exif\0\0stray bytes\xFF\x00");
                corrupt.extend_from_slice(&[0xFF, EOI]);
                let case = format!("stray 0x{first:02x} after dropped 0x{dropped:02x}");
                let once = crate::strip(&corrupt).unwrap_or_else(|e| panic!("{case}: {e}"));
                let report = crate::inspect(&once.bytes).unwrap();
                assert!(report.is_clean(), "{case}: {:?}", report.blocks);
                let twice = crate::strip(&once.bytes).unwrap_or_else(|e| panic!("{case}: {e}"));
                assert!(twice.bytes == once.bytes, "{case}: second strip changed it");
                assert_eq!(
                    shown(&corrupt),
                    shown(&once.bytes),
                    "{case}: another picture"
                );
            }
        }
    }

    #[test]
    fn jfif_thumbnail_is_removed_header_kept() {
        let mut jfif = b"JFIF\0\x01\x02\x00\x00\x01\x00\x01\x02\x01".to_vec();
        jfif.extend_from_slice(&[9; 6]); // a 2×1 RGB thumbnail
        let input = sample_jpeg(&[(0xE0, jfif)], b"");
        assert!(inspect(&input)
            .unwrap()
            .findings
            .iter()
            .any(|f| f.kind == FindingKind::Thumbnail));
        let out = strip(&input).unwrap();
        let after = inspect(&out).unwrap();
        assert!(after.is_clean(), "{:?}", after.blocks);
        assert!(after
            .blocks
            .iter()
            .any(|b| b.location == "APP0 JFIF header"));
    }

    #[test]
    fn refuses_metadata_only_and_truncated_headers() {
        let only_exif = {
            let (m, p) = exif_segment(1);
            let mut v = vec![0xFF, SOI, 0xFF, m];
            v.extend_from_slice(&((p.len() + 2) as u16).to_be_bytes());
            v.extend(p);
            v.extend_from_slice(&[0xFF, EOI]);
            v
        };
        let err = strip(&only_exif).unwrap_err().to_string();
        assert!(err.contains("no image data"), "{err}");
        let err = strip(&[0xFF, SOI, 0xFF, 0xE1, 0x40, 0x00, 1, 2]).unwrap_err();
        assert!(err.to_string().contains("past the end"), "{err}");
        for cut in 0..64 {
            let input = sample_jpeg(&[exif_segment(6)], b"");
            let _ = strip(&input[..cut.min(input.len())]);
            let _ = inspect(&input[..cut.min(input.len())]);
        }
    }
}
