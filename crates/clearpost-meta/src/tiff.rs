//! TIFF: a bounds-checked IFD reader and a rewriter that keeps only the tags
//! that describe the image structure, copying strip/tile data byte for byte.
//!
//! No crate rewrites TIFF directories without decoding the pixels, so this is
//! our own: read IFDs, keep full-resolution pages with their structural tags,
//! write a fresh file in the same byte order.

use crate::report::{BlockKind, FindingKind, MetadataReport};
use crate::{exif, xmp, ImageFormat, MetaError};

const FORMAT: &str = "TIFF";
/// Guards against IFD loops and absurd files.
const MAX_IFDS: usize = 256;
const MAX_ENTRIES: usize = 4096;

const STRIP_OFFSETS: u16 = 273;
const STRIP_BYTE_COUNTS: u16 = 279;
const TILE_OFFSETS: u16 = 324;
const TILE_BYTE_COUNTS: u16 = 325;
const NEW_SUBFILE_TYPE: u16 = 254;
const ORIENTATION: u16 = 274;
const COMPRESSION: u16 = 259;
const ICC_PROFILE: u16 = 34675;
const XMP: u16 = 700;
const IPTC: u16 = 33723;
const PHOTOSHOP: u16 = 34377;
const EXIF_IFD: u16 = 34665;
const GPS_IFD: u16 = 34853;
const SUB_IFDS: u16 = 330;

/// Tags that say how to draw the image (TIFF 6.0 baseline and extensions).
const STRUCTURAL: &[u16] = &[
    254,
    255,
    256,
    257,
    258,
    259,
    262,
    263,
    264,
    265,
    266,
    273,
    274,
    277,
    278,
    279,
    280,
    281,
    282,
    283,
    284,
    290,
    291,
    292,
    293,
    296,
    301,
    317,
    318,
    319,
    320,
    321,
    322,
    323,
    324,
    325,
    332,
    334,
    336,
    338,
    339,
    340,
    341,
    342,
    347,
    529,
    530,
    531,
    532,
    ICC_PROFILE,
];

/// GeoTIFF tags place the picture on Earth: identifying, like GPS.
const GEOTIFF: &[u16] = &[33550, 33922, 34264, 34735, 34736, 34737];

#[derive(Clone, Copy)]
struct Endian(bool); // true = little-endian

impl Endian {
    fn u16(self, b: &[u8]) -> u16 {
        let a = [b[0], b[1]];
        if self.0 {
            u16::from_le_bytes(a)
        } else {
            u16::from_be_bytes(a)
        }
    }
    fn u32(self, b: &[u8]) -> u32 {
        let a = [b[0], b[1], b[2], b[3]];
        if self.0 {
            u32::from_le_bytes(a)
        } else {
            u32::from_be_bytes(a)
        }
    }
    fn put_u16(self, out: &mut Vec<u8>, v: u16) {
        out.extend_from_slice(&if self.0 {
            v.to_le_bytes()
        } else {
            v.to_be_bytes()
        });
    }
    fn put_u32(self, out: &mut Vec<u8>, v: u32) {
        out.extend_from_slice(&if self.0 {
            v.to_le_bytes()
        } else {
            v.to_be_bytes()
        });
    }
}

/// One directory entry with its value bytes resolved (bounds-checked).
struct Entry<'a> {
    tag: u16,
    typ: u16,
    count: u32,
    value: &'a [u8],
}

struct Ifd<'a> {
    entries: Vec<Entry<'a>>,
}

impl Ifd<'_> {
    fn get(&self, tag: u16) -> Option<&Entry<'_>> {
        self.entries.iter().find(|e| e.tag == tag)
    }
}

fn type_size(typ: u16) -> Option<usize> {
    Some(match typ {
        1 | 2 | 6 | 7 => 1,
        3 | 8 => 2,
        4 | 9 | 11 | 13 => 4,
        5 | 10 | 12 => 8,
        _ => return None,
    })
}

fn err(reason: impl Into<String>) -> MetaError {
    MetaError::malformed(FORMAT, reason)
}

struct Tiff<'a> {
    endian: Endian,
    ifds: Vec<Ifd<'a>>,
}

fn parse(bytes: &[u8]) -> Result<Tiff<'_>, MetaError> {
    let endian = match bytes.get(..4) {
        Some(b"II*\0") => Endian(true),
        Some(b"MM\0*") => Endian(false),
        _ => return Err(err("bad header")),
    };
    let mut offset = endian.u32(bytes.get(4..8).ok_or_else(|| err("truncated header"))?) as usize;
    let mut ifds = Vec::new();
    let mut seen = std::collections::HashSet::new();
    while offset != 0 {
        if ifds.len() >= MAX_IFDS || !seen.insert(offset) {
            break; // a loop or an absurd chain: keep what was read
        }
        let (ifd, next) = read_ifd(bytes, endian, offset)?;
        ifds.push(ifd);
        offset = next;
    }
    if ifds.is_empty() {
        return Err(err("no image directory"));
    }
    Ok(Tiff { endian, ifds })
}

fn read_ifd(bytes: &[u8], e: Endian, offset: usize) -> Result<(Ifd<'_>, usize), MetaError> {
    let count = e.u16(
        bytes
            .get(offset..offset + 2)
            .ok_or_else(|| err("directory offset past the end"))?,
    ) as usize;
    if count > MAX_ENTRIES {
        return Err(err(format!("directory with {count} entries")));
    }
    let table = bytes
        .get(offset + 2..offset + 2 + 12 * count + 4)
        .ok_or_else(|| err("truncated directory"))?;
    let mut entries = Vec::with_capacity(count);
    for raw in table[..12 * count].chunks_exact(12) {
        let tag = e.u16(&raw[0..2]);
        let typ = e.u16(&raw[2..4]);
        let n = e.u32(&raw[4..8]);
        let Some(size) = type_size(typ) else {
            continue; // unknown type: the entry is dropped (never structural)
        };
        let len = size
            .checked_mul(n as usize)
            .ok_or_else(|| err("value size overflow"))?;
        let value = if len <= 4 {
            &raw[8..8 + len]
        } else {
            let at = e.u32(&raw[8..12]) as usize;
            match bytes.get(at..at.saturating_add(len)) {
                Some(v) => v,
                // A value pointing past the end: keep the entry only if optional.
                None if STRUCTURAL.contains(&tag) => {
                    return Err(err(format!("tag {tag} points past the end of the file")))
                }
                None => &[],
            }
        };
        entries.push(Entry {
            tag,
            typ,
            count: n,
            value,
        });
    }
    let next = e.u32(&table[12 * count..]) as usize;
    Ok((Ifd { entries }, next))
}

/// Reads an array of SHORT or LONG values.
fn uints(e: Endian, entry: &Entry<'_>) -> Vec<u32> {
    match entry.typ {
        3 => entry
            .value
            .chunks_exact(2)
            .map(|b| e.u16(b) as u32)
            .collect(),
        4 | 13 => entry.value.chunks_exact(4).map(|b| e.u32(b)).collect(),
        1 => entry.value.iter().map(|&b| b as u32).collect(),
        _ => Vec::new(),
    }
}

/// True for reduced-resolution images (thumbnails, previews).
fn is_reduced(tiff: &Tiff<'_>, ifd: &Ifd<'_>) -> bool {
    ifd.get(NEW_SUBFILE_TYPE)
        .and_then(|e| uints(tiff.endian, e).first().copied())
        .is_some_and(|v| v & 1 != 0)
}

fn tag_name(tag: u16) -> String {
    let name = match tag {
        269 => "DocumentName",
        270 => "ImageDescription",
        271 => "Make",
        272 => "Model",
        285 => "PageName",
        305 => "Software",
        306 => "DateTime",
        315 => "Artist",
        316 => "HostComputer",
        33432 => "Copyright",
        XMP => "XMP",
        IPTC => "IPTC",
        PHOTOSHOP => "Photoshop",
        EXIF_IFD => "ExifIFD",
        GPS_IFD => "GPSInfo",
        SUB_IFDS => "SubIFDs",
        t if GEOTIFF.contains(&t) => "GeoTIFF",
        _ => "",
    };
    if name.is_empty() {
        format!("tag {tag}")
    } else {
        name.to_string()
    }
}

/// Lists, per directory, the tags that are not image structure.
pub(crate) fn inspect(bytes: &[u8]) -> Result<MetadataReport, MetaError> {
    let tiff = parse(bytes)?;
    require_image(&tiff)?;
    let mut report = MetadataReport::new(ImageFormat::Tiff);
    // IFD0 and the Exif/GPS directories read like an EXIF block.
    if let Some(parsed) = exif::parse(bytes) {
        exif::describe_fields(&parsed, "TIFF tags", &mut report);
    }
    for (i, ifd) in tiff.ifds.iter().enumerate() {
        if i > 0 && is_reduced(&tiff, ifd) {
            report.block(
                BlockKind::Thumbnail,
                format!("IFD{i} reduced-resolution image"),
                ifd_data_size(&tiff, ifd),
                false,
            );
            report.finding(
                FindingKind::Thumbnail,
                format!("IFD{i}: embedded preview image"),
            );
            continue;
        }
        if i == 0 {
            report.orientation = ifd
                .get(ORIENTATION)
                .and_then(|e| uints(tiff.endian, e).first().copied())
                .filter(|o| (1..=8).contains(o))
                .map(|o| o as u16);
        }
        let mut other = Vec::new();
        for entry in &ifd.entries {
            let at = format!("IFD{i} {}", tag_name(entry.tag));
            match entry.tag {
                ICC_PROFILE => report.block(BlockKind::IccProfile, at, entry.value.len(), true),
                t if STRUCTURAL.contains(&t) => {}
                XMP => xmp::describe(entry.value, &at, &mut report),
                IPTC | PHOTOSHOP => {
                    report.block(BlockKind::Iptc, at.clone(), entry.value.len(), false);
                    report.finding(FindingKind::Other, format!("{at}: IPTC/Photoshop block"));
                }
                EXIF_IFD | GPS_IFD => {
                    report.block(BlockKind::Exif, at, entry.value.len(), false);
                }
                SUB_IFDS => {
                    report.block(BlockKind::ExtraImage, at.clone(), entry.value.len(), false);
                    report.finding(
                        FindingKind::Thumbnail,
                        format!("{at}: sub-images (previews)"),
                    );
                }
                t if GEOTIFF.contains(&t) => {
                    report.block(BlockKind::Exif, at, entry.value.len(), false);
                    report.finding(FindingKind::GpsPosition, "GeoTIFF map position");
                }
                _ => other.push(entry),
            }
        }
        if !other.is_empty() {
            let names: Vec<String> = other.iter().map(|e| tag_name(e.tag)).collect();
            let size = other.iter().map(|e| 12 + e.value.len()).sum();
            report.block(
                BlockKind::Exif,
                format!("IFD{i} non-image tags ({})", names.join(", ")),
                size,
                false,
            );
        }
    }
    Ok(report)
}

fn ifd_data_size(tiff: &Tiff<'_>, ifd: &Ifd<'_>) -> usize {
    [STRIP_BYTE_COUNTS, TILE_BYTE_COUNTS]
        .iter()
        .filter_map(|&t| ifd.get(t))
        .flat_map(|e| uints(tiff.endian, e))
        .map(|n| n as usize)
        .sum()
}

fn require_image(tiff: &Tiff<'_>) -> Result<(), MetaError> {
    let first = &tiff.ifds[0];
    let has_data = (first.get(STRIP_OFFSETS).is_some() && first.get(STRIP_BYTE_COUNTS).is_some())
        || (first.get(TILE_OFFSETS).is_some() && first.get(TILE_BYTE_COUNTS).is_some());
    if !has_data || first.get(256).is_none() || first.get(257).is_none() {
        return Err(err(
            "no image data (EXIF-only or incomplete first directory)",
        ));
    }
    if first
        .get(COMPRESSION)
        .and_then(|e| uints(tiff.endian, e).first().copied())
        == Some(6)
    {
        return Err(MetaError::unsupported(
            FORMAT,
            "old-style JPEG compression (6)",
        ));
    }
    Ok(())
}

/// Writes a new TIFF with the full-resolution pages and their structural tags.
pub(crate) fn strip(bytes: &[u8]) -> Result<Vec<u8>, MetaError> {
    let tiff = parse(bytes)?;
    require_image(&tiff)?;
    let e = tiff.endian;
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..4]);
    let mut next_pointer_at = 4;
    e.put_u32(&mut out, 0);
    for (i, ifd) in tiff.ifds.iter().enumerate() {
        if i > 0 && is_reduced(&tiff, ifd) {
            continue;
        }
        if i > 0 && ifd.get(STRIP_OFFSETS).is_none() && ifd.get(TILE_OFFSETS).is_none() {
            continue; // not a page
        }
        let mut kept: Vec<&Entry<'_>> = ifd
            .entries
            .iter()
            .filter(|en| STRUCTURAL.contains(&en.tag))
            .collect();
        kept.sort_by_key(|en| en.tag);
        kept.dedup_by_key(|en| en.tag);
        // Copy the image data first, remembering new offsets.
        let mut new_offsets: Vec<(u16, Vec<u32>)> = Vec::new();
        for (offsets_tag, counts_tag) in [
            (STRIP_OFFSETS, STRIP_BYTE_COUNTS),
            (TILE_OFFSETS, TILE_BYTE_COUNTS),
        ] {
            let (Some(offs), Some(counts)) = (ifd.get(offsets_tag), ifd.get(counts_tag)) else {
                continue;
            };
            let (offs, counts) = (uints(e, offs), uints(e, counts));
            if offs.len() != counts.len() {
                return Err(err("strip/tile offsets and byte counts differ in number"));
            }
            let mut placed = Vec::with_capacity(offs.len());
            for (&o, &n) in offs.iter().zip(&counts) {
                let data = bytes
                    .get(o as usize..(o as usize).saturating_add(n as usize))
                    .ok_or_else(|| err("image data past the end of the file"))?;
                if out.len() % 2 == 1 {
                    out.push(0);
                }
                placed.push(u32::try_from(out.len()).map_err(|_| err("file over 4 GiB"))?);
                out.extend_from_slice(data);
            }
            new_offsets.push((offsets_tag, placed));
        }
        // Out-of-line values, then the directory itself.
        let mut table: Vec<(u16, u16, u32, [u8; 4])> = Vec::with_capacity(kept.len());
        for entry in &kept {
            let (typ, count, value): (u16, u32, std::borrow::Cow<'_, [u8]>) =
                match new_offsets.iter().find(|(t, _)| *t == entry.tag) {
                    Some((_, offs)) => {
                        let mut v = Vec::with_capacity(offs.len() * 4);
                        offs.iter().for_each(|&o| e.put_u32(&mut v, o));
                        (4, offs.len() as u32, v.into())
                    }
                    None => (entry.typ, entry.count, entry.value.into()),
                };
            let mut field = [0u8; 4];
            if value.len() <= 4 {
                field[..value.len()].copy_from_slice(&value);
            } else {
                if out.len() % 2 == 1 {
                    out.push(0);
                }
                let at = u32::try_from(out.len()).map_err(|_| err("file over 4 GiB"))?;
                let mut v = Vec::new();
                e.put_u32(&mut v, at);
                field.copy_from_slice(&v);
                out.extend_from_slice(&value);
            }
            table.push((entry.tag, typ, count, field));
        }
        if out.len() % 2 == 1 {
            out.push(0);
        }
        let ifd_at = u32::try_from(out.len()).map_err(|_| err("file over 4 GiB"))?;
        let mut pointer = Vec::new();
        e.put_u32(&mut pointer, ifd_at);
        out[next_pointer_at..next_pointer_at + 4].copy_from_slice(&pointer);
        e.put_u16(&mut out, table.len() as u16);
        for (tag, typ, count, field) in table {
            e.put_u16(&mut out, tag);
            e.put_u16(&mut out, typ);
            e.put_u32(&mut out, count);
            out.extend_from_slice(&field);
        }
        next_pointer_at = out.len();
        e.put_u32(&mut out, 0);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A little TIFF written by the image crate, with Make/Software/Artist added
    /// by rewriting through our own reader (tags appended to IFD0).
    fn sample_tiff() -> Vec<u8> {
        let img =
            image::RgbImage::from_fn(7, 5, |x, y| image::Rgb([x as u8 * 30, y as u8 * 40, 3]));
        let mut plain = Vec::new();
        img.write_to(
            &mut std::io::Cursor::new(&mut plain),
            image::ImageFormat::Tiff,
        )
        .unwrap();
        add_tags(
            &plain,
            &[(271, b"Acme\0"), (315, b"Jane Roe\0"), (305, b"Editor 9\0")],
        )
    }

    /// Appends a copy of IFD0 with extra ASCII tags at the end of the file.
    fn add_tags(plain: &[u8], extra: &[(u16, &[u8])]) -> Vec<u8> {
        let tiff = parse(plain).unwrap();
        let e = tiff.endian;
        let mut out = plain.to_vec();
        let mut entries: Vec<(u16, u16, u32, Vec<u8>)> = tiff.ifds[0]
            .entries
            .iter()
            .map(|en| (en.tag, en.typ, en.count, en.value.to_vec()))
            .collect();
        for (tag, text) in extra {
            entries.push((*tag, 2, text.len() as u32, text.to_vec()));
        }
        entries.sort_by_key(|en| en.0);
        let mut fields = Vec::new();
        for (_, _, _, value) in &entries {
            let mut field = [0u8; 4];
            if value.len() <= 4 {
                field[..value.len()].copy_from_slice(value);
            } else {
                if out.len() % 2 == 1 {
                    out.push(0);
                }
                let mut v = Vec::new();
                e.put_u32(&mut v, out.len() as u32);
                field.copy_from_slice(&v);
                out.extend_from_slice(value);
            }
            fields.push(field);
        }
        if out.len() % 2 == 1 {
            out.push(0);
        }
        let at = out.len() as u32;
        e.put_u16(&mut out, entries.len() as u16);
        for ((tag, typ, count, _), field) in entries.iter().zip(fields) {
            e.put_u16(&mut out, *tag);
            e.put_u16(&mut out, *typ);
            e.put_u32(&mut out, *count);
            out.extend_from_slice(&field);
        }
        e.put_u32(&mut out, 0);
        let mut v = Vec::new();
        e.put_u32(&mut v, at);
        out[4..8].copy_from_slice(&v);
        out
    }

    #[test]
    fn removes_non_structural_tags_keeps_pixels() {
        let input = sample_tiff();
        let before = inspect(&input).unwrap();
        assert!(
            before
                .findings
                .iter()
                .any(|f| f.detail == "artist: Jane Roe"),
            "{:?}",
            before.findings
        );
        assert!(!before.is_clean());
        let out = strip(&input).unwrap();
        let after = inspect(&out).unwrap();
        assert!(after.is_clean(), "{:?}", after.blocks);
        assert!(!out.windows(8).any(|w| w == b"Jane Roe"));
        let a = image::load_from_memory(&input).unwrap().to_rgb8();
        let b = image::load_from_memory(&out).unwrap().to_rgb8();
        assert_eq!(a, b);
    }

    #[test]
    fn refuses_exif_only_and_survives_truncation() {
        let exif = crate::exif::tests::sample_exif(1);
        let err = strip(&exif).unwrap_err().to_string();
        assert!(err.contains("no image data"), "{err}");
        let input = sample_tiff();
        for cut in (0..input.len()).step_by(7) {
            let _ = strip(&input[..cut]);
            let _ = inspect(&input[..cut]);
        }
    }
}
